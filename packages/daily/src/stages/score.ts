import { join } from 'node:path';
import { fingerprint, type PipelineStage, type WorkItem } from '@jobintel/runner-core';
import { compileProfile, type Profile } from '@jobintel/scoring';
import type { RunContext } from '../context.js';
import { fileExists, hashFile, readJson, sha256Of } from '../fs.js';
import { corpusStats } from './corpus.js';
import { collectEnriched } from './enrich.js';
import { type BoardMeta, metaRef } from './fetch.js';
import { JOBS_INDEX, type JobsIndex } from './identify.js';
import { refsOf } from './refs.js';
import type { ScoreBatchInput } from './score-worker.js';
import { threadModule, workerExecArgv } from './threads.js';

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
    options: {
      policy: 'cpu',
      // a chunk's working set is tens of MB (JOBS_CHUNK_CHARS); a bounded heap collects instead of growing
      workerResourceLimits: { maxOldGenerationSizeMb: 128 },
      ...(workerExecArgv ? { workerExecArgv } : {}),
    },
    plan: async ({ inputs }) => {
      const index = await readJson<JobsIndex>(join(ctx.runDir, JOBS_INDEX));
      // one chunk at a time, streamed: reading them all at once held the whole run in buffers
      const chunkHashes: string[] = [];
      for (const c of index.chunks) chunkHashes.push((await hashFile(join(ctx.runDir, c))).sha256);
      const asOf = (await asOfOf(ctx, refsOf(inputs, 'fetch'))) ?? ctx.now().toISOString();
      const descriptions = await collectEnriched(ctx, inputs);
      const enrichedHash = descriptions ? sha256Of(JSON.stringify(descriptions)) : null;
      const profiles = selectProfiles(ctx);
      const compiled = profiles.map((profile) => compileProfile(profile));
      const corpora = await corpusStats(ctx.runDir, compiled, descriptions);
      const items: WorkItem<ScoreBatchInput>[] = [];
      profiles.forEach((profile, p) => {
        index.chunks.forEach((chunk, batch) => {
          const ref = `scores/${profile.id}/${String(batch).padStart(4, '0')}.json`;
          items.push({
            id: `${profile.id}#${batch}`,
            input: {
              profile,
              jobsPath: join(ctx.runDir, chunk),
              descriptions,
              asOf,
              corpus: corpora[p] ?? null,
              path: join(ctx.runDir, ref),
              ref,
            },
            fingerprint: fingerprint({
              v: 4,
              profile: compiled[p]!.configHash,
              chunk: chunkHashes[batch],
              asOf,
              enrichedHash,
            }),
          });
        });
      });
      return items;
    },
    worker: { module: threadModule('score-worker') },
    outputRef: (_item, ref) => ref,
    outputExists: (ref) => fileExists(join(ctx.runDir, ref)),
  };
}
