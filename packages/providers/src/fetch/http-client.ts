import { type Logger, seededRandom, silentLogger } from '@jobintel/runner-core';
import { Agent, type Dispatcher } from 'undici';
import type { PageRequest } from '../adapters/types.js';
import type { AttemptRecord, AvailabilityReason } from '../availability.js';
import type { Politeness } from '../board-config.js';
import { type BlockDetection, detectBlockPage } from '../detect.js';
import { hostAllowed } from './allowlist.js';
import { parseRetryAfter, retryDelay } from './backoff.js';
import { type BreakerStateStore, CircuitBreaker, memoryBreakerStore } from './breaker.js';
import { type Clock, systemClock } from './clock.js';
import { HostSlots } from './host-slots.js';
import {
  DEFAULT_POLITENESS,
  type FetcherOptions,
  type FetcherOptionsInput,
  parseFetcherOptions,
} from './options.js';
import { HostRateLimiter } from './rate-limiter.js';
import { RobotsCache } from './robots.js';
import { type Once, sendOnce } from './send-once.js';

export interface HttpRequest extends PageRequest {
  /** Validators of the stored copy, for a conditional request. */
  etag?: string | null;
  lastModified?: string | null;
  /** The board's politeness overrides (applied over the fetcher's and the host's). */
  politeness?: Politeness;
}

interface Common {
  /** Final URL (after redirects). */
  url: string;
  status: number | null;
  headers: Record<string, string>;
  attempts: AttemptRecord[];
}
export interface HttpSuccess extends Common {
  ok: true;
  status: number;
  body: Buffer;
  /** 304: the stored copy is current; `body` is empty. */
  notModified: boolean;
  /** The reason of the last failed attempt when retries were needed, else null. */
  recoveredFrom: AvailabilityReason | null;
}
export interface HttpFailure extends Common {
  ok: false;
  reason: AvailabilityReason;
  detail: string;
  /** The body of the failing response when there was one (stored as a snapshot for diagnosis). */
  body: Buffer | null;
  block: BlockDetection | null;
}
export type HttpResult = HttpSuccess | HttpFailure;

export interface FetcherDeps {
  clock?: Clock;
  /** Random source for jitter; seeded by default so runs are reproducible. */
  random?: () => number;
  logger?: Logger;
  breakerStore?: BreakerStateStore;
  /** undici dispatcher to use instead of the fetcher's own agents (e.g. a proxy agent). */
  dispatcher?: Dispatcher;
}

const HOST_FAILURES = new Set<string>(['timeout', 'network', 'rate_limited', 'blocked', 'challenge']);

/**
 * The polite HTTP client: allowlist (re-checked on every redirect, which are followed by hand),
 * circuit breaker per host, robots.txt with the same User-Agent, per-host concurrency cap and token
 * bucket with jitter, retries on 429 / 5xx / network errors / timeouts with capped exponential
 * backoff and full jitter honouring Retry-After, connect / header / body timeouts, a size cap, and
 * conditional requests. It never throws for HTTP or network trouble: it returns an `HttpFailure`.
 */
export class PoliteFetcher {
  readonly options: FetcherOptions;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger: Logger;
  private readonly limiter: HostRateLimiter;
  private readonly slots = new HostSlots();
  readonly breaker: CircuitBreaker;
  private readonly robots: RobotsCache;
  private readonly agents = new Map<number, Agent>();
  private readonly dispatcher: Dispatcher | undefined;

  constructor(options: FetcherOptionsInput, deps: FetcherDeps = {}) {
    this.options = parseFetcherOptions(options);
    this.clock = deps.clock ?? systemClock;
    this.random = deps.random ?? seededRandom(0x5eed);
    this.logger = deps.logger ?? silentLogger;
    this.limiter = new HostRateLimiter(this.clock, this.random);
    this.breaker = new CircuitBreaker(
      deps.breakerStore ?? memoryBreakerStore(),
      this.options.breaker,
      this.clock,
    );
    this.dispatcher = deps.dispatcher;
    this.robots = new RobotsCache(
      (u) => this.fetchRobots(u),
      this.options.userAgent,
      this.options.robotsTtlMs,
      () => this.clock.now(),
    );
  }

