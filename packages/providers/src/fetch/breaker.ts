import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock } from './clock.js';

export interface BreakerState {
  state: 'closed' | 'open' | 'half_open';
  /** Consecutive failed requests. */
  failures: number;
  /** When the circuit last opened (epoch ms), or null. */
  openedAt: number | null;
}

/** Where breaker state lives between runs: implement it over any store (a file, the registry DB). */
export interface BreakerStateStore {
  load(): Promise<Record<string, BreakerState>>;
  save(states: Record<string, BreakerState>): Promise<void>;
}

export function memoryBreakerStore(initial: Record<string, BreakerState> = {}): BreakerStateStore {
  let states = structuredClone(initial);
  return {
    load: async () => structuredClone(states),
    save: async (next) => {
      states = structuredClone(next);
    },
  };
}

/** Breaker state in one JSON file, replaced atomically (temp file + rename). Unreadable file = fresh state. */
export function jsonFileBreakerStore(path: string): BreakerStateStore {
  return {
    async load() {
      try {
        const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
        return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, BreakerState>) : {};
      } catch {
        return {};
      }
    },
    async save(states) {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
      const sorted = Object.fromEntries(
        Object.keys(states)
          .sort()
          .map((k) => [k, states[k]]),
      );
      await writeFile(tmp, `${JSON.stringify(sorted, null, 2)}\n`);
      await rename(tmp, path);
    },
  };
}

export interface BreakerSettings {
  /** Consecutive failed requests that open the circuit. */
  threshold: number;
  /** How long an open circuit rejects requests before one half-open trial. */
  cooldownMs: number;
}

/**
 * A circuit breaker per host. Closed: requests pass; `threshold` consecutive failures open it. Open:
 * requests are refused until `cooldownMs` has passed, then one trial request is let through
 * (half-open); its success closes the circuit, its failure opens it again.
 */
export class CircuitBreaker {
  private states: Record<string, BreakerState> | null = null;
  private readonly trialInFlight = new Set<string>();
  private readonly store: BreakerStateStore;
  private readonly settings: BreakerSettings;
  private readonly clock: Clock;

  constructor(store: BreakerStateStore, settings: BreakerSettings, clock: Clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  private async all(): Promise<Record<string, BreakerState>> {
    this.states ??= await this.store.load();
    return this.states;
  }

  async state(host: string): Promise<BreakerState> {
    return (await this.all())[host] ?? { state: 'closed', failures: 0, openedAt: null };
  }

  /** May a request to `host` go now? Moves an open circuit past its cool-down to half-open. */
  async allow(host: string): Promise<boolean> {
    const states = await this.all();
    const s = states[host];
    if (!s || s.state === 'closed') return true;
    if (s.state === 'open') {
      if (this.clock.now() - (s.openedAt ?? 0) < this.settings.cooldownMs) return false;
      states[host] = { ...s, state: 'half_open' };
      await this.store.save(states);
    }
    if (this.trialInFlight.has(host)) return false;
    this.trialInFlight.add(host);
    return true;
  }

  async success(host: string): Promise<void> {
    const states = await this.all();
    this.trialInFlight.delete(host);
    const s = states[host];
    if (s && (s.state !== 'closed' || s.failures !== 0)) {
      states[host] = { state: 'closed', failures: 0, openedAt: null };
      await this.store.save(states);
    }
  }

  async failure(host: string): Promise<void> {
    const states = await this.all();
    this.trialInFlight.delete(host);
    const s = states[host] ?? { state: 'closed', failures: 0, openedAt: null };
    const failures = s.failures + 1;
    const open = s.state === 'half_open' || failures >= this.settings.threshold;
    states[host] = open ? { state: 'open', failures, openedAt: this.clock.now() } : { ...s, failures };
    await this.store.save(states);
  }
}
