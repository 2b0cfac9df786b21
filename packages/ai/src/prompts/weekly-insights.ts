import type { WeeklyInsightsInput } from '../inputs.js';
import { type WeeklyInsights, weeklyInsightsSchema } from '../outputs.js';
import { dataBlock, type PromptTemplate } from './template.js';

/** The validated input the template renders: jobs already cut to the configured maximum. */
export type WeeklyInsightsPromptInput = Required<Pick<WeeklyInsightsInput, 'profile' | 'jobs'>> & {
  weekOf: string | undefined;
};

const EXCERPT_CHARS = 600;

export const weeklyInsightsPrompt: PromptTemplate<WeeklyInsightsPromptInput, WeeklyInsights> = {
  id: 'weekly-insights',
  version: 1,
  system: [
    'You are a careful career analyst. You receive a candidate profile and the jobs that matched it',
    'this week, ranked by a deterministic score with the reasons for each score.',
    'Write the weekly insights: the themes across these jobs, recommended actions for the candidate,',
    'the top roles (each citing the ids of the input jobs that show it), skill gaps (skills the jobs ask',
    'for that the profile does not list, with the evidence) and risks.',
  ].join('\n'),
  render: (input) =>
    [
      input.weekOf ? `Week of ${input.weekOf}.` : 'This week.',
      dataBlock({
        profile: input.profile,
        jobs: input.jobs.map((job) => ({
          id: job.id,
          title: job.title,
          company: job.company,
          locations: job.locations,
          score: job.score,
          reasons: job.reasons,
          descriptionExcerpt: job.descriptionExcerpt?.slice(0, EXCERPT_CHARS),
        })),
      }),
    ].join('\n'),
  output: {
    name: 'weekly_insights',
    description: 'Weekly job-market insights for one candidate profile',
    schema: weeklyInsightsSchema,
  },
  check(output, input) {
    const ids = new Set(input.jobs.map((job) => job.id));
    return output.topRoles.flatMap((role, i) =>
      role.jobIds
        .filter((id) => !ids.has(id))
        .map((id) => `topRoles.${i}.jobIds: "${id.slice(0, 80)}" is not the id of an input job`),
    );
  },
};
