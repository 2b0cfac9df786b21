import {
  type EmploymentType,
  type JobPosting,
  jobPostingSchema,
  type PayInterval,
  type Workplace,
} from '../posting.js';
import type { ParseContext, ParseResult, ParseWarning } from './types.js';

/** Helpers every adapter uses to read untrusted JSON without throwing. */

export type Json = unknown;

export function isObject(v: Json): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Trimmed non-empty string, or null (numbers are stringified: ids are often numeric). */
export function str(v: Json): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const t = v.replace(/\s+/g, ' ').trim();
  return t ? t : null;
}

/** A finite non-negative number from a number or a numeric string ("75000", "75,000.50"). */
export function num(v: Json): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : null;
  if (typeof v !== 'string') return null;
  const t = v.replace(/[,\s_]/g, '');
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export function arr(v: Json): unknown[] {
  return Array.isArray(v) ? v : [];
}

/**
 * ISO 8601 with offset from the time shapes boards use: ISO strings, epoch milliseconds (Lever),
 * "2026-08-05 09:41:37 UTC" (Recruitee) and date-only "2026-08-05" (Workable widget, as UTC midnight).
 */
export function isoTime(v: Json): string | null {
  let d: Date | null = null;
  if (typeof v === 'number' && Number.isFinite(v)) {
    d = new Date(v > 1e11 ? v : v * 1000);
  } else if (typeof v === 'string') {
    const t = v.trim();
    const m = t.match(/^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(UTC|GMT|Z)$/i);
    if (m) {
      d = new Date(`${m[1]}T${m[2]}Z`);
    } else if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
      d = new Date(`${t}T00:00:00Z`);
    } else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(t)) {
      d = new Date(t.replace(' ', 'T'));
    }
  }
  if (!d || Number.isNaN(d.getTime())) return null;
  const y = d.getUTCFullYear();
  if (y < 1990 || y > 2200) return null;
  return d.toISOString();
}

export function employmentType(v: Json): EmploymentType {
  const t = (str(v) ?? '').toLowerCase().replace(/[\s_-]+/g, '');
  if (!t) return 'unknown';
  if (/intern|trainee|apprentic|werkstudent|student/.test(t)) return 'internship';
  if (/parttime|^part$/.test(t)) return 'part_time';
  if (/contract|freelance|contractor|consult/.test(t)) return 'contract';
  if (/temp|seasonal|fixedterm/.test(t)) return 'temporary';
  if (/volunteer/.test(t)) return 'volunteer';
  if (/fulltime|^full$|permanent|regular/.test(t)) return 'full_time';
  return 'other';
}

export function workplace(v: Json): Workplace {
  const t = (str(v) ?? '').toLowerCase().replace(/[\s_-]+/g, '');
  if (t === 'remote') return 'remote';
  if (t === 'hybrid') return 'hybrid';
  if (t === 'onsite' || t === 'inoffice' || t === 'office') return 'onsite';
  return 'unknown';
}

export function payInterval(v: Json): PayInterval {
  const t = (str(v) ?? '').toLowerCase();
  if (/year|annual|annum|1 year/.test(t)) return 'year';
  if (/month/.test(t)) return 'month';
  if (/week/.test(t)) return 'week';
  if (/day|daily/.test(t)) return 'day';
  if (/hour/.test(t)) return 'hour';
  return 'unknown';
}

export function currency(v: Json): string | null {
  const t = str(v)?.toUpperCase() ?? null;
  return t && /^[A-Z]{3}$/.test(t) ? t : null;
}

/** Absolute http(s) URL or null. */
export function url(v: Json): string | null {
  const t = str(v);
  if (!t) return null;
  try {
    const u = new URL(t);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/** Collects warnings and finished postings while an adapter walks a payload. */
export class Collector {
  readonly postings: JobPosting[] = [];
  readonly warnings: ParseWarning[] = [];
  private readonly seen = new Set<string>();
  readonly ctx: ParseContext;
  constructor(ctx: ParseContext) {
    this.ctx = ctx;
  }

  warn(code: ParseWarning['code'], path: string, message: string): void {
    this.warnings.push({ code, path, message });
  }

  /**
   * The first checks of every posting an adapter reads: an object, with an id and a title under the
   * ATS's own keys. Warns (`parse_error` / `invalid_posting`, naming `what`) and answers null otherwise.
   */
  entry(
    value: unknown,
    at: string,
    what: string,
    titleKey: string,
  ): { item: Record<string, Json>; postingId: string; title: string } | null {
    if (!isObject(value)) {
      this.warn('parse_error', at, `${what} is not an object`);
      return null;
    }
    const postingId = str(value.id);
    const title = str(value[titleKey]);
    if (!postingId || !title) {
      this.warn('invalid_posting', at, `${what} without id or ${titleKey}`);
      return null;
    }
    return { item: value, postingId, title };
  }

  /**
   * Add a posting unless it fails the schema (then `invalid_posting`, naming the field) or its id was
   * already added from this response (then `duplicate`).
   */
  add(posting: JobPosting, path: string): void {
    const checked = jobPostingSchema.safeParse(posting);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      this.warn(
        'invalid_posting',
        `${path}${issue ? `.${issue.path.join('.')}` : ''}`,
        issue?.message ?? 'invalid',
      );
      return;
    }
    if (this.seen.has(posting.postingId)) {
      this.warn('duplicate', path, `posting ${posting.postingId} appears more than once; kept the first`);
      return;
    }
    this.seen.add(posting.postingId);
    this.postings.push(posting);
  }

  /** The parse result; `paging` facts (total, next token) as the payload gave them. */
  result(paging: { total?: number | null; nextToken?: string | null; items?: number } = {}): ParseResult {
    const p: NonNullable<ParseResult['paging']> = { count: paging.items ?? this.postings.length };
    if (paging.total !== undefined && paging.total !== null) p.total = paging.total;
    if (paging.nextToken !== undefined) p.nextToken = paging.nextToken;
    return { postings: this.postings, warnings: this.warnings, paging: p };
  }

  rawRef(path: string): JobPosting['raw'] {
    return { sha256: this.ctx.sha256, url: this.ctx.url, path };
  }
}

/** Parse JSON text; on failure returns a parse_error warning instead of throwing. */
export function parseJson(body: string): { ok: true; value: unknown } | { ok: false; warning: ParseWarning } {
  try {
    return { ok: true, value: JSON.parse(body.charCodeAt(0) === 0xfeff ? body.slice(1) : body) };
  } catch (error) {
    return {
      ok: false,
      warning: { code: 'parse_error', path: '$', message: `not JSON: ${(error as Error).message}` },
    };
  }
}

/** Workplace from remote/hybrid booleans (Recruitee, SmartRecruiters, Workable). */
export function workplaceFromFlags(remote: Json, hybrid: Json, onsite?: Json): Workplace {
  if (hybrid === true) return 'hybrid';
  if (remote === true) return 'remote';
  if (onsite === true || remote === false) return 'onsite';
  return 'unknown';
}

/** Workplace guessed from location texts when the board has no field (Greenhouse, Personio). */
export function workplaceFromText(texts: (string | null)[]): Workplace {
  const joined = texts.filter(Boolean).join(' | ').toLowerCase();
  if (/\bhybrid\b/.test(joined)) return 'hybrid';
  if (/\bremote\b|\banywhere\b/.test(joined)) return 'remote';
  if (/\bon-?site\b|\bin[- ]office\b/.test(joined)) return 'onsite';
  return 'unknown';
}
