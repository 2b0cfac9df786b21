import { boardKey } from '../board-config.js';
import { describe, describePlain } from '../html.js';
import { normaliseLocation, uniqueLocations } from '../locations.js';
import type { Compensation, PostingLocation } from '../posting.js';
import {
  arr,
  Collector,
  currency,
  employmentType,
  isObject,
  isoTime,
  num,
  parseJson,
  payInterval,
  str,
  url,
  workplace,
} from './fields.js';
import type { Adapter, ParseContext, ParseResult } from './types.js';

/**
 * Ashby: the public posting API (`{apiVersion, jobs}`, whole board, compensation on request) and the
 * hosted board page (`jobs.ashbyhq.com/{board}`), whose `window.__appData` holds
 * `jobBoard.jobPostings` (postings keyed by `id`, grouped by `jobId`) next to `teams`, which are not
 * jobs. Titles and address parts can carry stray spaces; `isRemote`/`workplaceType` can be null.
 */
export const ashby: Adapter = {
  provider: 'ashby',
  firstRequest(board) {
    if (board.url) return { method: 'GET', url: board.url };
    const name = encodeURIComponent(boardKey(board));
    if (board.variant === 'page') return { method: 'GET', url: `https://jobs.ashbyhq.com/${name}` };
    return {
      method: 'GET',
      url: `https://api.ashbyhq.com/posting-api/job-board/${name}?includeCompensation=true`,
    };
  },
  nextRequest: () => null,
  parse(body, ctx) {
    const trimmed = body.trimStart();
    if (trimmed.startsWith('<')) return parseBoardPage(body, ctx);
    const json = parseJson(body);
    if (!json.ok) return { postings: [], warnings: [json.warning] };
    return parseApi(json.value, ctx);
  },
};

function parseApi(v: unknown, ctx: ParseContext): ParseResult {
  const out = new Collector(ctx);
  if (!isObject(v) || !Array.isArray(v.jobs)) {
    out.warn('parse_error', '$.jobs', 'expected {jobs: [...]}');
    return out.result();
  }
  v.jobs.forEach((job, i) => {
    const at = `$.jobs[${i}]`;
    if (!isObject(job)) {
      out.warn('parse_error', at, 'job is not an object');
      return;
    }
    if (job.isListed === false) return;
    const postingId = str(job.id);
    const title = str(job.title);
    if (!postingId || !title) {
      out.warn('invalid_posting', at, 'job without id or title');
      return;
    }
    const wp = workplace(job.workplaceType);
    const isRemote = job.isRemote === true;
    const locations: PostingLocation[] = [locationOf(job.location, job.address, isRemote)];
    for (const s of arr(job.secondaryLocations).filter(isObject)) {
      locations.push(locationOf(s.location, s.address, false));
    }
    const html = typeof job.descriptionHtml === 'string' ? job.descriptionHtml : '';
    out.add(
      {
        provider: 'ashby',
        board: ctx.board,
        postingId,
        jobId: str(job.jobId),
        title,
        company: ctx.company ?? ctx.board,
        department: str(job.department),
        team: str(job.team),
        locations: uniqueLocations(locations.filter((l) => l.raw)),
        workplace: wp !== 'unknown' ? wp : isRemote ? 'remote' : 'unknown',
        employmentType: employmentType(job.employmentType),
        compensation: compensation(job.compensation),
        ...(html ? describe(html) : describePlain(str(job.descriptionPlain))),
        applyUrl: url(job.applyUrl),
        jobUrl: url(job.jobUrl),
        publishedAt: isoTime(job.publishedAt),
        updatedAt: isoTime(job.updatedAt),
        raw: out.rawRef(`jobs[${i}]`),
      },
      at,
    );
  });
  return out.result();
}

function locationOf(text: unknown, address: unknown, remote: boolean): PostingLocation {
  const postal = isObject(address) && isObject(address.postalAddress) ? address.postalAddress : {};
  return normaliseLocation(str(text), {
    city: str(postal.addressLocality),
    region: str(postal.addressRegion),
    country: str(postal.addressCountry),
    remote: remote || null,
  });
}

