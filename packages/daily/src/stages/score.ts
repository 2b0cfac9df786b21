import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprint, type PipelineStage, type WorkItem } from '@jobintel/runner-core';
import {
  buildCorpusStats,
  type CorpusStats,
  compileProfile,
  mergeCorpusStats,
  type Profile,
  prepareJobs,
} from '@jobintel/scoring';
import type { RunContext } from '../context.js';
import { fileExists, readJson, sha256Of } from '../fs.js';
import { collectEnriched } from './enrich.js';
import { type BoardMeta, metaRef } from './fetch.js';
import { JOBS_INDEX, type JobsIndex, readJobChunks } from './identify.js';
import { refsOf } from './refs.js';
import type { ScoreBatchInput } from './score-worker.js';

const fromSource = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromSource ? './score-worker.ts' : './score-worker.js', import.meta.url);
// From source (this monorepo's tests) threads need the source condition and the .js -> .ts hook.
const workerExecArgv = fromSource
  ? [
      '--conditions=@jobintel/source',
      '--import',
      new URL('../../../../scripts/register-source.mjs', import.meta.url).pathname,
    ]
  : undefined;

/** The profiles of this run: all, or those named by --profiles. */
export function selectProfiles(ctx: RunContext): Profile[] {
  const wanted = ctx.flags.profiles;
  return ctx.loaded.profiles.filter((p) => wanted.length === 0 || wanted.includes(p.id));
}

/**
 * The run's reference time for freshness: the newest snapshot time of its boards, so that scores
 * depend on the inputs, not on the clock (two runs on the same snapshots score the same).
 */
export async function asOfOf(ctx: RunContext, boardRefs: readonly string[]): Promise<string | null> {
  let newest: string | null = null;
  for (const ref of boardRefs) {
    const at =
      (await readJson<BoardMeta>(join(ctx.runDir, metaRef(ref)))).provenance.snapshot?.fetchedAt ?? null;
    if (at && (newest === null || at > newest)) newest = at;
  }
  return newest;
}

/** Scores every job against every profile in batches on worker threads; one score file per batch. */
export function scoreStage(ctx: RunContext): PipelineStage<ScoreBatchInput, string> {
  return {
    name: 'score',
    needs: ['identify', 'fetch', 'enrich'],
    options: { policy: 'cpu', ...(workerExecArgv ? { workerExecArgv } : {}) },
    plan: async ({ inputs }) => {
      const index = await readJson<JobsIndex>(join(ctx.runDir, JOBS_INDEX));
      const chunkHashes = await Promise.all(
        index.chunks.map(async (c) => sha256Of(await readFile(join(ctx.runDir, c)))),
      );
      const asOf = (await asOfOf(ctx, refsOf(inputs, 'fetch'))) ?? ctx.now().toISOString();
      const descriptions = await collectEnriched(ctx, inputs);
      const enrichedHash = descriptions ? sha256Of(JSON.stringify(descriptions)) : null;
      const items: WorkItem<ScoreBatchInput>[] = [];
      for (const profile of selectProfiles(ctx)) {
        const compiled = compileProfile(profile);
        // the booster's statistics cover the whole run (merged chunk by chunk), so a score never
        // depends on the batching
        let corpus: CorpusStats | null = null;
        if (profile.booster.maxPoints > 0) {
          for await (const chunk of readJobChunks(ctx.runDir)) {
            const stats = buildCorpusStats(compiled, prepareJobs(chunk, [compiled]));
            corpus = corpus ? mergeCorpusStats(corpus, stats) : stats;
          }
        }
        index.chunks.forEach((chunk, batch) => {
          const ref = `scores/${profile.id}/${String(batch).padStart(4, '0')}.json`;
          items.push({
            id: `${profile.id}#${batch}`,
            input: {
              profile,
              jobsPath: join(ctx.runDir, chunk),
              descriptions,
              asOf,
              corpus,
              path: join(ctx.runDir, ref),
              ref,
            },
            fingerprint: fingerprint({
              v: 3,
              profile: compiled.configHash,
              chunk: chunkHashes[batch],
              asOf,
              enrichedHash,
            }),
          });
        });
      }
      return items;
    },
    worker: { module: workerUrl },
    outputRef: (_item, ref) => ref,
    outputExists: (ref) => fileExists(join(ctx.runDir, ref)),
  };
}
