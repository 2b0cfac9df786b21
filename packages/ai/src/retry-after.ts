import { type BackoffOptions, backoffDelay } from '@jobintel/runner-core';

/**
 * `Retry-After` in milliseconds: delta-seconds or an HTTP date (relative to `nowMs`).
 * Anything unparseable or negative counts as absent.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names the day and month; bare numbers like "-3" would parse as years.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * Delay before the next attempt after `attempt` failed. Without `Retry-After`: exponential backoff,
 * jittered down. With it: never earlier than the server asked, jittered up by up to `baseMs` so that
 * parallel callers do not return in lockstep, capped at `capMs` unless the server asked for longer.
 */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  backoff: BackoffOptions,
  random: () => number,
): number {
  if (retryAfterMs === undefined) return backoffDelay(attempt, backoff, random);
  const jittered = retryAfterMs + Math.round(random() * backoff.baseMs * backoff.jitter);
  return Math.max(retryAfterMs, Math.min(backoff.capMs, jittered));
}
