import { join } from 'node:path';
import { fingerprint, type PipelineStage } from '@jobintel/runner-core';
import { renderShortlist, renderTop } from '@jobintel/scoring';
import type { RunContext } from '../context.js';
import { fileExists, hashFile, readJson, writeAtomic } from '../fs.js';
import { type ShortlistFile, shortlistRef } from './diff.js';
import { refsOf } from './refs.js';

export const PROFILE_FILES = ['ranked.json', 'ranked.csv', 'shortlist.md', 'top.md'] as const;

/** Per profile: the shortlist (jobs at or above the minimum score) and the top list. */
export function reportStage(ctx: RunContext): PipelineStage<string, string> {
  return {
    name: 'report',
    needs: ['diff'],
    options: { policy: 'io', concurrency: 2 },
    plan: async ({ inputs }) =>
      Promise.all(
        refsOf(inputs, 'diff').map(async (ref) => {
          const profile = ref.split('/')[1] as string;
          return {
            id: profile,
            input: profile,
            fingerprint: fingerprint({
              v: 2,
              shortlist: (await hashFile(join(ctx.runDir, shortlistRef(profile)))).sha256,
              topN: ctx.loaded.config.scoring.topN,
            }),
          };
        }),
      ),
    worker: async (profile) => {
      const { report, total } = await readJson<ShortlistFile>(join(ctx.runDir, shortlistRef(profile)));
      const dir = `profiles/${profile}`;
      await writeAtomic(join(ctx.runDir, dir, 'shortlist.md'), renderShortlist(report, { total }));
      await writeAtomic(
        join(ctx.runDir, dir, 'top.md'),
        renderTop(report, { limit: ctx.loaded.config.scoring.topN }),
      );
      return dir;
    },
    outputRef: (_item, dir) => dir,
    outputExists: (dir) => fileExists(join(ctx.runDir, dir, 'top.md')),
  };
}
