import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import {
  type BoardConfig,
  type BoardResult,
  boardKey,
  demoSnapshotSource,
  FsSnapshotStore,
  fetchBoard,
  type SnapshotSource,
} from '@jobintel/providers';
import { fingerprint, type PipelineStage } from '@jobintel/runner-core';
import type { RunContext } from '../context.js';
import { fileExists, stableJson, writeAtomic } from '../fs.js';
import { fetcherOf } from './fetcher.js';

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

/** What the run report needs of a board, without its postings (`boards/<id>.meta.json`). */
export interface BoardMeta {
  board: BoardResult['board'];
  availability: BoardResult['availability'];
  provenance: BoardResult['provenance'];
  warnings: number;
  postings: number;
}

export const metaRef = (boardRef: string) => boardRef.replace(/\.json$/, '.meta.json');

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

/**
 * Boards fetched at once: `--concurrency`, else `fetch.concurrency`; when every board reads stored
 * snapshots the work is parsing on this machine's cores, so no more than it has (more would only hold
 * more boards in memory at once).
 */
export function fetchConcurrency(ctx: RunContext): number {
  if (ctx.flags.concurrency) return ctx.flags.concurrency;
  const configured = ctx.loaded.config.fetch.concurrency;
  const offline = selectBoards(ctx).every((b) => b.mode === 'snapshot');
  return offline ? Math.min(configured, availableParallelism()) : configured;
}

export function fetchStage(ctx: RunContext): PipelineStage<BoardConfig, string> {
  const snapshots = new FsSnapshotStore(join(ctx.stateDir, 'snapshots'));
  const source: SnapshotSource = ctx.loaded.source === 'demo' ? demoSnapshotSource() : snapshots;
  return {
    name: 'fetch',
    needs: [],
    options: { policy: 'io', concurrency: fetchConcurrency(ctx) },
    plan: () =>
      selectBoards(ctx).map((board) => ({
        id: boardId(board),
        input: board,
        fingerprint: fingerprint({ runId: ctx.runId, board }),
      })),
    worker: async (board, { signal }) => {
      const result = await fetchBoard(board, {
        ...(board.mode === 'snapshot' ? {} : { fetcher: fetcherOf(ctx) }),
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
      const meta: BoardMeta = {
        board: file.board,
        availability: file.availability,
        provenance: file.provenance,
        warnings: file.warnings.length,
        postings: file.postings.length,
      };
      await writeAtomic(join(ctx.runDir, metaRef(ref)), stableJson(meta));
      return ref;
    },
    outputRef: (_item, ref) => ref,
    outputExists: async (ref) =>
      (await fileExists(join(ctx.runDir, ref))) && fileExists(join(ctx.runDir, metaRef(ref))),
  };
}
