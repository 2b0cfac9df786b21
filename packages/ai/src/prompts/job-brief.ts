import type { ProfileSummary, RankedJob } from '../inputs.js';
import { type JobBrief, jobBriefSchema } from '../outputs.js';
import { dataBlock, type PromptTemplate } from './template.js';

export interface JobBriefPromptInput {
  profile: ProfileSummary;
  job: RankedJob;
}

export const jobBriefPrompt: PromptTemplate<JobBriefPromptInput, JobBrief> = {
  id: 'job-brief',
  version: 1,
  system: [
    'You are a careful career coach. You receive a candidate profile and one job that ranked high for it,',
    'with the deterministic score and the reasons for it. Write a brief for the candidate: why the job',
    'matches, the gaps between the profile and the job, what to focus on when preparing for the interview,',
    'and questions to ask the employer. Copy the job id from the data into jobId.',
  ].join('\n'),
  render: (input) => dataBlock({ profile: input.profile, job: input.job }),
  output: {
    name: 'job_brief',
    description: 'A preparation brief for one job and one candidate profile',
    schema: jobBriefSchema,
  },
  check: (output, input) =>
    output.jobId === input.job.id
      ? []
      : [`jobId: expected "${input.job.id}", got "${output.jobId.slice(0, 80)}"`],
};
