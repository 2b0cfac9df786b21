import { boardKey } from '../board-config.js';
import { describe } from '../html.js';
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
  workplaceFromFlags,
} from './fields.js';
import type { Adapter, ParseContext, ParseResult } from './types.js';

/**
 * Recruitee Careers Site API: `GET https://{company}.recruitee.com/api/offers/` (or the company's own
 * careers domain), whole list inline. Times look like "2026-08-05 09:41:37 UTC"; salary amounts are
 * strings and may all be null.
 */
export const recruitee: Adapter = {
  provider: 'recruitee',
  firstRequest(board) {
    return {
      method: 'GET',
      url: board.url ?? `https://${encodeURIComponent(boardKey(board))}.recruitee.com/api/offers/`,
    };
  },
  nextRequest: () => null,
  parse(body, ctx) {
    const json = parseJson(body);
    if (!json.ok) return { postings: [], warnings: [json.warning] };
    return parseRecruitee(json.value, ctx);
  },
};

function parseRecruitee(v: unknown, ctx: ParseContext): ParseResult {
  const out = new Collector(ctx);
  if (isObject(v) && Array.isArray(v.offers)) {
    v.offers.forEach((o, i) => {
      readOffer(out, o, `offers[${i}]`);
    });
  } else if (isObject(v) && isObject(v.offer)) {
    readOffer(out, v.offer, 'offer');
  } else {
    out.warn('parse_error', '$.offers', 'expected {offers: [...]}');
  }
  return out.result();
}

function readOffer(out: Collector, raw: unknown, path: string): void {
  const at = `$.${path}`;
  const entry = out.entry(raw, at, 'offer', 'title');
  if (!entry) return;
  const { item: o, postingId, title } = entry;
  const description = [o.description, o.requirements]
    .filter((s): s is string => typeof s === 'string' && s.trim() !== '')
    .join('\n');
  out.add(
    {
      provider: 'recruitee',
      board: out.ctx.board,
      postingId,
      jobId: null,
      title,
      company: out.ctx.company ?? str(o.company_name) ?? out.ctx.board,
      department: str(o.department),
      team: null,
      locations: locationsOf(o),
      workplace: workplaceFromFlags(o.remote, o.hybrid, o.on_site),
      employmentType: employmentType(o.employment_type_code),
      compensation: salary(o.salary),
      ...describe(description),
      applyUrl: url(o.careers_apply_url),
      jobUrl: url(o.careers_url),
      publishedAt: isoTime(o.published_at) ?? isoTime(o.created_at),
      updatedAt: isoTime(o.updated_at),
      raw: out.rawRef(path),
    },
    at,
  );
}

function locationsOf(o: Record<string, unknown>): PostingLocation[] {
  const remote = o.remote === true ? true : null;
  const list = arr(o.locations).filter(isObject);
  if (list.length) {
    return uniqueLocations(
      list.map((l) =>
        normaliseLocation(
          str(l.name) ?? [str(l.city), str(l.state), str(l.country)].filter(Boolean).join(', '),
          {
            city: str(l.city),
            region: str(l.state),
            country: str(l.country_code) ?? str(l.country),
            remote,
          },
        ),
      ),
    ).filter((l) => l.raw);
  }
  const raw = str(o.location) ?? [str(o.city), str(o.state_name), str(o.country)].filter(Boolean).join(', ');
  if (!raw) return [];
  return [
    normaliseLocation(raw, {
      city: str(o.city),
      region: str(o.state_code) ?? str(o.state_name),
      country: str(o.country_code) ?? str(o.country),
      remote,
    }),
  ];
}

function salary(v: unknown): Compensation | null {
  if (!isObject(v)) return null;
  const min = num(v.min);
  const max = num(v.max);
  if (min === null && max === null) return null;
  return { min, max, currency: currency(v.currency), interval: payInterval(v.period), text: null };
}
