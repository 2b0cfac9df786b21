import { hash } from 'node:crypto';
import type { JobPosting } from '@jobintel/providers';
import { type CompiledProfile, vocabularyFor } from './compile.js';
import { type CanonicalJob, canonicalJobId, canonicalUrl } from './identity.js';
import { formatLocation, type NormalizedLocation, normalizePostingLocations } from './locations.js';
import type { TokenStream, Vocabulary } from './vocabulary.js';

/**
 * A job with its text tokenized once for a set of profiles (the words they can match), shared by
 * every one of them. Made where it is used (in the worker that scores), from plain JSON postings.
 */
export interface PreparedJob {
  id: string;
  title: string;
  company: string;
  team: string | null;
  department: string | null;
  locations: NormalizedLocation[];
  /** `formatLocation` of each location. */
  locationLabels: string[];
  workplace: JobPosting['workplace'];
  employmentType: JobPosting['employmentType'];
  compensation: JobPosting['compensation'];
  url: string | null;
  publishedAt: string | null;
  updatedAt: string | null;
  duplicateOf: string | null;
  duplicates: string[];
  vocabulary: Vocabulary;
  titleStream: TokenStream;
  descriptionStream: TokenStream;
  /** sha256 (hex) of the description text: what a diff compares. */
  descriptionHash: string;
  /** The first words of the description, cut at a word boundary. */
  excerpt: string;
}

/** Anything scoring accepts: a provider's posting, or a canonical job from `identifyJobs`. */
export type ScorableJob = JobPosting | CanonicalJob;

const EXCERPT_CHARS = 280;

export function excerptOf(text: string, max = EXCERPT_CHARS): string {
  // one pass over the head only, whitespace runs collapsed, so the work does not grow with the text
  let out = '';
  let space = false;
  let i = 0;
  for (; i < text.length && out.length <= max; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13) || c === 160) {
      space = out.length > 0;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += text[i];
  }
  if (out.length <= max && i >= text.length) return out;
  const cut = out.lastIndexOf(' ', max);
  let end = cut > max * 0.6 ? cut : max;
  while (end > 0 && ' ,;:.-'.includes(out.charAt(end - 1))) end--;
  return `${out.slice(0, end)}…`;
}

function prepareWith(vocabulary: Vocabulary, job: ScorableJob): PreparedJob {
  const canonical = 'postingIds' in job;
  const rawUrl = canonical ? job.url : (job.jobUrl ?? job.applyUrl);
  const description = job.descriptionText;
  const locations = canonical ? job.locations : normalizePostingLocations(job.locations);
  return {
    id: canonical ? job.id : canonicalJobId(job).id,
    title: job.title,
    company: job.company,
    team: job.team,
    department: job.department,
    locations,
    locationLabels: locations.map(formatLocation),
    workplace: job.workplace,
    employmentType: job.employmentType,
    compensation: job.compensation,
    url: rawUrl === null ? null : canonical ? rawUrl : (canonicalUrl(rawUrl, { jobIdKnown: true }) ?? rawUrl),
    publishedAt: job.publishedAt,
    updatedAt: job.updatedAt,
    duplicateOf: canonical ? job.duplicateOf : null,
    duplicates: canonical ? job.duplicates : [],
    vocabulary,
    titleStream: vocabulary.stream(job.title),
    descriptionStream: vocabulary.stream(description),
    descriptionHash: hash('sha256', description, 'hex'),
    excerpt: excerptOf(description),
  };
}

/** Tokenizes jobs once for the profiles they will be scored against. */
export function prepareJobs(
  jobs: readonly ScorableJob[],
  profiles: readonly CompiledProfile[],
): PreparedJob[] {
  const vocabulary = vocabularyFor(profiles);
  return jobs.map((job) => prepareWith(vocabulary, job));
}
