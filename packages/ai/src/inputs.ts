import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);

/** What the tasks know about a candidate: a plain summary, no dependency on the scoring package. */
export const profileSummarySchema = z
  .object({
    id: text(200),
    headline: text(300).optional(),
    summary: text(4000).optional(),
    targetRoles: z.array(text(200)).max(20).default([]),
    skills: z.array(text(100)).max(100).default([]),
    seniority: text(100).optional(),
    locations: z.array(text(200)).max(20).default([]),
    remote: z.boolean().optional(),
  })
  .strict();
export type ProfileSummary = z.output<typeof profileSummarySchema>;
export type ProfileSummaryInput = z.input<typeof profileSummarySchema>;

/** One scored job as the ranking produced it; `reasons` are the scoring explanations. */
export const rankedJobSchema = z
  .object({
    id: text(300),
    title: text(300),
    company: text(200),
    locations: z.array(text(200)).max(50).default([]),
    score: z.number().min(0).max(100),
    reasons: z.array(text(500)).max(30).default([]),
    descriptionExcerpt: z.string().max(6000).default(''),
    url: z.url().optional(),
  })
  .strict();
export type RankedJob = z.output<typeof rankedJobSchema>;
export type RankedJobInput = z.input<typeof rankedJobSchema>;

/** Input of the weekly insights task. */
export const weeklyInsightsInputSchema = z
  .object({
    profile: profileSummarySchema,
    jobs: z.array(rankedJobSchema).max(1000),
    /** ISO date of the week's Monday (or any label of the period); part of the cache key. */
    weekOf: z.iso.date().optional(),
  })
  .strict();
export type WeeklyInsightsInput = z.input<typeof weeklyInsightsInputSchema>;

/** Input of the job briefs task: the ranked jobs; the top N by score get a brief. */
export const jobBriefsInputSchema = z
  .object({
    profile: profileSummarySchema,
    jobs: z.array(rankedJobSchema).max(1000),
  })
  .strict();
export type JobBriefsInput = z.input<typeof jobBriefsInputSchema>;

/** Highest score first; equal scores keep their given order (Array.prototype.sort is stable). */
export function topJobs(jobs: readonly RankedJob[], n: number): RankedJob[] {
  return [...jobs].sort((a, b) => b.score - a.score).slice(0, n);
}
