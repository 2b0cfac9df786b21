import { seededRandom } from '@jobintel/runner-core';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay } from './retry-after.js';

const now = Date.parse('2026-03-02T10:00:00Z');
const backoff = { baseMs: 500, capMs: 30_000, jitter: 0.5 };

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter(['7'], now)).toBe(7000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
  });

  it('never retries earlier than the server asked, and jitters upward within baseMs', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 50; i++) {
      const delay = retryDelay(1, 2000, backoff, random);
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(2250);
    }
    // a server that asks for more than capMs still gets what it asked for (the client caps separately)
    expect(retryDelay(1, 45_000, backoff, seededRandom(1))).toBe(45_000);
  });

  it('backs off exponentially without Retry-After, reproducibly for a seed', () => {
    const a = [1, 2, 3, 4].map((n) => retryDelay(n, undefined, backoff, seededRandom(9 + n)));
    const b = [1, 2, 3, 4].map((n) => retryDelay(n, undefined, backoff, seededRandom(9 + n)));
    expect(a).toEqual(b);
    a.forEach((delay, i) => {
      const full = 500 * 2 ** i;
      expect(delay).toBeGreaterThanOrEqual(full / 2);
      expect(delay).toBeLessThanOrEqual(full);
    });
  });
});
