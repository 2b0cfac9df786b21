import { boardKey } from '../board-config.js';
import { describe, escapeHtml } from '../html.js';
import { normaliseLocation, uniqueLocations } from '../locations.js';
import type { Compensation } from '../posting.js';
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

const DEFAULT_PAGE = 100;

/**
 * Lever Postings API: a bare JSON array, paged explicitly with `skip`/`limit` (sources disagree on a
 * default limit). EU accounts live on api.eu.lever.co. `categories` keys may be missing, times are
 * epoch milliseconds, `salaryRange` is optional. Also reads the one-posting response.
 */
export const lever: Adapter = {
  provider: 'lever',
  firstRequest(board) {
    const limit = board.pageSize ?? DEFAULT_PAGE;
    if (board.url) return { method: 'GET', url: withPaging(board.url, 0, limit) };
    const host = board.region === 'eu' ? 'api.eu.lever.co' : 'api.lever.co';
    return {
      method: 'GET',
      url: `https://${host}/v0/postings/${encodeURIComponent(boardKey(board))}?mode=json&skip=0&limit=${limit}`,
    };
  },
  nextRequest(board, previous, page) {
    const limit = board.pageSize ?? DEFAULT_PAGE;
    // a short page is the last one; a full page may be followed by more
    if ((page.paging?.count ?? 0) < limit) return null;
    const u = new URL(previous.url);
    const skip = Number(u.searchParams.get('skip') ?? 0) + limit;
    return { method: 'GET', url: withPaging(previous.url, skip, limit) };
  },
  parse(body, ctx) {
    const json = parseJson(body);
    if (!json.ok) return { postings: [], warnings: [json.warning] };
    return parseLever(json.value, ctx);
  },
};

function withPaging(raw: string, skip: number, limit: number): string {
  const u = new URL(raw);
  if (!u.searchParams.has('mode')) u.searchParams.set('mode', 'json');
  u.searchParams.set('skip', String(skip));
  u.searchParams.set('limit', String(limit));
  return u.toString();
}

function parseLever(v: unknown, ctx: ParseContext): ParseResult {
  const out = new Collector(ctx);
  if (Array.isArray(v)) {
    v.forEach((p, i) => {
      readPosting(out, p, `[${i}]`);
    });
  } else if (isObject(v) && v.id !== undefined && v.text !== undefined) {
    readPosting(out, v, '');
  } else {
    out.warn('parse_error', '$', 'expected an array of postings or one posting object');
  }
  return out.result({ items: Array.isArray(v) ? v.length : out.postings.length });
}

function readPosting(out: Collector, raw: unknown, path: string): void {
  const at = `$${path}`;
  const entry = out.entry(raw, at, 'posting', 'text');
  if (!entry) return;
  const { item: p, postingId, title } = entry;
  const cat = isObject(p.categories) ? p.categories : {};
  const primary = str(cat.location);
  const all = arr(cat.allLocations)
    .map(str)
    .filter((s): s is string => s !== null);
  const texts = all.length ? all : primary ? [primary] : [];
  const country = str(p.country);
  const wp = workplace(p.workplaceType);
  const locations = uniqueLocations(
    texts.map((t) =>
      normaliseLocation(t, {
        // the posting's country belongs to its primary location
        country: t === primary || texts.length === 1 ? country : null,
        remote: wp === 'remote' ? true : null,
      }),
    ),
  );
  const hostedUrl = url(p.hostedUrl);
  out.add(
    {
      provider: 'lever',
      board: out.ctx.board,
      postingId,
      jobId: null,
      title,
      company: out.ctx.company ?? out.ctx.board,
      department: str(cat.department),
      team: str(cat.team),
      locations,
      workplace: wp,
      employmentType: employmentType(cat.commitment),
      compensation: salary(p),
      ...describe(descriptionHtml(p)),
      applyUrl: url(p.applyUrl) ?? (hostedUrl ? `${hostedUrl.replace(/\/$/, '')}/apply` : null),
      jobUrl: hostedUrl,
      publishedAt: isoTime(p.createdAt),
      updatedAt: isoTime(p.updatedAt),
      raw: out.rawRef(path.replace(/^\./, '')),
    },
    at,
  );
}

function descriptionHtml(p: Record<string, unknown>): string {
  const parts: string[] = [];
  const description = str(p.description)
    ? String(p.description)
    : `${p.opening ?? ''}${p.descriptionBody ?? ''}`;
  parts.push(typeof description === 'string' ? description : '');
  for (const l of arr(p.lists).filter(isObject)) {
    const heading = str(l.text);
    if (heading) parts.push(`<h3>${escapeHtml(heading)}</h3>`);
    if (typeof l.content === 'string') parts.push(`<ul>${l.content}</ul>`);
  }
  if (typeof p.additional === 'string') parts.push(p.additional);
  if (typeof p.salaryDescription === 'string') parts.push(p.salaryDescription);
  return parts.join('\n');
}

function salary(p: Record<string, unknown>): Compensation | null {
  const r = isObject(p.salaryRange) ? p.salaryRange : null;
  const text = str(p.salaryDescriptionPlain);
  if (!r && !text) return null;
  return {
    min: r ? num(r.min) : null,
    max: r ? num(r.max) : null,
    currency: r ? currency(r.currency) : null,
    interval: r ? payInterval(r.interval) : 'unknown',
    text,
  };
}
