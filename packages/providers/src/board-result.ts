import type { ParseWarning } from './adapters/types.js';
import type { AttemptRecord, Availability, AvailabilityReason } from './availability.js';
import type { FetchMode } from './board-config.js';
import type { Clock } from './fetch/clock.js';
import type { HttpFailure } from './fetch/http-client.js';
import type { JobPosting, Provider } from './posting.js';
import type { SnapshotPage } from './snapshots.js';

export interface Provenance {
  mode: FetchMode;
  /** Where the postings came from. */
  used: 'live' | 'snapshot' | 'none';
  /** Why that source was used, in words (e.g. "live failed (challenge); last good snapshot of ..."). */
  why: string;
  /** The stored responses the postings were parsed from (live responses are stored first). */
  snapshot: {
    fetchedAt: string;
    pages: Pick<SnapshotPage, 'role' | 'url' | 'status' | 'sha256' | 'bytes'>[];
  } | null;
}

export interface BoardResult {
  board: { provider: Provider; boardSlug: string; name: string };
  postings: JobPosting[];
  warnings: ParseWarning[];
  availability: Availability;
  provenance: Provenance;
}

export interface Tally {
  attempts: AttemptRecord[];
  started: number;
}

export function availability(
  status: Availability['status'],
  reason: AvailabilityReason | null,
  detail: string | null,
  tally: Tally,
  clock: Clock,
  extraBytes = 0,
): Availability {
  return {
    status,
    reason,
    detail,
    attempts: tally.attempts.length,
    bytes: tally.attempts.reduce((n, a) => n + a.bytes, 0) + extraBytes,
    timings: {
      totalMs: clock.now() - tally.started,
      waitMs: tally.attempts.reduce((n, a) => n + a.waitMs, 0),
    },
    requests: tally.attempts,
  };
}

/** Classify a finished parse into availability status and reason. */
export function judge(
  postings: JobPosting[],
  warnings: ParseWarning[],
  partial: HttpFailure | null,
  recoveredFrom: AvailabilityReason | null,
): { status: Availability['status']; reason: AvailabilityReason | null; detail: string | null } {
  const parseErrors = warnings.filter((w) => w.code === 'parse_error');
  if (postings.length === 0 && parseErrors.length)
    return {
      status: 'unavailable',
      reason: 'parse_error',
      detail: `${parseErrors[0]!.path}: ${parseErrors[0]!.message}`,
    };
  if (partial)
    return { status: 'degraded', reason: partial.reason, detail: `a later page failed: ${partial.detail}` };
  if (parseErrors.length)
    return {
      status: 'degraded',
      reason: 'parse_error',
      detail: `${parseErrors[0]!.path}: ${parseErrors[0]!.message}`,
    };
  if (postings.length === 0)
    return { status: 'degraded', reason: 'empty', detail: 'the board lists no postings' };
  if (recoveredFrom)
    return {
      status: 'degraded',
      reason: recoveredFrom,
      detail: `succeeded after retrying (${recoveredFrom})`,
    };
  return { status: 'ok', reason: null, detail: null };
}
