import { TokenTrackerError, TokenTrackerErrorCode } from './errors.js';
import type { Nanos } from './money.js';
import type {
  BudgetCounter,
  BudgetLine,
  BudgetStorage,
  ReservationRecord,
  ReserveOutcome,
} from './storage.js';

interface Open extends ReservationRecord {
  expiresMs: number;
  expired: boolean;
}

/**
 * A `BudgetStorage` in process memory. Each method runs synchronously to completion inside its
 * promise, so JavaScript's single thread makes it atomic. Counters are lost with the process; use
 * the store package's storage to keep them across runs.
 */
export function createMemoryBudgetStorage(): BudgetStorage {
  const spent = new Map<string, Nanos>();
  const reserved = new Map<string, Nanos>();
  const open = new Map<string, Open>();
  const alerts = new Set<string>();

  const add = (map: Map<string, Nanos>, key: string, n: Nanos) => map.set(key, (map.get(key) ?? 0) + n);
  const counter = (key: string): BudgetCounter => ({
    key,
    spentNanos: spent.get(key) ?? 0,
    reservedNanos: reserved.get(key) ?? 0,
  });
  // Expired reservations stop holding budget but stay known, so a late settle still records spend.
  const sweep = (now: Date) => {
    const t = now.getTime();
    for (const r of open.values()) {
      if (r.expired || r.expiresMs > t) continue;
      r.expired = true;
      for (const l of r.lines) add(reserved, l.key, -r.amountNanos);
    }
  };

  return {
    async reserve(r: ReservationRecord, now: Date): Promise<ReserveOutcome> {
      sweep(now);
      if (open.has(r.id)) {
        throw new TokenTrackerError(
          TokenTrackerErrorCode.DuplicateReservation,
          `reservation id "${r.id}" is already in use`,
        );
      }
      const blocked = r.lines
        .filter((l: BudgetLine) => {
          const c = counter(l.key);
          return l.enforce && c.spentNanos + c.reservedNanos + r.amountNanos > l.limitNanos;
        })
        .map((l) => l.key);
      if (blocked.length > 0) return { ok: false, counters: r.lines.map((l) => counter(l.key)), blocked };
      const expiresMs = Date.parse(r.expiresAt);
      const expired = expiresMs <= now.getTime();
      open.set(r.id, { ...r, lines: [...r.lines], expiresMs, expired });
      if (!expired) for (const l of r.lines) add(reserved, l.key, r.amountNanos);
      return { ok: true, counters: r.lines.map((l) => counter(l.key)) };
    },
    async settle(id, actualNanos, now) {
      sweep(now);
      const r = open.get(id);
      if (!r) return null;
      open.delete(id);
      for (const l of r.lines) {
        if (!r.expired) add(reserved, l.key, -r.amountNanos);
        add(spent, l.key, actualNanos);
      }
      return r.lines.map((l) => counter(l.key));
    },
    async release(id, now) {
      sweep(now);
      const r = open.get(id);
      if (!r) return false;
      open.delete(id);
      if (!r.expired) for (const l of r.lines) add(reserved, l.key, -r.amountNanos);
      return true;
    },
    async record(lines, amountNanos, now) {
      sweep(now);
      for (const l of lines) add(spent, l.key, amountNanos);
      return lines.map((l) => counter(l.key));
    },
    async counters(keys, now) {
      sweep(now);
      return keys.map(counter);
    },
    async claimAlert(key, thresholdPercent) {
      const k = `${key}#${thresholdPercent}`;
      if (alerts.has(k)) return false;
      alerts.add(k);
      return true;
    },
  };
}
