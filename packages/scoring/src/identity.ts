import { createHash } from 'node:crypto';
import type { JobPosting, PostingLocation, RawRef } from '@jobintel/providers';
import { type NormalizedLocation, normalizePostingLocations } from './locations.js';
import { normalizePhrase } from './text.js';

/** Query keys that only say where a click came from. `gh_jid` goes only when the job id is known. */
const TRACKING_KEYS = new Set([
  'gh_src',
  'lever-source',
  'lever-origin',
  'lever-source[]',
  'ref',
  'referrer',
  'source',
  'src',
  'fbclid',
  'gclid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  'trk',
  'trackingid',
  'ashby_src',
]);

export interface CanonicalUrlOptions {
  /** The ATS job id is known elsewhere, so Greenhouse's `gh_jid` carries nothing. */
  jobIdKnown?: boolean;
}

/**
 * The canonical form of a job URL: lowercase scheme and host, no default port, no fragment, no
 * trailing slash, no tracking parameters (`utm_*`, `gh_src`, `lever-source`, `ref`, `source`, ...),
 * the remaining parameters sorted. Returns null for text that is not an http(s) URL.
 */
export function canonicalUrl(url: string, options: CanonicalUrlOptions = {}): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  parsed.hash = '';
  const kept: Array<[string, string]> = [];
  for (const [key, value] of parsed.searchParams) {
    const k = key.toLowerCase();
    if (k.startsWith('utm_') || TRACKING_KEYS.has(k)) continue;
    if (k === 'gh_jid' && options.jobIdKnown) continue;
    kept.push([key, value]);
  }
  kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const path = parsed.pathname.length > 1 ? parsed.pathname.replace(/\/+$/, '') : '';
  const query = kept.length ? `?${new URLSearchParams(kept).toString()}` : '';
  return `${parsed.protocol}//${parsed.host}${path}${query}`;
}

/** What `canonicalJobId` needs; a `JobPosting` has it all. */
export interface IdentityInput {
  provider: string;
  board: string;
  postingId?: string | null;
  jobId?: string | null;
  jobUrl?: string | null;
  applyUrl?: string | null;
  title: string;
  team?: string | null;
  locations: readonly Pick<PostingLocation, 'raw'>[];
}

export type IdentityBasis = 'ats' | 'url' | 'content';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The canonical job id: the ATS's id namespaced by provider and board (`ashby:acme:<jobId>`; the job
 * id when the ATS has one, so one job posted in several places gets one id); otherwise the canonical
 * URL (`url:<sha256 prefix>`); otherwise a content hash of title, locations and team.
 */
export function canonicalJobId(input: IdentityInput): { id: string; basis: IdentityBasis } {
  const ns = jobIdNamespace(input);
  const atsId = input.jobId?.trim() || input.postingId?.trim();
  if (atsId) return { id: `${ns}${atsId}`, basis: 'ats' };
  const url = canonicalUrl(input.jobUrl ?? '') ?? canonicalUrl(input.applyUrl ?? '');
  if (url) return { id: `${ns}url:${sha256(url).slice(0, 20)}`, basis: 'url' };
  const content = [
    normalizePhrase(input.title),
    input.locations
      .map((l) => normalizePhrase(l.raw))
      .sort()
      .join(';'),
    normalizePhrase(input.team ?? ''),
  ].join('|');
  return { id: `${ns}content:${sha256(content).slice(0, 20)}`, basis: 'content' };
}

/**
 * The prefix of every canonical id of a board (`ashby:acme:`): ids of different boards never meet,
 * so the ids of one board are one contiguous run in id order.
 */
export function jobIdNamespace(input: Pick<IdentityInput, 'provider' | 'board'>): string {
  return `${input.provider}:${input.board.trim().toLowerCase()}:`;
}

