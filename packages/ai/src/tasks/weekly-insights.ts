import { AiErrorCode } from '../errors.js';
import { topJobs, type WeeklyInsightsInput, weeklyInsightsInputSchema } from '../inputs.js';
import type { WeeklyInsights } from '../outputs.js';
import { promptKey } from '../prompts/template.js';
import { weeklyInsightsPrompt } from '../prompts/weekly-insights.js';
import type { TaskResult } from './result.js';
import { runGuardedTask, type TaskContext } from './run-task.js';

/** Weekly insights for one profile from its ranked jobs (the best `maxJobs` by score go in). */
export async function weeklyInsightsTask(
  input: WeeklyInsightsInput,
  maxJobs: number,
  ctx: TaskContext,
): Promise<TaskResult<WeeklyInsights>> {
  const parsed = weeklyInsightsInputSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return invalidInput(problems);
  }
  const jobs = topJobs(parsed.data.jobs, maxJobs);
  if (jobs.length === 0) return invalidInput('jobs: no ranked jobs to draw insights from');
  return runGuardedTask(
    weeklyInsightsPrompt,
    { profile: parsed.data.profile, jobs, weekOf: parsed.data.weekOf },
    ctx,
  );
}

function invalidInput(problems: string): TaskResult<WeeklyInsights> {
  return {
    status: 'unavailable',
    code: AiErrorCode.InvalidInput,
    reason: `invalid input: ${problems}`,
    prompt: promptKey(weeklyInsightsPrompt),
    costNanos: 0,
  };
}
