/** How usable a board's data is after a fetch. */
export type AvailabilityStatus = 'ok' | 'degraded' | 'unavailable';

/**
 * Why a board is degraded or unavailable (null when ok):
 * rate_limited (429), blocked (block page / 403 refusal), challenge (JS challenge or captcha),
 * robots_denied (robots.txt disallows the URL for our User-Agent, or robots.txt is unreachable),
 * not_allowed (host, or a redirect target, outside the allowlist), http_<code> (other HTTP failure),
 * parse_error (payload not in the expected shape), empty (a board with no postings), timeout
 * (connect / headers / body), circuit_open (the host's breaker is open), network (connection reset or
 * refused), too_large (body over the size cap), too_many_redirects, no_snapshot (snapshot mode with
 * nothing stored), internal_error (a bug: an unexpected exception while handling the board).
 */
export type AvailabilityReason =
  | 'rate_limited'
  | 'blocked'
  | 'challenge'
  | 'robots_denied'
  | 'not_allowed'
  | `http_${number}`
  | 'parse_error'
  | 'empty'
  | 'timeout'
  | 'circuit_open'
  | 'network'
  | 'too_large'
  | 'too_many_redirects'
  | 'no_snapshot'
  | 'internal_error';

export interface AttemptRecord {
  url: string;
  /** Offset from the start of the board fetch (ms). */
  startedMs: number;
  durationMs: number;
  status: number | null;
  /** Failure reason of this attempt, null when it succeeded. */
  reason: AvailabilityReason | null;
  bytes: number;
  /** Time spent waiting for the rate limiter / backoff before this attempt. */
  waitMs: number;
}

export interface Availability {
  status: AvailabilityStatus;
  reason: AvailabilityReason | null;
  /** Human-readable detail of the reason. */
  detail: string | null;
  /** HTTP attempts made (redirect hops and retries included). */
  attempts: number;
  /** Bytes of response bodies received. */
  bytes: number;
  timings: { totalMs: number; waitMs: number };
  requests: AttemptRecord[];
}
