import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '@jobintel/runner-core';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay } from '../src/fetch/backoff.js';
import { HostSlots } from '../src/fetch/host-slots.js';
import { HostRateLimiter } from '../src/fetch/rate-limiter.js';
import { CircuitBreaker, hostAllowed, jsonFileBreakerStore, memoryBreakerStore } from '../src/index.js';
import { fakeClock } from './fake-clock.js';

describe('token bucket per host', () => {
  it('allows the burst, then spaces requests at the rate, per host', () => {
    const clock = fakeClock();
    const limiter = new HostRateLimiter(clock, () => 0);
    const s = { ratePerSec: 2, burst: 2, jitterMs: 0 };
    const waits = Array.from({ length: 6 }, () => limiter.reserve('a.example', s));
    expect(waits).toEqual([0, 0, 500, 1000, 1500, 2000]);
    expect(limiter.reserve('b.example', s)).toBe(0);
  });

  it('never exceeds burst + rate * t in any window, jitter only delays', async () => {
    const clock = fakeClock();
    const limiter = new HostRateLimiter(clock, seededRandom(3));
    const s = { ratePerSec: 5, burst: 3, jitterMs: 150 };
    const sends: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        const wait = limiter.reserve('h', s);
        sends.push(clock.now() + wait);
      }),
    );
    sends.sort((a, b) => a - b);
    for (let i = 0; i < sends.length; i++) {
      for (let j = i; j < sends.length; j++) {
        const window = (sends[j]! - sends[i]!) / 1000;
        expect(j - i + 1).toBeLessThanOrEqual(s.burst + Math.ceil(s.ratePerSec * window) + 1);
      }
    }
    // jitter is random, not constant
    expect(new Set(sends.map((t, i) => t - (i < 3 ? 0 : ((i - 2) / 5) * 1000))).size).toBeGreaterThan(5);
  });
});

describe('backoff', () => {
  it('is capped exponential with full jitter, and honours Retry-After', () => {
    const r = seededRandom(1);
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelay(n, { baseMs: 100, capMs: 1000 }, r, null));
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(Math.min(1000, 100 * 2 ** i));
    });
    expect(retryDelay(1, { baseMs: 100, capMs: 1000 }, () => 0.5, 5000)).toBe(5000);
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(10_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });
});

describe('per-host concurrency', () => {
  it('caps requests in flight and hands slots over in order', async () => {
    const slots = new HostSlots();
    const a = await slots.acquire('h', 2);
    const b = await slots.acquire('h', 2);
    const order: number[] = [];
    const c = slots.acquire('h', 2).then((rel) => {
      order.push(3);
      return rel;
    });
    const d = slots.acquire('h', 2).then((rel) => {
      order.push(4);
      return rel;
    });
    expect(slots.inFlight('h')).toBe(2);
    a();
    (await c)();
    b();
    (await d)();
    expect(order).toEqual([3, 4]);
    expect(slots.inFlight('h')).toBe(0);
  });
});

describe('circuit breaker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jobintel-breaker-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens after N failures, cools down, lets one half-open trial through', async () => {
    const clock = fakeClock();
    const b = new CircuitBreaker(memoryBreakerStore(), { threshold: 3, cooldownMs: 60_000 }, clock);
    for (let i = 0; i < 2; i++) await b.failure('h');
    expect(await b.allow('h')).toBe(true);
    await b.failure('h');
    expect(await b.allow('h')).toBe(false);
    clock.advance(60_000);
    expect(await b.allow('h')).toBe(true);
    expect(await b.allow('h')).toBe(false);
    await b.failure('h');
    expect((await b.state('h')).state).toBe('open');
    clock.advance(60_000);
    expect(await b.allow('h')).toBe(true);
    await b.success('h');
    expect(await b.state('h')).toEqual({ state: 'closed', failures: 0, openedAt: null });
  });

  it('keeps its state between runs in a JSON file', async () => {
    const clock = fakeClock();
    const path = join(dir, 'breakers.json');
    const first = new CircuitBreaker(jsonFileBreakerStore(path), { threshold: 1, cooldownMs: 60_000 }, clock);
    await first.failure('api.example:443');
    expect(JSON.parse(readFileSync(path, 'utf8'))['api.example:443'].state).toBe('open');
    const second = new CircuitBreaker(
      jsonFileBreakerStore(path),
      { threshold: 1, cooldownMs: 60_000 },
      clock,
    );
    expect(await second.allow('api.example:443')).toBe(false);
  });
});

describe('allowlist', () => {
  it('matches exact hosts and subdomain wildcards', () => {
    const list = ['api.lever.co', '*.recruitee.com'];
    expect(hostAllowed('API.lever.co', list)).toBe(true);
    expect(hostAllowed('acme.recruitee.com', list)).toBe(true);
    expect(hostAllowed('recruitee.com', list)).toBe(false);
    expect(hostAllowed('evilrecruitee.com', list)).toBe(false);
    expect(hostAllowed('api.lever.co.evil.com', list)).toBe(false);
  });
});
