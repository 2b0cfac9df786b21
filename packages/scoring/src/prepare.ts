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
  const out = collapsedHead(text, max);
  if (out.length <= max) return out;
  const cut = out.lastIndexOf(' ', max);
  let end = cut > max * 0.6 ? cut : max;
  while (end > 0 && ' ,;:.-'.includes(out.charAt(end - 1))) end--;
  return `${out.slice(0, end)}…`;
}

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 160;

/**
 * The head of `text` with whitespace runs collapsed to one space and leading and trailing whitespace
 * dropped: just over `max` characters of it, or all of it when it is shorter. One pass over the head
 * only, so the work does not grow with the text.
 */
function collapsedHead(text: string, max: number): string {
  // most text has only single spaces between words, and then the head is a prefix of the text
  let length = 0;
  let space = false;
  let i = 0;
  for (; i < text.length && length <= max; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      if (c !== 32 || space || length === 0) return collapsedHeadSlow(text, max);
      space = true;
      continue;
    }
    length = i + 1;
    space = false;
  }
  if (length === 0) return '';
  // a copy (through a flattened concatenation) rather than a slice, which would keep the whole
  // text alive for as long as the excerpt lives
  return text.slice(0, length - 1) + text.charAt(length - 1);
}

function collapsedHeadSlow(text: string, max: number): string {
  let out = '';
  let space = false;
  for (let i = 0; i < text.length && out.length <= max; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      space = out.length > 0;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += text[i];
  }
  return out;
}

/**
 * An http(s) URL that the URL parser would leave as it is: lowercase host of letters, digits and
 * dashes whose last label starts with a letter (so not an IP address), no "xn--" label, no
 * userinfo, port, query or fragment, and a path of plain characters without "." or ".." segments.
 */
const PLAIN_URL = /^https?:\/\/(?!xn--)[a-z0-9-]+(?:\.(?!xn--)[a-z0-9-]+)*\.[a-z][a-z0-9-]*(?:\/[\w~.-]*)*$/;
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;

/**
 * `canonicalUrl(url, { jobIdKnown: true }) ?? url`, with the parser skipped for plain URLs (most job
 * URLs), whose canonical form is the URL itself less trailing slashes.
 */
export function jobUrlOf(url: string): string {
  if (PLAIN_URL.test(url) && !DOT_SEGMENT.test(url)) {
    const pathAt = url.indexOf('/', url.indexOf('//') + 2);
    if (pathAt < 0) return url;
    let end = url.length;
    while (end > pathAt && url.charCodeAt(end - 1) === 47) end--; // trailing slashes
    return end === pathAt ? url.slice(0, pathAt) : url.slice(0, end);
  }
  return canonicalUrl(url, { jobIdKnown: true }) ?? url;
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
    url: rawUrl === null ? null : canonical ? rawUrl : jobUrlOf(rawUrl),
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
