import { boardKey } from '../board-config.js';
import { decodeEntitiesOnce, describe } from '../html.js';
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
  str,
  url,
  workplaceFromText,
} from './fields.js';
import type { Adapter, ParseContext, ParseResult } from './types.js';

/**
 * Greenhouse Job Board API. `GET boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true` holds
 * the whole board (EU boards too). `content` is entity-escaped HTML; `absolute_url` may be on the
 * company's domain. Also reads the one-job response (with `pay_input_ranges`) and `/departments`.
 */
export const greenhouse: Adapter = {
  provider: 'greenhouse',
  firstRequest(board) {
    return {
      method: 'GET',
      url:
        board.url ??
        `https://boards-api.greenhouse.io/v1/boards/${encodeURIComponent(boardKey(board))}/jobs?content=true`,
    };
  },
  nextRequest: () => null,
  parse(body, ctx) {
    const json = parseJson(body);
    if (!json.ok) return { postings: [], warnings: [json.warning] };
    return parseGreenhouse(json.value, ctx);
  },
};

function parseGreenhouse(v: unknown, ctx: ParseContext): ParseResult {
  const out = new Collector(ctx);
  if (isObject(v) && Array.isArray(v.jobs)) {
    v.jobs.forEach((job, i) => {
      readJob(out, job, `jobs[${i}]`, null);
    });
    const total = isObject(v.meta) ? num(v.meta.total) : null;
    return out.result({ total });
  }
  if (isObject(v) && Array.isArray(v.departments)) {
    // /departments nests job stubs ({id, title}) under each department: titles and departments only.
    v.departments.forEach((dep, d) => {
      if (!isObject(dep)) {
        out.warn('parse_error', `$.departments[${d}]`, 'department is not an object');
        return;
      }
      arr(dep.jobs).forEach((job, j) => {
        readJob(out, job, `departments[${d}].jobs[${j}]`, str(dep.name));
      });
    });
    return out.result();
  }
  if (isObject(v) && v.id !== undefined && v.title !== undefined) {
    readJob(out, v, '', null);
    return out.result();
  }
  out.warn('parse_error', '$', 'expected {jobs: [...]}, {departments: [...]} or one job object');
  return out.result();
}

function readJob(out: Collector, raw: unknown, path: string, departmentHint: string | null): void {
  const at = path ? `$.${path}` : '$';
  const entry = out.entry(raw, at, 'job', 'title');
  if (!entry) return;
  const { item: job, postingId, title } = entry;
  const departments = arr(job.departments).filter(isObject);
  const offices = arr(job.offices).filter(isObject);
  const locationName = isObject(job.location) ? str(job.location.name) : null;
  const metadata = arr(job.metadata).filter(isObject);
  const employment = metadata.find((m) => /employment|commitment|job type/i.test(str(m.name) ?? ''));
  const content = typeof job.content === 'string' ? decodeEntitiesOnce(job.content) : '';
  const jobUrl = url(job.absolute_url);
  out.add(
    {
      provider: 'greenhouse',
      board: out.ctx.board,
      postingId,
      jobId: str(job.internal_job_id),
      title,
      company: out.ctx.company ?? str(job.company_name) ?? out.ctx.board,
      department: departmentHint ?? str(departments[0]?.name),
      team: departments.length > 1 ? str(departments[1]?.name) : null,
      locations: locationsOf(locationName, offices),
      workplace: workplaceFromText([locationName, ...offices.map((o) => str(o.name))]),
      employmentType: employmentType(
        employment ? (Array.isArray(employment.value) ? employment.value[0] : employment.value) : null,
      ),
      compensation: payRanges(job.pay_input_ranges),
      ...describe(content),
      applyUrl: jobUrl,
      jobUrl,
      publishedAt: isoTime(job.first_published),
      updatedAt: isoTime(job.updated_at),
      raw: out.rawRef(path),
    },
    at,
  );
}

function locationsOf(name: string | null, offices: Record<string, unknown>[]): PostingLocation[] {
  const parts = (name ?? '')
    .split(/\s*;\s*|\s+\|\s+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const officeHint =
    offices.length === 1 ? normaliseLocation(str(offices[0]!.location) ?? str(offices[0]!.name)) : null;
  const locs = parts.map((p) => {
    const loc = normaliseLocation(p);
    if (officeHint && !loc.country && officeHint.country) {
      return { ...loc, country: officeHint.country, region: loc.region ?? officeHint.region };
    }
    return loc;
  });
  if (locs.length === 0) {
    for (const o of offices) locs.push(normaliseLocation(str(o.location) ?? str(o.name)));
  }
  return uniqueLocations(locs.filter((l) => l.raw));
}

/** `pay_input_ranges` of the one-job endpoint (cents) as one range: lowest min, highest max. */
export function payRanges(v: unknown): Compensation | null {
  const ranges = arr(v).filter(isObject);
  if (ranges.length === 0) return null;
  const mins = ranges.map((r) => num(r.min_cents)).filter((n): n is number => n !== null);
  const maxs = ranges.map((r) => num(r.max_cents)).filter((n): n is number => n !== null);
  if (mins.length === 0 && maxs.length === 0) return null;
  return {
    min: mins.length ? Math.min(...mins) / 100 : null,
    max: maxs.length ? Math.max(...maxs) / 100 : null,
    currency: currency(ranges[0]!.currency_type),
    interval: 'year',
    text: str(ranges[0]!.title),
  };
}