/** One job after de-duplication: every posting of it, all its locations, and its duplicates elsewhere. */
export interface CanonicalJob {
  id: string;
  idBasis: IdentityBasis;
  provider: JobPosting['provider'];
  board: string;
  jobId: string | null;
  /** The posting ids collapsed into this job, sorted. */
  postingIds: string[];
  title: string;
  company: string;
  department: string | null;
  team: string | null;
  /** Every location of every posting, normalised, de-duplicated and sorted. */
  locations: NormalizedLocation[];
  workplace: JobPosting['workplace'];
  employmentType: JobPosting['employmentType'];
  compensation: JobPosting['compensation'];
  descriptionText: string;
  /** Canonical URL of the job page (or the apply page when there is none). */
  url: string | null;
  /** Earliest publication and latest update over the postings. */
  publishedAt: string | null;
  updatedAt: string | null;
  raws: RawRef[];
  /** Ids of the same job on other boards, sorted; the smallest id of a group is its primary. */
  duplicates: string[];
  /** The primary id of this job's duplicate group, or null when this job is the primary or has none. */
  duplicateOf: string | null;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const minIso = (values: Array<string | null>) =>
  values.filter((v): v is string => v !== null).sort(byString)[0] ?? null;
const maxIso = (values: Array<string | null>) =>
  values
    .filter((v): v is string => v !== null)
    .sort(byString)
    .at(-1) ?? null;

function collapse(id: string, basis: IdentityBasis, postings: JobPosting[]): CanonicalJob {
  // the posting with the smallest id speaks for the job, whatever the input order
  const sorted = [...postings].sort(
    (a, b) => byString(a.postingId, b.postingId) || byString(a.raw.sha256, b.raw.sha256),
  );
  const lead = sorted[0]!;
  const firstOf = <T>(pick: (p: JobPosting) => T | null): T | null => {
    for (const p of sorted) {
      const v = pick(p);
      if (v !== null && v !== '') return v;
    }
    return null;
  };
  const description = sorted
    .map((p) => p.descriptionText)
    .reduce((a, b) => (b.length > a.length ? b : a), '');
  const rawUrl = firstOf((p) => p.jobUrl) ?? firstOf((p) => p.applyUrl);
  return {
    id,
    idBasis: basis,
    provider: lead.provider,
    board: lead.board,
    jobId: lead.jobId,
    postingIds: [...new Set(sorted.map((p) => p.postingId))].sort(byString),
    title: lead.title,
    company: lead.company,
    department: firstOf((p) => p.department),
    team: firstOf((p) => p.team),
    locations: normalizePostingLocations(sorted.flatMap((p) => p.locations)),
    workplace: firstOf((p) => (p.workplace === 'unknown' ? null : p.workplace)) ?? 'unknown',
    employmentType: firstOf((p) => (p.employmentType === 'unknown' ? null : p.employmentType)) ?? 'unknown',
    compensation: firstOf((p) => p.compensation),
    descriptionText: description,
    // the link people click: gh_jid stays (on a company domain it is what selects the job)
    url: rawUrl === null ? null : (canonicalUrl(rawUrl) ?? rawUrl),
    publishedAt: minIso(sorted.map((p) => p.publishedAt)),
    updatedAt: maxIso(sorted.map((p) => p.updatedAt)),
    raws: sorted
      .map((p) => p.raw)
      .sort((a, b) => byString(a.sha256, b.sha256) || byString(a.path, b.path) || byString(a.url, b.url)),
    duplicates: [],
    duplicateOf: null,
  };
}

/**
 * The key under which the same job on two boards meets: company, title and description (or places).
 * Jobs with equal keys are linked by `linkDuplicates`.
 */
export function duplicateKey(job: CanonicalJob): string {
  const description = normalizePhrase(job.descriptionText).slice(0, 2000);
  const places = job.locations
    .map((l) => `${l.city ?? ''}/${l.country ?? ''}/${l.remote ? 'r' : ''}`)
    .join(';');
  return sha256(`${normalizePhrase(job.company)}|${normalizePhrase(job.title)}|${description || places}`);
}

/**
 * Postings of one job (same provider, board and ATS job id) collapsed into canonical jobs, sorted by
 * id, not yet linked to their duplicates. Ids are namespaced by provider and board, so the postings
 * of each board can be collapsed on their own (the daily run does, to hold one board at a time).
 */
export function collapseJobs(postings: readonly JobPosting[]): CanonicalJob[] {
  const groups = new Map<string, { basis: IdentityBasis; postings: JobPosting[] }>();
  for (const p of postings) {
    const { id, basis } = canonicalJobId(p);
    const group = groups.get(id);
    if (group) group.postings.push(p);
    else groups.set(id, { basis, postings: [p] });
  }
  return [...groups.entries()]
    .sort(([a], [b]) => byString(a, b))
    .map(([id, g]) => collapse(id, g.basis, g.postings));
}

/** A job's links to the same job elsewhere (see `CanonicalJob.duplicates` and `duplicateOf`). */
export interface DuplicateLinks {
  duplicates: string[];
  duplicateOf: string | null;
}

/**
 * Links jobs whose `duplicateKey` is equal: the smallest id of a group is its primary. Returns the
 * links of the jobs that have duplicates; a job not in the map has none.
 */
export function linkDuplicates(entries: Iterable<{ id: string; key: string }>): Map<string, DuplicateLinks> {
  const byKey = new Map<string, string[]>();
  for (const { id, key } of entries) {
    const group = byKey.get(key);
    if (group) group.push(id);
    else byKey.set(key, [id]);
  }
  const links = new Map<string, DuplicateLinks>();
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    group.sort(byString);
    const primary = group[0]!;
    for (const id of group) {
      links.set(id, {
        duplicates: group.filter((other) => other !== id),
        duplicateOf: id === primary ? null : primary,
      });
    }
  }
  return links;
}

/**
 * Identify: postings of one job (same provider, board and ATS job id) collapse into one canonical job
 * with all their locations; the same job on several boards is linked through `duplicates` and
 * `duplicateOf`. The result is sorted by id and does not depend on the input order.
 */
export function identifyJobs(postings: readonly JobPosting[]): CanonicalJob[] {
  const jobs = collapseJobs(postings);
  const links = linkDuplicates(jobs.map((job) => ({ id: job.id, key: duplicateKey(job) })));
  for (const job of jobs) {
    const link = links.get(job.id);
    if (link) Object.assign(job, link);
  }
  return jobs;
}
