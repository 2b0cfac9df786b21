import { z } from 'zod';

// Bounded sizes keep a runaway model from filling a report; all fields are required (OpenAI strict mode).
const line = z.string().trim().min(1).max(400);
const lines = (min: number, max: number) => z.array(line).min(min).max(max);

export const weeklyInsightsSchema = z
  .object({
    themes: lines(1, 6).describe('Patterns across this week’s matching jobs'),
    recommendedActions: lines(1, 6).describe('Concrete steps for the candidate this week'),
    topRoles: z
      .array(
        z
          .object({
            title: line,
            jobIds: z
              .array(z.string().min(1))
              .min(1)
              .max(10)
              .describe('ids of input jobs that show this role'),
            why: line,
          })
          .strict(),
      )
      .min(1)
      .max(5),
    skillGaps: z
      .array(z.object({ skill: z.string().trim().min(1).max(100), evidence: line }).strict())
      .max(8)
      .describe('Skills the jobs ask for that the profile lacks'),
    risks: lines(0, 5).describe('Risks or red flags in the market or the listings'),
  })
  .strict();
export type WeeklyInsights = z.output<typeof weeklyInsightsSchema>;

export const jobBriefSchema = z
  .object({
    jobId: z.string().min(1).describe('the id of the job this brief is about, copied from the input'),
    whyItMatches: lines(1, 5),
    gaps: lines(0, 5),
    interviewFocus: lines(1, 5),
    questionsToAsk: lines(1, 5),
  })
  .strict();
export type JobBrief = z.output<typeof jobBriefSchema>;
