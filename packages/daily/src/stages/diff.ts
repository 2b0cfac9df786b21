import { join } from 'node:path';
import { fingerprint, type PipelineStage } from '@jobintel/runner-core';
import {
  buildReport,
  compileProfile,
  type Profile,
  parsePreviousJobs,
  type RankedReport,
  renderRankedJson,
  type ScoredJob,
} from '@jobintel/scoring';
import type { RunContext } from '../context.js';
import { fileExists, readJson, sha256Of, writeAtomic } from '../fs.js';
import { refsOf } from './refs.js';
import { selectProfiles } from './score.js';

export const rankedRef = (profile: string) => `profiles/${profile}/ranked.json`;

export interface DiffInput {
  profile: Profile;
  scoreRefs: string[];
  previousRunId: string | null;
}

/** The previous successful run of a profile (this configuration), other than this run. */
export async function previousRun(ctx: RunContext, profile: string): Promise<string | null> {
  const prev = await ctx.store.runs.latestSuccessful(profile, { configKey: ctx.loaded.config.key });
  return prev && prev.id !== ctx.runId ? prev.id : null;
}

/**
 * Per profile: ranks the scored jobs, diffs them against the previous successful run (new, changed
 * with fields, removed), lays the user state over them, and writes the ranked JSON (no run id, no
 * clock time: byte-identical for the same inputs).
 */
export function diffStage(ctx: RunContext): PipelineStage<DiffInput, string> {
  return {
    name: 'diff',
    needs: ['score'],
    // one profile at a time: a profile's scored jobs are the run's largest working set
    options: { policy: 'io', concurrency: 1 },
    plan: async ({ inputs }) => {
      const refs = refsOf(inputs, 'score');
      const items = [];
      for (const profile of selectProfiles(ctx)) {
        const scoreRefs = refs.filter((r) => r.startsWith(`scores/${profile.id}/`));
        const previousRunId = await previousRun(ctx, profile.id);
        const userState = await ctx.store.userState.list(profile.id);
        items.push({
          id: profile.id,
          input: { profile, scoreRefs, previousRunId },
          fingerprint: fingerprint({
            v: 1,
            runId: ctx.runId,
            scores: scoreRefs,
            previousRunId,
            userState: sha256Of(JSON.stringify(userState.map((u) => [u.jobId, u.status, u.note]))),
          }),
        });
      }
      return items;
    },
    worker: async ({ profile, scoreRefs, previousRunId }) => {
      const scored: ScoredJob[] = [];
      for (const ref of scoreRefs) scored.push(...(await readJson<ScoredJob[]>(join(ctx.runDir, ref))));
      let previous = null;
      if (previousRunId) {
        const path = join(ctx.stateDir, 'runs', previousRunId, rankedRef(profile.id));
        if (await fileExists(path)) previous = parsePreviousJobs(await readJson(path));
        else
          ctx.logger.warn(
            { previousRunId, profile: profile.id },
            'diff: the previous run has no ranked JSON (pruned?)',
          );
      }
      const userState = (await ctx.store.userState.list(profile.id)).map((u) => ({
        jobId: u.jobId,
        status: u.status,
        note: u.note,
      }));
      const report: RankedReport = buildReport(compileProfile(profile), scored, { previous, userState });
      const ref = rankedRef(profile.id);
      await writeAtomic(join(ctx.runDir, ref), renderRankedJson(report));
      return ref;
    },
    outputRef: (_item, ref) => ref,
    outputExists: (ref) => fileExists(join(ctx.runDir, ref)),
  };
}
