import { decodeXML } from 'entities';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { boardKey } from '../board-config.js';
import { describe, escapeHtml } from '../html.js';
import { normaliseLocation, uniqueLocations } from '../locations.js';
import type { EmploymentType } from '../posting.js';
import { arr, Collector, employmentType, isObject, isoTime, str, workplaceFromText } from './fields.js';
import type { Adapter, ParseContext, ParseResult } from './types.js';

const ARRAYS = new Set([
  'workzag-jobs.position',
  'workzag-jobs.position.additionalOffices.office',
  'workzag-jobs.position.jobDescriptions.jobDescription',
]);

// entities are decoded by hand on the few text fields read: the parser's entity pass is its slowest part
const parser = new XMLParser({
  processEntities: false,
  cdataPropName: '__cdata',
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (_name, jpath) => ARRAYS.has(String(jpath)),
});

/**
 * Personio XML feed: `GET https://{company}.jobs.personio.de/xml?language=en`, no paging, no URLs:
 * the job URL is built from the position id on the feed's host. `jobDescriptions` can be empty.
 */
export const personio: Adapter = {
  provider: 'personio',
  firstRequest(board) {
    return {
      method: 'GET',
      url: board.url ?? `https://${encodeURIComponent(boardKey(board))}.jobs.personio.de/xml?language=en`,
    };
  },
  nextRequest: () => null,
  parse(body, ctx) {
    const valid = XMLValidator.validate(body);
    if (valid !== true) {
      const e = valid.err;
      return {
        postings: [],
        warnings: [
          { code: 'parse_error', path: `$ (line ${e.line}, column ${e.col})`, message: `not XML: ${e.msg}` },
        ],
      };
    }
    let doc: unknown;
    try {
      doc = parser.parse(body);
    } catch (error) {
      return {
        postings: [],
        warnings: [{ code: 'parse_error', path: '$', message: `not XML: ${(error as Error).message}` }],
      };
    }
    return parsePersonio(doc, ctx);
  },
};

function jobHost(ctx: ParseContext): string {
  try {
    const host = new URL(ctx.url).hostname;
    if (/\.jobs\.personio\.(de|com)$/.test(host)) return host;
  } catch {
    // fall through to the default host
  }
  return `${ctx.board}.jobs.personio.de`;
}

function parsePersonio(doc: unknown, ctx: ParseContext): ParseResult {
  const out = new Collector(ctx);
  const root = isObject(doc) ? doc['workzag-jobs'] : undefined;
  if (root === undefined) {
    out.warn('parse_error', '$.workzag-jobs', 'expected a <workzag-jobs> root element');
    return out.result();
  }
  const host = jobHost(ctx);
  arr(isObject(root) ? root.position : undefined).forEach((p, i) => {
    const at = `$.workzag-jobs.position[${i}]`;
    if (!isObject(p)) {
      out.warn('parse_error', at, 'position is not an element with children');
      return;
    }
    const postingId = txt(p.id);
    const title = txt(p.name);
    if (!postingId || !title) {
      out.warn('invalid_posting', at, 'position without id or name');
      return;
    }
    const offices = [
      txt(p.office),
      ...arr(isObject(p.additionalOffices) ? p.additionalOffices.office : undefined).map(txt),
    ].filter((o): o is string => o !== null);
    const sections = arr(isObject(p.jobDescriptions) ? p.jobDescriptions.jobDescription : undefined).filter(
      isObject,
    );
    const html = sections
      .map((s) => `${txt(s.name) ? `<h3>${escapeHtml(txt(s.name)!)}</h3>` : ''}${htmlValue(s.value)}`)
      .join('\n');
    const jobUrl = `https://${host}/job/${encodeURIComponent(postingId)}`;
    out.add(
      {
        provider: 'personio',
        board: ctx.board,
        postingId,
        jobId: null,
        title,
        company: ctx.company ?? txt(p.subcompany) ?? ctx.board,
        department: txt(p.department),
        team: txt(p.recruitingCategory),
        locations: uniqueLocations(offices.map((o) => normaliseLocation(o))),
        workplace: workplaceFromText(offices),
        employmentType: personioEmployment(txt(p.employmentType), txt(p.schedule)),
        compensation: null,
        ...describe(html),
        applyUrl: `${jobUrl}#apply`,
        jobUrl,
        publishedAt: isoTime(txt(p.createdAt)),
        updatedAt: null,
        raw: out.rawRef(`workzag-jobs.position[${i}]`),
      },
      at,
    );
  });
  return out.result();
}

/** Text of an element, XML entities decoded (the parser leaves them, see above). */
function txt(v: unknown): string | null {
  const t = str(v);
  return t === null ? null : str(decodeXML(t));
}

/** A description value: CDATA is HTML as is; plain element text is entity-escaped HTML. */
function htmlValue(v: unknown): string {
  if (isObject(v)) {
    const cdata = v.__cdata;
    if (Array.isArray(cdata)) return cdata.join('');
    return typeof cdata === 'string' ? cdata : '';
  }
  return typeof v === 'string' ? decodeXML(v) : '';
}

function personioEmployment(type: string | null, schedule: string | null): EmploymentType {
  const t = employmentType(type);
  if (t === 'internship' || t === 'contract' || t === 'temporary') return t;
  if (schedule && /part/i.test(schedule)) return 'part_time';
  if (t === 'full_time' || (schedule && /full/i.test(schedule))) return 'full_time';
  return t;
}
