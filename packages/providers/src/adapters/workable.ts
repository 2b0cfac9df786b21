import { boardKey } from '../board-config.js';
import { describe } from '../html.js';
import { normaliseLocation, uniqueLocations } from '../locations.js';
import type { JobPosting, PostingLocation } from '../posting.js';
import {
  arr,
  Collector,
  employmentType,
  isObject,
  isoTime,
  num,
  parseJson,
  str,
  url,
  workplace,
  workplaceFromFlags,
} from './fields.js';
import type { Adapter, ParseContext, ParseResult } from './types.js';

/**
 * Workable: the v1 widget (`{name, description, jobs}`, whole account; `details=true` adds
 * descriptions) and the v3 jobs list (`POST .../api/v3/accounts/{account}/jobs`, paged by passing
 * `nextPage` back as `token`). The same `shortcode` can be listed once per location: those rows are
 * one posting with several locations. Hidden locations are skipped.
 */
export const workable: Adapter = {
  provider: 'workable',
  firstRequest(board) {
    const account = encodeURIComponent(boardKey(board));
    if (board.variant === 'v3') {
      return {
        method: 'POST',
        url: board.url ?? `https://apply.workable.com/api/v3/accounts/${account}/jobs`,
        body: '{}',
        headers: { 'content-type': 'application/json' },
      };
    }
    return {
      method: 'GET',
      url: board.url ?? `https://apply.workable.com/api/v1/widget/accounts/${account}?details=true`,
    };
  },
  nextRequest(_board, previous, page) {
    const token = page.paging?.nextToken;
    if (previous.method !== 'POST' || !token || (page.paging?.count ?? 0) === 0) return null;
    return { ...previous, body: JSON.stringify({ token }) };
  },
  parse(body, ctx) {
    const json = parseJson(body);
    if (!json.ok) return { postings: [], warnings: [json.warning] };
    const v = json.value;
    if (isObject(v) && Array.isArray(v.results)) return parseV3(v, ctx);
    if (isObject(v) && Array.isArray(v.jobs)) return parseWidget(v, ctx);
    return {
      postings: [],
      warnings: [
        { code: 'parse_error', path: '$.jobs', message: 'expected {jobs: [...]} or {results: [...]}' },
      ],
    };
  },
};

function locationsOf(v: Record<string, unknown>): PostingLocation[] {
  const list = arr(v.locations).filter((l): l is Record<string, unknown> => isObject(l) && l.hidden !== true);
  const single = isObject(v.location) ? [v.location] : [];
  const flat = str(v.city) || str(v.country) ? [{ city: v.city, region: v.state, country: v.country }] : [];
  const source = list.length ? list : single.length ? single : flat;
  return source.map((l) => {
    const o = l as Record<string, unknown>;
    const raw = [str(o.city), str(o.region), str(o.country)].filter(Boolean).join(', ');
    return normaliseLocation(raw, {
      city: str(o.city),
      region: str(o.region),
      country: str(o.countryCode) ?? str(o.country),
    });
  });
}

/** Add a row, or merge its locations into the posting of the same shortcode already added. */
function addOrMerge(out: Collector, byId: Map<string, JobPosting>, posting: JobPosting, at: string): void {
  const prev = byId.get(posting.postingId);
  if (prev) {
    prev.locations = uniqueLocations([...prev.locations, ...posting.locations]);
    return;
  }
  out.add(posting, at);
  const added = out.postings.at(-1);
  if (added?.postingId === posting.postingId) byId.set(posting.postingId, added);
}

function parseWidget(v: Record<string, unknown>, ctx: ParseContext): ParseResult {
  const out = new Collector(ctx);
  const byId = new Map<string, JobPosting>();
  const company = ctx.company ?? str(v.name) ?? ctx.board;
  arr(v.jobs).forEach((job, i) => {
    const at = `$.jobs[${i}]`;
    if (!isObject(job)) {
      out.warn('parse_error', at, 'job is not an object');
      return;
    }
    const shortcode = str(job.shortcode);
    const title = str(job.title);
    if (!shortcode || !title) {
      out.warn('invalid_posting', at, 'job without shortcode or title');
      return;
    }
    const jobUrl = url(job.url) ?? url(job.shortlink);
    addOrMerge(
      out,
      byId,
      {
        provider: 'workable',
        board: ctx.board,
        postingId: shortcode,
        jobId: shortcode,
        title,
        company,
        department: str(job.department),
        team: null,
        locations: locationsOf(job),
        workplace: job.telecommuting === true ? 'remote' : 'unknown',
        employmentType: employmentType(job.employment_type),
        compensation: null,
        ...describe(typeof job.description === 'string' ? job.description : ''),
        applyUrl: url(job.application_url) ?? jobUrl,
        jobUrl,
        publishedAt: isoTime(job.published_on),
        updatedAt: null,
        raw: out.rawRef(`jobs[${i}]`),
      },
      at,
    );
  });
  return out.result();
}

function parseV3(v: Record<string, unknown>, ctx: ParseContext): ParseResult {
  const out = new Collector(ctx);
  const byId = new Map<string, JobPosting>();
  const results = arr(v.results);
  results.forEach((job, i) => {
    const at = `$.results[${i}]`;
    if (!isObject(job)) {
      out.warn('parse_error', at, 'result is not an object');
      return;
    }
    const shortcode = str(job.shortcode);
    const title = str(job.title);
    if (!shortcode || !title) {
      out.warn('invalid_posting', at, 'result without shortcode or title');
      return;
    }
    const wp = workplace(job.workplace);
    const jobUrl = `https://apply.workable.com/${encodeURIComponent(ctx.board)}/j/${encodeURIComponent(shortcode)}/`;
    addOrMerge(
      out,
      byId,
      {
        provider: 'workable',
        board: ctx.board,
        postingId: shortcode,
        jobId: shortcode,
        title,
        company: ctx.company ?? ctx.board,
        department: arr(job.department).map(str).filter(Boolean).join(' / ') || null,
        team: null,
        locations: locationsOf(job),
        workplace:
          wp !== 'unknown' ? wp : workplaceFromFlags(job.remote === true ? true : undefined, undefined),
        employmentType: employmentType(job.type),
        compensation: null,
        descriptionHtml: '',
        descriptionText: '',
        applyUrl: `${jobUrl}apply/`,
        jobUrl,
        publishedAt: isoTime(job.published),
        updatedAt: null,
        raw: out.rawRef(`results[${i}]`),
      },
      at,
    );
  });
  return out.result({ total: num(v.total), nextToken: str(v.nextPage), items: results.length });
}
