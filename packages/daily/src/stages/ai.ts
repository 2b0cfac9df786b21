import { join } from 'node:path';
import {
  type Ai,
  createAi,
  createTrackerAccounting,
  disabledReason,
  parseAiConfig,
  type WeeklyInsightsInput,
} from '@jobintel/ai';

type RankedJobInput = WeeklyInsightsInput['jobs'][number];

import { fingerprint, type PipelineStage } from '@jobintel/runner-core';
import type { Profile, ReportJob } from '@jobintel/scoring';
import { createPriceTable, createTokenTracker } from '@jobintel/token-tracker';
import type { RunContext } from '../context.js';
import { fileExists, hashFile, readJson, stableJson, writeAtomic } from '../fs.js';
import { type ShortlistFile, shortlistRef } from './diff.js';
import { refsOf } from './refs.js';
import { selectProfiles } from './score.js';

export const aiRef = (profile: string) => `profiles/${profile}/ai.json`;

/** Why the AI stage does not run for this config and environment, or null when it does. */
export function aiDisabledReason(ctx: RunContext): string | null {
  return disabledReason(parseAiConfig(ctx.loaded.config.ai), ctx.env) ?? null;
}

function summaryOf(profile: Profile) {
  return {
    id: profile.id,
    headline: profile.name,
    ...(profile.description ? { summary: profile.description.slice(0, 4000) } : {}),
    targetRoles: profile.roles.map((r) => r.pattern).slice(0, 20),
    skills: profile.skills.map((s) => s.term).slice(0, 100),
  };
}

function jobsOf(top: readonly ReportJob[], max: number): RankedJobInput[] {
  return top.slice(0, max).map((j) => ({
    id: j.id,
    title: j.title.slice(0, 300),
    company: j.company.slice(0, 200),
    locations: j.locations.slice(0, 50).map((l) => l.slice(0, 200)),
    score: j.score,
    reasons: j.explanation.topReasons.slice(0, 30).map((r) => r.slice(0, 500)),
    descriptionExcerpt: j.excerpt.slice(0, 6000),
    ...(j.url?.startsWith('http') ? { url: j.url } : {}),
  }));
}

/**
 * Optional, guarded AI per profile: weekly insights and briefs for the top jobs, under the token
 * budgets (kept in the registry database). Any failure is an `unavailable` result, never invented
 * content; without a model and key the stage plans nothing and the report says why.
 */
export function aiStage(ctx: RunContext): PipelineStage<{ profile: Profile; summary: string }, string> {
  let ai: Ai | undefined;
  const aiFor = () => {
    if (ai) return ai;
    const tracker = createTokenTracker({
      prices: createPriceTable(),
      budgets: ctx.loaded.config.budgets,
      storage: ctx.store.budgetStorage(),
      logger: ctx.logger,
    });
    ai = createAi(
      { ...ctx.loaded.config.ai, cacheDir: join(ctx.stateDir, 'ai-cache') },
      {
        accounting: createTrackerAccounting(tracker, { runId: ctx.runId }),
        env: ctx.env,
        logger: ctx.logger,
      },
    );
    return ai;
  };
  return {
    name: 'ai',
    needs: ['diff'],
    options: { policy: 'io', concurrency: 1 },
    plan: async ({ inputs }) => {
      if (aiDisabledReason(ctx) !== null) return [];
      const refs = refsOf(inputs, 'diff');
      const profiles = new Map(selectProfiles(ctx).map((p) => [p.id, p]));
      const items = [];
      for (const ranked of refs) {
        const profile = profiles.get(ranked.split('/')[1] as string);
        if (!profile) continue;
        // the diff stage's summary holds the top of the ranking: the ranking itself may hold 100,000 jobs
        const summary = shortlistRef(profile.id);
        items.push({
          id: profile.id,
          input: { profile, summary },
          fingerprint: fingerprint({
            v: 2,
            runId: ctx.runId,
            summary: (await hashFile(join(ctx.runDir, summary))).sha256,
            ai: ctx.loaded.config.ai,
          }),
        });
      }
      return items;
    },
    worker: async ({ profile, summary }, { signal }) => {
      const { top } = await readJson<ShortlistFile>(join(ctx.runDir, summary));
      const cfg = parseAiConfig(ctx.loaded.config.ai);
      const client = aiFor();
      const insights = cfg.tasks.insights.enabled
        ? await client.weeklyInsights(
            { profile: summaryOf(profile), jobs: jobsOf(top, cfg.tasks.insights.maxJobs) },
            { signal },
          )
        : { status: 'disabled', reason: 'ai.tasks.insights.enabled is false' };
      const briefs = cfg.tasks.briefs.enabled
        ? await client.jobBriefs(
            { profile: summaryOf(profile), jobs: jobsOf(top, Math.max(cfg.tasks.briefs.topN, 1)) },
            { signal },
          )
        : { status: 'disabled', reason: 'ai.tasks.briefs.enabled is false' };
      const ref = aiRef(profile.id);
      await writeAtomic(join(ctx.runDir, ref), stableJson({ insights, briefs }));
      return ref;
    },
    outputRef: (_item, ref) => ref,
    outputExists: (ref) => fileExists(join(ctx.runDir, ref)),
  };
}
