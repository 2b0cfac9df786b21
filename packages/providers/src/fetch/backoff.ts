/**
 * Delay before retry number `retry` (1-based): full jitter over a capped exponential,
 * uniform in [0, min(cap, base * 2^(retry-1))]. When the server sent Retry-After, wait at least that.
 */
export function retryDelay(
  retry: number,
  opts: { baseMs: number; capMs: number },
  random: () => number,
  retryAfterMs: number | null,
): number {
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.max(0, retry - 1));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs === null ? jittered : Math.max(retryAfterMs, jittered);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  const t = v.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const date = Date.parse(t);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
