import { join } from 'node:path';
import { fingerprint, type PipelineStage } from '@jobintel/runner-core';
import { type CanonicalJob, identifyJobs } from '@jobintel/scoring';
import type { RunContext } from '../context.js';
import { fileExists, readJson, sha256Of, stableJson, writeAtomic } from '../fs.js';
import type { PostingsFile } from './normalize.js';
import { refsOf } from './refs.js';

/** The archived scoring input: every canonical job of the run (replay re-scores from it). */
export const JOBS_FILE = 'inputs/jobs.json';

/** Collapses postings into canonical jobs (one job in several places is one job), links cross-board duplicates. */
export function identifyStage(ctx: RunContext): PipelineStage<string[], string> {
  return {
    name: 'identify',
    needs: ['normalize'],
    options: { policy: 'io' },
    plan: ({ inputs }) => {
      const refs = refsOf(inputs, 'normalize');
      return [{ id: 'jobs', input: refs, fingerprint: fingerprint({ v: 1, runId: ctx.runId, refs }) }];
    },
    worker: async (refs) => {
      const postings = [];
      for (const ref of refs)
        postings.push(...(await readJson<PostingsFile>(join(ctx.runDir, ref))).postings);
      const jobs = identifyJobs(postings);
      await writeAtomic(join(ctx.runDir, JOBS_FILE), stableJson(jobs));
      await ctx.store.jobs.recordSeen(
        ctx.runId,
        jobs.map((j) => ({
          canonicalId: j.id,
          title: j.title,
          company: j.company,
          contentHash: contentHash(j),
        })),
      );
      return JOBS_FILE;
    },
    outputRef: (_item, ref) => ref,
    outputExists: (ref) => fileExists(join(ctx.runDir, ref)),
  };
}

/** What a job says (not where it was seen): its history records this per run. */
function contentHash(j: CanonicalJob): string {
  const { raws: _raws, ...content } = j;
  return sha256Of(stableJson(content));
}
