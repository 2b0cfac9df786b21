import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobPosting } from '@jobintel/providers';
import { fingerprint, type PipelineStage } from '@jobintel/runner-core';
import {
  type CanonicalJob,
  collapseJobs,
  duplicateKey,
  identifyJobs,
  jobIdNamespace,
  linkDuplicates,
} from '@jobintel/scoring';
import type { SeenJob } from '@jobintel/store';
import type { RunContext } from '../context.js';
import { fileExists, readJson, sha256Of, stableJson, writeAtomic } from '../fs.js';
import type { PostingsFile } from './normalize.js';
import { refsOf } from './refs.js';

/** The archived scoring input: every canonical job of the run, in chunks (replay re-scores from them). */
export const JOBS_INDEX = 'inputs/jobs/index.json';
/** Jobs per chunk file, and so per score item, at most. */
export const JOBS_CHUNK = 2000;
/** Description characters per chunk, at most (long descriptions make smaller chunks): bounds a score thread's memory. */
export const JOBS_CHUNK_CHARS = 8_000_000;

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

/** One board's postings, without their HTML (identity and scoring read the text of a description). */
async function readPostings(runDir: string, ref: string): Promise<JobPosting[]> {
  const file = await readJson<PostingsFile>(join(runDir, ref));
  return file.postings.map((p) => ({ ...p, descriptionHtml: '' }));
}

/**
 * The canonical jobs of the run in id order, a board at a time: ids are namespaced by board, so each
 * board's postings collapse on their own, and only the duplicate keys of all jobs are held at once.
 * When board namespaces could interleave (one is a prefix of another, or a file holds several), the
 * whole run is identified in memory instead.
 */
async function* canonicalJobs(runDir: string, refs: readonly string[], scratch: string) {
  const boards: Array<{ namespace: string; cache: string }> = [];
  const keys: Array<{ id: string; key: string }> = [];
  for (const [i, ref] of refs.entries()) {
    const postings = await readPostings(runDir, ref);
    const namespaces = new Set(postings.map(jobIdNamespace));
    if (namespaces.size === 0) continue;
    if (namespaces.size > 1) return yield* wholeRun(runDir, refs);
    const jobs = collapseJobs(postings);
    for (const job of jobs) keys.push({ id: job.id, key: duplicateKey(job) });
    const cache = join(scratch, `${i}.json`);
    await writeAtomic(cache, JSON.stringify(jobs));
    boards.push({ namespace: [...namespaces][0]!, cache });
  }
  boards.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0));
  if (boards.some((b, i) => i > 0 && b.namespace.startsWith(boards[i - 1]!.namespace))) {
    return yield* wholeRun(runDir, refs);
  }
  const links = linkDuplicates(keys);
  keys.length = 0;
  for (const { cache } of boards) {
    const jobs = await readJson<CanonicalJob[]>(cache);
    for (const job of jobs) {
      const link = links.get(job.id);
      if (link) Object.assign(job, link);
    }
    yield jobs;
  }
}

async function* wholeRun(runDir: string, refs: readonly string[]) {
  const postings: JobPosting[] = [];
  for (const ref of refs) postings.push(...(await readPostings(runDir, ref)));
  yield identifyJobs(postings);
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
      const scratch = join(ctx.runDir, 'work', 'identify');
      await rm(scratch, { recursive: true, force: true });
      const chunks: string[] = [];
      const seen: SeenJob[] = [];
      let pending: CanonicalJob[] = [];
      let pendingChars = 0;
      const flush = async () => {
        const ref = `inputs/jobs/${String(chunks.length).padStart(4, '0')}.json`;
        await writeAtomic(join(ctx.runDir, ref), stableJson(pending));
        chunks.push(ref);
        pending = [];
        pendingChars = 0;
      };
      for await (const jobs of canonicalJobs(ctx.runDir, refs, scratch)) {
        for (const job of jobs) {
          seen.push({
            canonicalId: job.id,
            title: job.title,
            company: job.company,
            contentHash: contentHash(job),
          });
          pending.push(job);
          pendingChars += job.descriptionText.length;
          if (pending.length === JOBS_CHUNK || pendingChars >= JOBS_CHUNK_CHARS) await flush();
        }
      }
      if (pending.length > 0 || chunks.length === 0) await flush();
      await writeAtomic(
        join(ctx.runDir, JOBS_INDEX),
        stableJson({ count: seen.length, chunks } satisfies JobsIndex),
      );
      await rm(scratch, { recursive: true, force: true });
      await ctx.store.jobs.recordSeen(ctx.runId, seen);
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
