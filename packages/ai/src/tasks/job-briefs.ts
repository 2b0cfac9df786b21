import { AiErrorCode } from '../errors.js';
import { type JobBriefsInput, jobBriefsInputSchema, topJobs } from '../inputs.js';
import type { JobBrief } from '../outputs.js';
import { jobBriefPrompt } from '../prompts/job-brief.js';
import type { TaskResult } from './result.js';
import { runGuardedTask, type TaskContext } from './run-task.js';

export interface JobBriefResult {
  jobId: string;
  result: TaskResult<JobBrief>;
}

/** `done` carries one result per top job (each ok, unavailable or disabled on its own). */
export type JobBriefsOutcome =
  | { status: 'done'; briefs: JobBriefResult[] }
  | { status: 'unavailable'; code: AiErrorCode; reason: string }
  | { status: 'disabled'; reason: string };

/**
 * One brief per job for the top `topN` jobs by score, at most `concurrency` calls at a time. Each brief
 * stands alone: one failing (or hitting the budget) does not touch the others. Results keep rank order.
 */
export async function jobBriefsTask(
  input: JobBriefsInput,
  options: { topN: number; concurrency: number },
  ctx: TaskContext,
): Promise<JobBriefsOutcome> {
  const parsed = jobBriefsInputSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { status: 'unavailable', code: AiErrorCode.InvalidInput, reason: `invalid input: ${problems}` };
  }
  const { profile } = parsed.data;
  const jobs = topJobs(parsed.data.jobs, options.topN);
  const results = new Array<JobBriefResult>(jobs.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < jobs.length; i = next++) {
      const job = jobs[i]!;
      results[i] = { jobId: job.id, result: await runGuardedTask(jobBriefPrompt, { profile, job }, ctx) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, jobs.length) }, lane));
  return { status: 'done', briefs: results };
}
