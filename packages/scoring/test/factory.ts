import { type JobPosting, jobPostingSchema } from '@jobintel/providers';

let counter = 0;

export interface PostingOverrides extends Partial<Omit<JobPosting, 'locations'>> {
  /** Location strings (raw), or full locations. */
  locations?: Array<string | JobPosting['locations'][number]>;
}

/** A valid JobPosting (checked with the providers' schema) with sensible defaults. */
export function makePosting(overrides: PostingOverrides = {}): JobPosting {
  counter++;
  const postingId = overrides.postingId ?? `p-${counter}`;
  const { locations, ...rest } = overrides;
  return jobPostingSchema.parse({
    provider: 'greenhouse',
    board: 'acme',
    postingId,
    jobId: null,
    title: 'Customer Success Manager',
    company: 'Acme',
    department: null,
    team: null,
    workplace: 'unknown',
    employmentType: 'full_time',
    compensation: null,
    descriptionHtml: '',
    descriptionText: '',
    applyUrl: null,
    jobUrl: `https://boards.example.com/acme/jobs/${postingId}`,
    publishedAt: '2026-11-20T00:00:00Z',
    updatedAt: null,
    raw: { sha256: '0'.repeat(64), url: 'https://boards.example.com/acme', path: `jobs[${counter}]` },
    ...rest,
    locations: (locations ?? ['San Francisco, CA']).map((l) =>
      typeof l === 'string' ? { raw: l, city: null, region: null, country: null, remote: false } : l,
    ),
  });
}
