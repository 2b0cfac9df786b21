import type { Clock } from './clock.js';

export interface RateSettings {
  /** Sustained requests per second. */
  ratePerSec: number;
  /** Requests allowed back to back. */
  burst: number;
  /** Random extra delay per request, uniform in [0, jitterMs]. */
  jitterMs: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token bucket per host with reservations: each caller takes a token now (the balance may go
 * negative) and waits until its token would have existed, so waiting callers are served in order and
 * the host never sees more than `burst + ratePerSec * t` requests in any window t. Random jitter is
 * added on top (it only delays, so it never raises the rate).
 */
export class HostRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  /** The same bucket, charged at actual send times (see `acquire`). */
  private readonly sent = new Map<string, Bucket>();
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(clock: Clock, random: () => number) {
    this.clock = clock;
    this.random = random;
  }

  /** Milliseconds the caller must wait before its request to `host`; the token is reserved. */
  reserve(host: string, s: RateSettings): number {
    const now = this.clock.now();
    const b = this.buckets.get(host) ?? { tokens: s.burst, updatedAt: now };
    b.tokens = Math.min(s.burst, b.tokens + ((now - b.updatedAt) / 1000) * s.ratePerSec);
    b.updatedAt = now;
    b.tokens -= 1;
    this.buckets.set(host, b);
    const wait = b.tokens >= 0 ? 0 : (-b.tokens / s.ratePerSec) * 1000;
    return Math.ceil(wait + (s.jitterMs > 0 ? this.random() * s.jitterMs : 0));
  }

  /**
   * Reserve a token, wait for it, then conform by actual send time: timers fire late on a busy event
   * loop, and a late request must not bunch up with the next on-time one. Returns the time waited.
   */
  async acquire(host: string, s: RateSettings, signal?: AbortSignal): Promise<number> {
    let waited = this.reserve(host, s);
    if (waited > 0) await this.clock.sleep(waited, signal);
    for (;;) {
      const now = this.clock.now();
      const b = this.sent.get(host) ?? { tokens: s.burst, updatedAt: now };
      b.tokens = Math.min(s.burst, b.tokens + ((now - b.updatedAt) / 1000) * s.ratePerSec);
      b.updatedAt = now;
      this.sent.set(host, b);
      // the tolerance absorbs float error of a request sent exactly on its schedule
      if (b.tokens >= 1 - 1e-6) {
        b.tokens -= 1;
        return waited;
      }
      const more = Math.ceil(((1 - b.tokens) / s.ratePerSec) * 1000);
      waited += more;
      await this.clock.sleep(more, signal);
    }
  }
}
