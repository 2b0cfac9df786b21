import { join } from 'node:path';
import {
  type BoardConfig,
  type BoardResult,
  type BreakerState,
  type BreakerStateStore,
  boardKey,
  demoSnapshotSource,
  FsSnapshotStore,
  fetchBoard,
  PoliteFetcher,
  type SnapshotSource,
} from '@jobintel/providers';
import { fingerprint, type PipelineStage } from '@jobintel/runner-core';
import type { Store } from '@jobintel/store';
import type { RunContext } from '../context.js';
import { fileExists, stableJson, writeAtomic } from '../fs.js';

export const boardId = (b: Pick<BoardConfig, 'provider' | 'boardSlug' | 'url'>) =>
  `${b.provider}--${boardKey(b as BoardConfig)}`;

/** What the fetch stage keeps per board (`boards/<provider>--<slug>.json`). */
export interface BoardFile {
  board: BoardResult['board'];
  availability: BoardResult['availability'];
  provenance: BoardResult['provenance'];
  warnings: BoardResult['warnings'];
  postings: BoardResult['postings'];
}

/** The boards of this run: enabled, filtered by --boards, in config order, with the mode the flags ask for. */
export function selectBoards(ctx: RunContext): BoardConfig[] {
  const wanted = ctx.flags.boards;
  return ctx.loaded.config.boards
    .filter((b) => b.enabled)
    .filter(
      (b) =>
        wanted.length === 0 ||
        wanted.some(
          (w) =>
            w === boardKey(b) || w === b.name || w === boardId(b) || w === `${b.provider}:${boardKey(b)}`,
        ),
    )
    .map((b) => ({
      ...b,
      mode: ctx.flags.offline
        ? 'snapshot'
        : ctx.flags.live
          ? 'live'
          : ctx.loaded.source === 'demo'
            ? 'snapshot'
            : b.mode,
    }));
}

/** Breaker state in the registry database, so it survives between runs. */
function storeBreakers(store: Store): BreakerStateStore {
  return {
    async load() {
      const out: Record<string, BreakerState> = {};
      for (const b of await store.breakers.all()) {
        out[b.host] = {
          state: b.state,
          failures: b.consecutiveFailures,
          openedAt: b.openedAt === null ? null : Date.parse(b.openedAt),
        };
      }
      return out;
    },
    async save(states) {
      for (const [host, s] of Object.entries(states).sort(([a], [b]) => (a < b ? -1 : 1))) {
        await store.breakers.set({
          host,
          state: s.state,
          consecutiveFailures: s.failures,
          openedAt: s.openedAt === null ? null : new Date(s.openedAt).toISOString(),
        });
      }
    },
  };
}

export function fetchStage(ctx: RunContext): PipelineStage<BoardConfig, string> {
  const { config } = ctx.loaded;
  const snapshots = new FsSnapshotStore(join(ctx.stateDir, 'snapshots'));
  const source: SnapshotSource = ctx.loaded.source === 'demo' ? demoSnapshotSource() : snapshots;
  let fetcher: PoliteFetcher | undefined;
  const fetcherFor = () =>
    (fetcher ??= new PoliteFetcher(
      {
        userAgent: config.fetch.userAgent,
        ...(config.fetch.allowHosts ? { allowHosts: config.fetch.allowHosts } : {}),
        ...(config.fetch.politeness ? { politeness: config.fetch.politeness } : {}),
      },
      { logger: ctx.logger, breakerStore: storeBreakers(ctx.store) },
    ));
  return {
    name: 'fetch',
    needs: [],
    options: { policy: 'io', concurrency: ctx.flags.concurrency ?? config.fetch.concurrency },
    plan: () =>
      selectBoards(ctx).map((board) => ({
        id: boardId(board),
        input: board,
        fingerprint: fingerprint({ runId: ctx.runId, board }),
      })),
    worker: async (board, { signal }) => {
      const result = await fetchBoard(board, {
        ...(board.mode === 'snapshot' ? {} : { fetcher: fetcherFor() }),
        store: snapshots,
        source: board.mode === 'snapshot' ? source : snapshots,
        logger: ctx.logger,
        signal,
      });
      const file: BoardFile = {
        board: result.board,
        availability: result.availability,
        provenance: result.provenance,
        warnings: result.warnings,
        postings: result.postings,
      };
      const ref = `boards/${boardId(board)}.json`;
      await writeAtomic(join(ctx.runDir, ref), stableJson(file));
      return ref;
    },
    outputRef: (_item, ref) => ref,
    outputExists: (ref) => fileExists(join(ctx.runDir, ref)),
  };
}
