import { definePipeline, type Pipeline } from '@jobintel/runner-core';
import type { RunContext } from './context.js';
import { aiStage } from './stages/ai.js';
import { diffStage } from './stages/diff.js';
import { enrichStage } from './stages/enrich.js';
import { fetchStage } from './stages/fetch.js';
import { identifyStage } from './stages/identify.js';
import { normalizeStage } from './stages/normalize.js';
import { notifyStage } from './stages/notify.js';
import { publishStage } from './stages/publish.js';
import { reportStage } from './stages/report.js';
import { scoreStage } from './stages/score.js';

/** The stages of ARCHITECTURE.md, in order: fetch → normalize → identify → enrich → score → diff → ai / report → publish → notify. */
export const STAGES = [
  'fetch',
  'normalize',
  'identify',
  'enrich',
  'score',
  'diff',
  'report',
  'ai',
  'publish',
  'notify',
] as const;

export function dailyPipeline(ctx: RunContext): Pipeline {
  return definePipeline({
    name: 'daily',
    stages: [
      fetchStage(ctx),
      normalizeStage(ctx),
      identifyStage(ctx),
      enrichStage(ctx),
      scoreStage(ctx),
      diffStage(ctx),
      reportStage(ctx),
      aiStage(ctx),
      publishStage(ctx),
      notifyStage(ctx),
    ],
  });
}
