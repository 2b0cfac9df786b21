import { join } from 'node:path';
import type { JobPosting } from '@jobintel/providers';
import { fingerprint, type PipelineStage } from '@jobintel/runner-core';
import { type CanonicalJob, identifyJobs } from '@jobintel/scoring';
import type { RunContext } from '../context.js';
import { fileExists, readJson, sha256Of, stableJson, writeAtomic } from '../fs.js';
import type { PostingsFile } from './normalize.js';
import { refsOf } from './refs.js';

/** The archived scoring input: every canonical job of the run, in chunks (replay re-scores from them). */
export const JOBS_INDEX = 'inputs/jobs/index.json';
/** Jobs per chunk file, and so per score item. */
export const JOBS_CHUNK = 2000;

export interface JobsIndex {
  count: number;
  /** Chunk files (relative to the run folder), in job order. */
  chunks: string[];
}

/** Reads the canonical jobs of a run folder, chunk by chunk. */
export async function* readJobChunks(runDir: string): AsyncGenerator<CanonicalJob[]> {
  const index = await readJson<JobsIndex>(join(runDir, JOBS_INDEX));
  for (const chunk of index.chunks) yield readJson<CanonicalJob[]>(join(runDir, chunk));
}

/** Collapses postings into canonical jobs (one job in several places is one job), links cross-board duplicates. */
export function identifyStage(ctx: RunContext): PipelineStage<string[], string> {
  return {
    name: 'identify',
    needs: ['normalize'],
    options: { policy: 'io' },
    plan: ({ inputs }) => {
      const refs = refsOf(inputs, 'normalize');
      return [{ id: 'jobs', input: refs, fingerprint: fingerprint({ v: 2, runId: ctx.runId, refs }) }];
    },
    worker: async (refs) => {
      const postings: JobPosting[] = [];
      for (const ref of refs) {
        // identity reads the text of a description, never its HTML: dropping it halves the memory
        for (const p of (await readJson<PostingsFile>(join(ctx.runDir, ref))).postings) {
          postings.push({ ...p, descriptionHtml: '' });
        }
      }
      const jobs = identifyJobs(postings);
      postings.length = 0;
      const chunks: string[] = [];
      for (let i = 0; i < Math.max(jobs.length, 1); i += JOBS_CHUNK) {
        const ref = `inputs/jobs/${String(i / JOBS_CHUNK).padStart(4, '0')}.json`;
        await writeAtomic(join(ctx.runDir, ref), stableJson(jobs.slice(i, i + JOBS_CHUNK)));
        chunks.push(ref);
      }
      await writeAtomic(
        join(ctx.runDir, JOBS_INDEX),
        stableJson({ count: jobs.length, chunks } satisfies JobsIndex),
      );
      await ctx.store.jobs.recordSeen(
        ctx.runId,
        jobs.map((j) => ({
          canonicalId: j.id,
          title: j.title,
          company: j.company,
          contentHash: contentHash(j),
        })),
      );
      return JOBS_INDEX;
    },
    outputRef: (_item, ref) => ref,
    outputExists: (ref) => fileExists(join(ctx.runDir, ref)),
  };
}

/** What a job says (not where it was seen): its history records this per run. */
function contentHash(j: CanonicalJob): string {
  const { raws: _raws, ...content } = j;
  return sha256Of(JSON.stringify(content));
}