  /** Effective politeness for a host: defaults, fetcher-wide, per-host, then the board's overrides. */
  settingsFor(host: string, board?: Politeness): Required<Politeness> {
    return {
      ...DEFAULT_POLITENESS,
      ...this.options.politeness,
      ...this.options.hostPoliteness[host],
      ...board,
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.close()));
    this.agents.clear();
  }

  async fetch(req: HttpRequest, signal?: AbortSignal): Promise<HttpResult> {
    const attempts: AttemptRecord[] = [];
    const started = this.clock.now();
    let current = req;
    let recoveredFrom: AvailabilityReason | null = null;
    for (let hop = 0; hop <= this.options.maxRedirects; hop++) {
      const target = safeUrl(current.url);
      const fail = (reason: AvailabilityReason, detail: string): HttpFailure => ({
        ok: false,
        reason,
        detail,
        url: current.url,
        status: null,
        headers: {},
        attempts,
        body: null,
        block: null,
      });
      if (!target || (target.protocol !== 'http:' && target.protocol !== 'https:')) {
        return fail('not_allowed', `not an http(s) URL: ${current.url}`);
      }
      if (!hostAllowed(target.hostname, this.options.allowHosts)) {
        return fail(
          'not_allowed',
          `${hop > 0 ? 'redirect to ' : ''}host ${target.hostname} is not on the allowlist`,
        );
      }
      const host = target.host;
      if (!(await this.breaker.allow(host))) {
        const s = await this.breaker.state(host);
        return fail('circuit_open', `circuit for ${host} is open after ${s.failures} consecutive failures`);
      }
      if (this.options.respectRobots) {
        const denied = await this.robots.check(target);
        if (denied) {
          await this.breaker.success(host);
          return fail('robots_denied', denied);
        }
      }
      const result = await this.withRetries(current, target, attempts, started, signal);
      if (result.ok && result.redirect) {
        await this.breaker.success(host);
        recoveredFrom = result.recoveredFrom ?? recoveredFrom;
        current = redirected(current, result.status, new URL(result.redirect, target).toString());
        continue;
      }
      if (!result.ok) {
        if (HOST_FAILURES.has(result.failure.reason) || result.failure.reason.startsWith('http_5'))
          await this.breaker.failure(host);
        else await this.breaker.success(host);
        return { ...result.failure, attempts };
      }
      await this.breaker.success(host);
      return {
        ok: true,
        url: current.url,
        status: result.status,
        headers: result.headers,
        body: result.body,
        notModified: result.status === 304,
        recoveredFrom: result.recoveredFrom ?? recoveredFrom,
        attempts,
      };
    }
    return {
      ok: false,
      reason: 'too_many_redirects',
      detail: `more than ${this.options.maxRedirects} redirects`,
      url: current.url,
      status: null,
      headers: {},
      attempts,
      body: null,
      block: null,
    };
  }

  private async withRetries(
    req: HttpRequest,
    target: URL,
    attempts: AttemptRecord[],
    started: number,
    signal: AbortSignal | undefined,
  ): Promise<
    | {
        ok: true;
        redirect: string | null;
        status: number;
        headers: Record<string, string>;
        body: Buffer;
        recoveredFrom: AvailabilityReason | null;
      }
    | { ok: false; failure: HttpFailure }
  > {
    const host = target.host;
    const s = this.settingsFor(host, req.politeness);
    let lastReason: AvailabilityReason | null = null;
    let backoffWait = 0;
    for (let attempt = 1; ; attempt++) {
      const release = await this.slots.acquire(host, s.maxConcurrency);
      let once: Once;
      const waitStart = this.clock.now();
      let t0 = waitStart;
      try {
        await this.limiter.acquire(host, s, signal);
        t0 = this.clock.now();
        once = await sendOnce(req, s, {
          userAgent: this.options.userAgent,
          dispatcher: this.agentFor(s.connectTimeoutMs),
          signal,
        });
      } finally {
        release();
      }
      const record: AttemptRecord = {
        url: req.url,
        startedMs: t0 - started,
        durationMs: this.clock.now() - t0,
        status: once.kind === 'response' ? once.status : once.status,
        reason: null,
        bytes: once.kind === 'response' ? once.body.length : once.bytes,
        waitMs: t0 - waitStart + backoffWait,
      };
      attempts.push(record);

      let reason: AvailabilityReason | null = null;
      let detail = '';
      let retryAfter: number | null = null;
      let block: BlockDetection | null = null;
      if (once.kind === 'error') {
        reason = once.reason;
        detail = once.detail;
      } else {
        block = detectBlockPage({
          status: once.status,
          headers: once.headers,
          body: once.body.toString('utf8'),
        });
        if (block) {
          reason = block.kind === 'block' ? 'blocked' : 'challenge';
          detail = `${block.kind} page${block.vendor ? ` (${block.vendor})` : ''}: ${block.evidence.join(', ')}`;
        } else if (once.status === 429) {
          reason = 'rate_limited';
          detail = 'HTTP 429';
          retryAfter = parseRetryAfter(once.headers['retry-after'], this.clock.now());
        } else if (once.status >= 500) {
          reason = `http_${once.status}`;
          detail = `HTTP ${once.status}`;
          retryAfter = parseRetryAfter(once.headers['retry-after'], this.clock.now());
        } else if (once.status >= 300 && once.status < 400 && once.status !== 304) {
          const location = once.headers.location;
          if (location) {
            return {
              ok: true,
              redirect: location,
              status: once.status,
              headers: once.headers,
              body: once.body,
              recoveredFrom: lastReason,
            };
          }
          reason = `http_${once.status}`;
          detail = `HTTP ${once.status} without Location`;
        } else if (once.status >= 400) {
          reason = `http_${once.status}`;
          detail = `HTTP ${once.status}`;
        }
      }
      if (!reason) {
        return {
          ok: true,
          redirect: null,
          status: once.kind === 'response' ? once.status : 200,
          headers: once.kind === 'response' ? once.headers : {},
          body: once.kind === 'response' ? once.body : Buffer.alloc(0),
          recoveredFrom: lastReason,
        };
      }
      record.reason = reason;
      lastReason = reason;
      this.logger.debug({ url: req.url, attempt, reason, status: record.status }, 'fetch attempt failed');
      const retryable =
        reason === 'timeout' ||
        reason === 'network' ||
        reason === 'rate_limited' ||
        reason.startsWith('http_5');
      const giveUp = !retryable || attempt > s.retries || block !== null;
      const tooLong = retryAfter !== null && retryAfter > this.options.maxRetryAfterMs;
      if (giveUp || tooLong) {
        return {
          ok: false,
          failure: {
            ok: false,
            reason,
            detail: tooLong ? `${detail}; Retry-After ${retryAfter} ms exceeds the cap` : detail,
            url: req.url,
            status: record.status,
            headers: once.kind === 'response' ? once.headers : {},
            attempts,
            body: once.kind === 'response' ? once.body : null,
            block,
          },
        };
      }
      backoffWait = retryDelay(
        attempt,
        { baseMs: s.backoffBaseMs, capMs: s.backoffCapMs },
        this.random,
        retryAfter,
      );
      await this.clock.sleep(backoffWait, signal);
    }
  }

  private agentFor(connectTimeoutMs: number): Dispatcher {
    if (this.dispatcher) return this.dispatcher;
    let agent = this.agents.get(connectTimeoutMs);
    if (!agent) {
      agent = new Agent({ connect: { timeout: connectTimeoutMs }, keepAliveTimeout: 4_000 });
      this.agents.set(connectTimeoutMs, agent);
    }
    return agent;
  }

  private async fetchRobots(url: string): Promise<{ status: number; body: string }> {
    const host = new URL(url).host;
    const s = this.settingsFor(host);
    await this.limiter.acquire(host, s);
    const once = await sendOnce(
      { method: 'GET', url, headers: { accept: 'text/plain, */*;q=0.5' } },
      { ...s, maxBytes: Math.min(s.maxBytes, 512 * 1024) },
      { userAgent: this.options.userAgent, dispatcher: this.agentFor(s.connectTimeoutMs) },
    );
    if (once.kind === 'error') throw new Error(`${once.reason}: ${once.detail}`);
    // a redirected robots.txt is treated as absent (no restrictions)
    return {
      status: once.status >= 300 && once.status < 400 ? 404 : once.status,
      body: once.body.toString('utf8'),
    };
  }
}

function safeUrl(u: string): URL | null {
  try {
    return new URL(u);
  } catch {
    return null;
  }
}

function redirected(req: HttpRequest, status: number, location: string): HttpRequest {
  // 303 (and 301/302 after a POST, as browsers do) continue as GET without a body
  if (status === 303 || ((status === 301 || status === 302) && req.method === 'POST')) {
    const { body: _body, ...rest } = req;
    return { ...rest, method: 'GET', url: location, etag: null, lastModified: null };
  }
  return { ...req, url: location, etag: null, lastModified: null };
}
