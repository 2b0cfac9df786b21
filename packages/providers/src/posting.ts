import { z } from 'zod';

/** The seven ATS formats JobIntel reads. */
export const PROVIDERS = [
  'greenhouse',
  'lever',
  'ashby',
  'smartrecruiters',
  'workable',
  'recruitee',
  'personio',
] as const;
export const providerSchema = z.enum(PROVIDERS);
export type Provider = z.infer<typeof providerSchema>;

export const WORKPLACES = ['remote', 'hybrid', 'onsite', 'unknown'] as const;
export const workplaceSchema = z.enum(WORKPLACES);
export type Workplace = z.infer<typeof workplaceSchema>;

export const EMPLOYMENT_TYPES = [
  'full_time',
  'part_time',
  'contract',
  'temporary',
  'internship',
  'volunteer',
  'other',
  'unknown',
] as const;
export const employmentTypeSchema = z.enum(EMPLOYMENT_TYPES);
export type EmploymentType = z.infer<typeof employmentTypeSchema>;

export const PAY_INTERVALS = ['year', 'month', 'week', 'day', 'hour', 'unknown'] as const;
export const payIntervalSchema = z.enum(PAY_INTERVALS);
export type PayInterval = z.infer<typeof payIntervalSchema>;

const isoTime = z.iso.datetime({ offset: true });

/** One location of a posting: the text the board gave, and what could be normalised from it. */
export const postingLocationSchema = z.strictObject({
  /** The board's text, trimmed, e.g. "Remote - US" or "Zürich, Switzerland". */
  raw: z.string(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  /** ISO 3166-1 alpha-2 country code when known, e.g. "US". */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
  /** True when this location is (also) a remote option. */
  remote: z.boolean(),
});
export type PostingLocation = z.infer<typeof postingLocationSchema>;

/** Pay as the board gave it; amounts are in major units of `currency` (dollars, not cents). */
export const compensationSchema = z.strictObject({
  min: z.number().nonnegative().nullable(),
  max: z.number().nonnegative().nullable(),
  /** ISO 4217 code, e.g. "USD", or null when the board did not say. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable(),
  interval: payIntervalSchema,
  /** The board's own wording, when it gave one (e.g. a salary description). */
  text: z.string().nullable(),
});
export type Compensation = z.infer<typeof compensationSchema>;

/** Which raw response a posting came from (a content-addressed snapshot). */
export const rawRefSchema = z.strictObject({
  /** sha256 (hex) of the raw response bytes. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The URL the response was fetched from (or would be, for a snapshot read offline). */
  url: z.string(),
  /** Where inside the response the posting sits, e.g. "jobs[3]" or "jobBoard.jobPostings[12]". */
  path: z.string(),
});
export type RawRef = z.infer<typeof rawRefSchema>;

/**
 * The one normalised posting every adapter produces and every later stage reads.
 * `postingId` is the ATS's id of this posting; `jobId` the ATS's id of the underlying job when it has
 * one, so one job posted in several places can be grouped.
 */
export const jobPostingSchema = z.strictObject({
  provider: providerSchema,
  /** The board's identifier in its ATS (Greenhouse board token, Lever site, Ashby org, ...). */
  board: z.string().min(1),
  postingId: z.string().min(1),
  jobId: z.string().min(1).nullable(),
  title: z.string().min(1),
  company: z.string().min(1),
  department: z.string().nullable(),
  team: z.string().nullable(),
  locations: z.array(postingLocationSchema),
  workplace: workplaceSchema,
  employmentType: employmentTypeSchema,
  compensation: compensationSchema.nullable(),
  /** Sanitised HTML (entities decoded once; scripts, styles and handlers removed). */
  descriptionHtml: z.string(),
  /** Plain text of the description, whitespace collapsed. */
  descriptionText: z.string(),
  applyUrl: z.string().nullable(),
  jobUrl: z.string().nullable(),
  publishedAt: isoTime.nullable(),
  updatedAt: isoTime.nullable(),
  raw: rawRefSchema,
});
export type JobPosting = z.infer<typeof jobPostingSchema>;
