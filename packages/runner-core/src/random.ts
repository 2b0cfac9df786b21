import { createHash } from 'node:crypto';

/** mulberry32: a small, fast, seedable PRNG; good enough for jitter, reproducible in tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed derived from strings (used when no seed is given: stable per run and stage). */
export function seedFrom(...parts: string[]): number {
  return createHash('sha256').update(parts.join('\u0000')).digest().readUInt32LE(0);
}

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** 0 = no jitter; 1 = full jitter (uniform in [0, delay]); 0.5 = uniform in [delay/2, delay]. */
  jitter: number;
}

/**
 * Delay before attempt `attempt + 1` after attempt `attempt` failed (attempt >= 1):
 * exponential (base * 2^(attempt-1)) capped at `capMs`, then jittered down by up to `jitter` of itself.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const exp = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (1 - options.jitter * random()));
}