/** Salary components of all tiers as one range (lowest min, highest max) plus the board's summary. */
function compensation(v: unknown): Compensation | null {
  if (!isObject(v)) return null;
  const comps = [
    ...arr(v.summaryComponents),
    ...arr(v.compensationTiers).flatMap((t) => (isObject(t) ? arr(t.components) : [])),
  ].filter((c): c is Record<string, unknown> => isObject(c) && str(c.compensationType) === 'Salary');
  const text = str(v.scrapeableCompensationSalarySummary) ?? str(v.compensationTierSummary);
  if (comps.length === 0 && !text) return null;
  const mins = comps.map((c) => num(c.minValue)).filter((n): n is number => n !== null);
  const maxs = comps.map((c) => num(c.maxValue)).filter((n): n is number => n !== null);
  return {
    min: mins.length ? Math.min(...mins) : null,
    max: maxs.length ? Math.max(...maxs) : null,
    currency: comps.length ? currency(comps[0]!.currencyCode) : null,
    interval: comps.length ? payInterval(comps[0]!.interval) : 'unknown',
    text,
  };
}

/** The JSON object literal assigned to `window.__appData` in the hosted board page, or null. */
export function extractAppData(html: string): { value: unknown } | { error: string } {
  const m = /window\.__appData\s*=\s*/.exec(html);
  if (!m) return { error: 'no window.__appData in the page' };
  const start = m.index + m[0].length;
  if (html[start] !== '{') return { error: 'window.__appData is not an object literal' };
  let depth = 0;
  let inString = false;
  for (let i = start; i < html.length; i++) {
    const c = html[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) {
        try {
          return { value: JSON.parse(html.slice(start, i + 1)) };
        } catch (error) {
          return { error: `window.__appData is not JSON: ${(error as Error).message}` };
        }
      }
    }
  }
  return { error: 'window.__appData is truncated' };
}

function parseBoardPage(html: string, ctx: ParseContext): ParseResult {
  const out = new Collector(ctx);
  const data = extractAppData(html);
  if ('error' in data) {
    out.warn('parse_error', '$window.__appData', data.error);
    return out.result();
  }
  const app = data.value;
  const board = isObject(app) && isObject(app.jobBoard) ? app.jobBoard : null;
  if (!board || !Array.isArray(board.jobPostings)) {
    out.warn('parse_error', '$.jobBoard.jobPostings', 'expected jobBoard.jobPostings to be an array');
    return out.result();
  }
  const org = isObject(app) && isObject(app.organization) ? app.organization : {};
  const company = ctx.company ?? str(org.name) ?? ctx.board;
  const slug = str(org.hostedJobsPageSlug) ?? ctx.board;
  // only jobPostings: `jobBoard.teams` are team records, not jobs
  board.jobPostings.forEach((value, i) => {
    const at = `$.jobBoard.jobPostings[${i}]`;
    const entry = out.entry(value, at, 'posting', 'title');
    if (!entry) return;
    const { item: p, postingId, title } = entry;
    const wp = workplace(p.workplaceType);
    const locations = [
      normaliseLocation(str(p.locationName), { remote: wp === 'remote' ? true : null }),
      ...arr(p.secondaryLocations)
        .filter(isObject)
        .map((s) => normaliseLocation(str(s.locationName))),
    ];
    const jobUrl = `https://jobs.ashbyhq.com/${encodeURIComponent(slug)}/${encodeURIComponent(postingId)}`;
    const summary = str(p.compensationTierSummary);
    out.add(
      {
        provider: 'ashby',
        board: ctx.board,
        postingId,
        jobId: str(p.jobId),
        title,
        company,
        department: str(p.departmentName),
        team: str(p.teamName),
        locations: uniqueLocations(locations.filter((l) => l.raw)),
        workplace: wp,
        employmentType: employmentType(p.employmentType),
        compensation: summary
          ? { min: null, max: null, currency: null, interval: 'unknown', text: summary }
          : null,
        descriptionHtml: '',
        descriptionText: '',
        applyUrl: `${jobUrl}/application`,
        jobUrl,
        publishedAt: isoTime(p.publishedDate ?? p.publishedAt),
        updatedAt: isoTime(p.updatedAt),
        raw: out.rawRef(`jobBoard.jobPostings[${i}]`),
      },
      at,
    );
  });
  return out.result();
}
