import { join } from 'node:path';
import { fingerprint, type PipelineStage } from '@jobintel/runner-core';
import { type RankedReport, renderCsv, renderShortlist, renderTop } from '@jobintel/scoring';
import type { RunContext } from '../context.js';
import { fileExists, readJson, sha256Of, writeAtomic } from '../fs.js';
import { refsOf } from './refs.js';

export const PROFILE_FILES = ['ranked.json', 'ranked.csv', 'shortlist.md', 'top.md'] as const;

/** Per profile: the CSV, the shortlist (jobs at or above the minimum score) and the top list. */
export function reportStage(ctx: RunContext): PipelineStage<string, string> {
  return {
    name: 'report',
    needs: ['diff'],
    options: { policy: 'io', concurrency: 1 },
    plan: async ({ inputs }) =>
      Promise.all(
        refsOf(inputs, 'diff').map(async (ref) => ({
          id: ref.split('/')[1] as string,
          input: ref,
          fingerprint: fingerprint({
            v: 1,
            ranked: sha256Of(
              await import('node:fs/promises').then((fs) => fs.readFile(join(ctx.runDir, ref))),
            ),
            minScore: ctx.minScore,
            topN: ctx.loaded.config.scoring.topN,
          }),
        })),
      ),
    worker: async (ref) => {
      const report = await readJson<RankedReport>(join(ctx.runDir, ref));
      const dir = ref.slice(0, ref.lastIndexOf('/'));
      const shortlisted = { ...report, jobs: report.jobs.filter((j) => j.score >= ctx.minScore) };
      await writeAtomic(join(ctx.runDir, dir, 'ranked.csv'), renderCsv(report));
      await writeAtomic(join(ctx.runDir, dir, 'shortlist.md'), renderShortlist(shortlisted));
      await writeAtomic(
        join(ctx.runDir, dir, 'top.md'),
        renderTop(shortlisted, { limit: ctx.loaded.config.scoring.topN }),
      );
      return dir;
    },
    outputRef: (_item, dir) => dir,
    outputExists: (dir) => fileExists(join(ctx.runDir, dir, 'top.md')),
  };
}
