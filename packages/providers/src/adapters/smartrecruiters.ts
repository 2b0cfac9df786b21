import { boardKey } from '../board-config.js';
import { describe, escapeHtml } from '../html.js';
import { normaliseLocation } from '../locations.js';
import type { Compensation, JobPosting } from '../posting.js';
import {
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
  workplaceFromFlags,
} from './fields.js';
import type { Adapter, ParseContext, ParseResult } from './types.js';

const MAX_PAGE = 100;

/**
 * SmartRecruiters Posting API: `{offset, limit, totalFound, content}` paged by limit (<= 100) and
 * offset; pages can overlap (de-duplicate on `id`). Descriptions are only in the one-posting
 * response (`jobAd.sections`), read by `smartRecruitersDetail` and merged with `applyDetail`.
 */
export const smartrecruiters: Adapter = {
  provider: 'smartrecruiters',
  firstRequest(board) {
    const limit = Math.min(board.pageSize ?? MAX_PAGE, MAX_PAGE);
    if (board.url) return { method: 'GET', url: withPaging(board.url, 0, limit) };
    return {
      method: 'GET',
      url: `https://api.smartrecruiters.com/v1/companies/${encodeURIComponent(boardKey(board))}/postings?limit=${limit}&offset=0`,
    };
  },
  nextRequest(board, previous, page) {
    const limit = Math.min(board.pageSize ?? MAX_PAGE, MAX_PAGE);
    const offset = Number(new URL(previous.url).searchParams.get('offset') ?? 0);
    const count = page.paging?.count ?? 0;
    const total = page.paging?.total;
    if (count === 0) return null;
    if (total !== undefined ? offset + count >= total : count < limit) return null;
    return { method: 'GET', url: withPaging(previous.url, offset + count, limit) };
  },
  parse(body, ctx) {
    const json = parseJson(body);
    if (!json.ok) return { postings: [], warnings: [json.warning] };
    return parseSmartRecruiters(json.value, ctx);
  },
};

function withPaging(raw: string, offset: number, limit: number): string {
  const u = new URL(raw);
  u.searchParams.set('limit', String(limit));
  u.searchParams.set('offset', String(offset));
  return u.toString();
}

function parseSmartRecruiters(v: unknown, ctx: ParseContext): ParseResult {
  const out = new Collector(ctx);
  if (isObject(v) && Array.isArray(v.content)) {
    v.content.forEach((item, i) => {
      readPosting(out, item, `content[${i}]`);
    });
    return out.result({ total: num(v.totalFound), items: v.content.length });
  }
  if (isObject(v) && v.id !== undefined && v.name !== undefined) {
    readPosting(out, v, '');
    return out.result();
  }
  if (isObject(v) && isObject(v.jobAd)) {
    out.warn('detail_only', '$', 'a posting detail without id or name: use it to enrich a listed posting');
    return out.result();
  }
  out.warn('parse_error', '$.content', 'expected {content: [...]} or one posting object');
  return out.result();
}

function readPosting(out: Collector, value: unknown, path: string): void {
  const at = path ? `$.${path}` : '$';
  const entry = out.entry(value, at, 'posting', 'name');
  if (!entry) return;
  const { item: p, postingId, title } = entry;
  const loc = isObject(p.location) ? p.location : {};
  const company = isObject(p.company) ? p.company : {};
  const identifier = str(company.identifier) ?? out.ctx.board;
  const raw =
    str(loc.fullLocation) ??
    [str(loc.city), str(loc.region), str(loc.country)?.toUpperCase()].filter(Boolean).join(', ');
  const detail = smartRecruitersDetail(p);
  out.add(
    {
      provider: 'smartrecruiters',
      board: out.ctx.board,
      postingId,
      jobId: str(p.jobId),
      title,
      company: out.ctx.company ?? str(company.name) ?? out.ctx.board,
      department: isObject(p.department) ? str(p.department.label) : null,
      team: isObject(p.function) ? str(p.function.label) : null,
      locations: raw
        ? [
            normaliseLocation(raw, {
              city: str(loc.city),
              region: str(loc.region),
              country: str(loc.country),
              remote: loc.remote === true,
            }),
          ]
        : [],
      workplace: workplaceFromFlags(loc.remote, loc.hybrid),
      employmentType: employmentType(
        isObject(p.typeOfEmployment) ? (p.typeOfEmployment.label ?? p.typeOfEmployment.id) : null,
      ),
      compensation: detail.compensation,
      descriptionHtml: detail.descriptionHtml,
      descriptionText: detail.descriptionText,
      applyUrl: url(p.applyUrl),
      jobUrl:
        url(p.postingUrl) ??
        `https://jobs.smartrecruiters.com/${encodeURIComponent(identifier)}/${encodeURIComponent(postingId)}`,
      publishedAt: isoTime(p.releasedDate),
      updatedAt: null,
      raw: out.rawRef(path),
    },
    at,
  );
}

/** What a one-posting response adds: the description from `jobAd.sections`, and compensation. */
export function smartRecruitersDetail(
  v: unknown,
): Pick<JobPosting, 'descriptionHtml' | 'descriptionText' | 'compensation'> & { applyUrl: string | null } {
  const d = isObject(v) ? v : {};
  const sections = isObject(d.jobAd) && isObject(d.jobAd.sections) ? d.jobAd.sections : {};
  const html = ['companyDescription', 'jobDescription', 'qualifications', 'additionalInformation']
    .map((k) => (isObject(sections[k]) ? sections[k] : null))
    .filter(
      (s): s is Record<string, unknown> => s !== null && typeof s.text === 'string' && s.text.trim() !== '',
    )
    .map((s) => `${str(s.title) ? `<h3>${escapeHtml(str(s.title)!)}</h3>` : ''}${s.text}`)
    .join('\n');
  const c = isObject(d.compensation) ? d.compensation : null;
  const compensation: Compensation | null =
    c && (num(c.min) !== null || num(c.max) !== null)
      ? {
          min: num(c.min),
          max: num(c.max),
          currency: currency(c.currency),
          interval: payInterval(c.period ?? c.interval),
          text: null,
        }
      : null;
  return { ...describe(html), compensation, applyUrl: url(d.applyUrl) };
}

/** Merge a one-posting response into a listed posting (description, pay, apply URL). */
export function applyDetail(posting: JobPosting, detailBody: string): JobPosting {
  const json = parseJson(detailBody);
  if (!json.ok) return posting;
  const d = smartRecruitersDetail(json.value);
  return {
    ...posting,
    descriptionHtml: d.descriptionHtml || posting.descriptionHtml,
    descriptionText: d.descriptionText || posting.descriptionText,
    compensation: d.compensation ?? posting.compensation,
    applyUrl: d.applyUrl ?? posting.applyUrl,
  };
}
