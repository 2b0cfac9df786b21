import { type Logger, silentLogger } from '@jobintel/runner-core';
import type { AvailabilityReason } from './availability.js';
import { type BoardConfig, boardKey } from './board-config.js';
import { availability, type BoardResult, judge, type Tally } from './board-result.js';
import { ProviderError, ProviderErrorCode } from './errors.js';
import { type Clock, systemClock } from './fetch/clock.js';
import type { PoliteFetcher } from './fetch/http-client.js';
import { fetchLive } from './fetch-live.js';
import type { FsSnapshotStore, SnapshotSource } from './snapshots.js';
import { parseStored } from './stored-pages.js';

export type { BoardResult, Provenance } from './board-result.js';

export interface FetchBoardDeps {
  /** Needed for `live` and `auto`. */
  fetcher?: PoliteFetcher;
  /** Where live responses are stored, and the fallback for `auto`. */
  store?: FsSnapshotStore;
  /** Source of `snapshot` mode (defaults to `store`), e.g. the demo set. */
  source?: SnapshotSource;
  clock?: Clock;
  logger?: Logger;
  signal?: AbortSignal;
}

/**
 * Fetch one board in its mode. `snapshot` parses the newest good stored responses; `live` fetches
 * (every response is stored as a snapshot first); `auto` fetches and falls back to the last good
 * snapshot when the live fetch is unavailable. Never throws for board trouble: the result says what
 * happened in `availability` and `provenance`.
 */
export async function fetchBoard(board: BoardConfig, deps: FetchBoardDeps = {}): Promise<BoardResult> {
  const clock = deps.clock ?? systemClock;
  const logger = (deps.logger ?? silentLogger).child({ provider: board.provider, board: boardKey(board) });
  const tally: Tally = { attempts: [], started: clock.now() };
  const slug = boardKey(board);
  const head = { provider: board.provider, boardSlug: slug, name: board.name };
  const source = deps.source ?? deps.store;

  const fromSnapshot = async (
    why: string,
    liveFailure: { reason: AvailabilityReason; detail: string } | null,
  ): Promise<BoardResult> => {
    const snap =
      (await source?.lastGood(board.provider, slug)) ??
      (liveFailure ? null : await source?.latest(board.provider, slug)) ??
      null;
    if (!snap) {
      const reason = liveFailure?.reason ?? 'no_snapshot';
      const detail = liveFailure
        ? `${liveFailure.detail}; no good snapshot to fall back to`
        : 'no stored snapshot for this board';
      return {
        board: head,
        postings: [],
        warnings: [],
        availability: availability('unavailable', reason, detail, tally, clock),
        provenance: { mode: board.mode, used: 'none', why: detail, snapshot: null },
      };
    }
    const parsed = parseStored(board, snap);
    const snapshot = {
      fetchedAt: snap.record.fetchedAt,
      pages: snap.record.pages.map(({ role, url, status, sha256, bytes }) => ({
        role,
        url,
        status,
        sha256,
        bytes,
      })),
    };
    const bytes = liveFailure ? 0 : snap.bodies.reduce((n, b) => n + b.length, 0);
    if (parsed.failure) {
      return {
        board: head,
        postings: [],
        warnings: parsed.warnings,
        availability: availability(
          'unavailable',
          parsed.failure.reason,
          parsed.failure.detail,
          tally,
          clock,
          bytes,
        ),
        provenance: { mode: board.mode, used: 'snapshot', why, snapshot },
      };
    }
    let verdict = judge(parsed.postings, parsed.warnings, null, null);
    if (liveFailure && verdict.status !== 'unavailable') {
      verdict = {
        status: 'degraded',
        reason: liveFailure.reason,
        detail: `live fetch failed (${liveFailure.detail}); served the snapshot of ${snap.record.fetchedAt}`,
      };
    }
    return {
      board: head,
      postings: parsed.postings,
      warnings: parsed.warnings,
      availability: availability(verdict.status, verdict.reason, verdict.detail, tally, clock, bytes),
      provenance: { mode: board.mode, used: 'snapshot', why, snapshot },
    };
  };

  if (board.mode === 'snapshot') return fromSnapshot('mode is snapshot', null);
  if (!deps.fetcher) {
    throw new ProviderError(
      ProviderErrorCode.InvalidFetchOptions,
      `board ${slug} has mode ${board.mode}: pass a fetcher`,
    );
  }

  const live = await fetchLive(board, deps.fetcher, deps.store ?? null, tally, logger, clock, deps.signal);
  if (live.kind === 'ok') {
    const verdict = judge(live.postings, live.warnings, live.partial, live.recoveredFrom);
    const result: BoardResult = {
      board: head,
      postings: live.postings,
      warnings: live.warnings,
      availability: availability(verdict.status, verdict.reason, verdict.detail, tally, clock),
      provenance: {
        mode: board.mode,
        used: 'live',
        why: `mode is ${board.mode}; the live fetch succeeded`,
        snapshot: live.snapshot,
      },
    };
    if (board.mode === 'auto' && verdict.status === 'unavailable') {
      return fromSnapshot(`mode is auto; the live response was unusable (${verdict.reason})`, {
        reason: verdict.reason!,
        detail: verdict.detail ?? '',
      });
    }
    return result;
  }
  if (board.mode === 'auto') {
    return fromSnapshot(`mode is auto; live fetch failed (${live.failure.reason})`, {
      reason: live.failure.reason,
      detail: live.failure.detail,
    });
  }
  return {
    board: head,
    postings: [],
    warnings: [],
    availability: availability('unavailable', live.failure.reason, live.failure.detail, tally, clock),
    provenance: {
      mode: board.mode,
      used: 'none',
      why: `mode is live; live fetch failed (${live.failure.reason})`,
      snapshot: live.snapshot,
    },
  };
}

export interface FetchBoardsOptions {
  /** Boards fetched at once (per-host limits still apply inside the fetcher). */
  concurrency?: number;
}

/**
 * Fetch many boards; one board's failure never stops the others. Disabled boards are skipped.
 * Results come back in the order of `boards`.
 */
export async function fetchBoards(
  boards: BoardConfig[],
  deps: FetchBoardDeps = {},
  options: FetchBoardsOptions = {},
): Promise<BoardResult[]> {
  const enabled = boards.filter((b) => b.enabled);
  const needsFetcher = enabled.find((b) => b.mode !== 'snapshot');
  if (needsFetcher && !deps.fetcher) {
    throw new ProviderError(
      ProviderErrorCode.InvalidFetchOptions,
      `board ${boardKey(needsFetcher)} has mode ${needsFetcher.mode}: pass a fetcher`,
    );
  }
  const results: BoardResult[] = new Array(enabled.length);
  let next = 0;
  const clock = deps.clock ?? systemClock;
  const worker = async () => {
    while (next < enabled.length) {
      const i = next++;
      const board = enabled[i]!;
      try {
        results[i] = await fetchBoard(board, deps);
      } catch (error) {
        if (deps.signal?.aborted) throw error;
        const detail = `unexpected failure: ${(error as Error).message}`;
        results[i] = {
          board: { provider: board.provider, boardSlug: boardKey(board), name: board.name },
          postings: [],
          warnings: [],
          availability: availability(
            'unavailable',
            'network',
            detail,
            { attempts: [], started: clock.now() },
            clock,
          ),
          provenance: { mode: board.mode, used: 'none', why: detail, snapshot: null },
        };
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, enabled.length)) }, worker),
  );
  return results;
}
