import { join } from 'node:path';
import { type JobPosting, jobPostingSchema } from '@jobintel/providers';
import { fingerprint, type PipelineStage } from '@jobintel/runner-core';
import type { RunContext } from '../context.js';
import { fileExists, hashFile, readJson, stableJson, writeAtomic } from '../fs.js';
import type { BoardFile } from './fetch.js';
import { refsOf } from './refs.js';

export interface PostingsFile {
  board: BoardFile['board'];
  postings: JobPosting[];
  /** Postings the schema refused (an adapter bug): counted, never silently scored. */
  rejected: { postingId: string; problem: string }[];
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Validates every posting of a board against the JobPosting schema and orders them by posting id. */
export function normalizeStage(ctx: RunContext): PipelineStage<string, string> {
  return {
    name: 'normalize',
    needs: ['fetch'],
    // validation is CPU work on this thread: more boards at once would only hold more in memory
    options: { policy: 'io', concurrency: 2 },
    plan: async ({ inputs }) =>
      Promise.all(
        refsOf(inputs, 'fetch').map(async (ref) => ({
          id: ref.replace(/^boards\/|\.json$/g, ''),
          input: ref,
          // the board file's bytes decide: a re-fetched board is normalised again
          fingerprint: fingerprint({ v: 1, board: (await hashFile(join(ctx.runDir, ref))).sha256 }),
        })),
      ),
    worker: async (ref) => {
      const file = await readJson<BoardFile>(join(ctx.runDir, ref));
      const postings: JobPosting[] = [];
      const rejected: PostingsFile['rejected'] = [];
      for (const p of file.postings) {
        const parsed = jobPostingSchema.safeParse(p);
        if (parsed.success) postings.push(parsed.data);
        else
          rejected.push({
            postingId: String(p.postingId),
            problem: parsed.error.issues[0]?.message ?? 'invalid',
          });
      }
      postings.sort((a, b) => byCodeUnit(a.postingId, b.postingId));
      const out = ref.replace(/^boards\//, 'postings/');
      await writeAtomic(
        join(ctx.runDir, out),
        stableJson({ board: file.board, postings, rejected } satisfies PostingsFile),
      );
      return out;
    },
    outputRef: (_item, ref) => ref,
    outputExists: (ref) => fileExists(join(ctx.runDir, ref)),
  };
}
