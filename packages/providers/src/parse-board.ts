import { createHash } from 'node:crypto';
import { ADAPTERS } from './adapters/index.js';
import type { ParseContext, ParseResult, ParseWarning } from './adapters/types.js';
import type { JobPosting, Provider } from './posting.js';

/** A raw response: its body, and optionally where it came from and its hash. */
export interface RawResponse {
  body: string | Uint8Array;
  url?: string;
  sha256?: string;
}

export interface ParseBoardOptions {
  /** Board identifier; defaults to what the URL or payload says, else "unknown". */
  board?: string;
  /** Company display name; adapters otherwise use the payload's name or the board. */
  company?: string;
}

/**
 * Parse one raw response of `provider` into normalised postings plus warnings. Never throws: a
 * malformed payload gives a `parse_error` warning naming the path of what was wrong, and every
 * posting returned is valid against `jobPostingSchema`.
 */
export function parseBoard(
  provider: Provider,
  raw: string | Uint8Array | RawResponse,
  options: ParseBoardOptions = {},
): ParseResult {
  const response: RawResponse = typeof raw === 'string' || raw instanceof Uint8Array ? { body: raw } : raw;
  const bytes = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  const ctx: ParseContext = {
    board: options.board ?? 'unknown',
    url: response.url ?? '',
    sha256: response.sha256 ?? createHash('sha256').update(bytes).digest('hex'),
    ...(options.company ? { company: options.company } : {}),
  };
  const adapter = ADAPTERS[provider];
  if (!adapter) {
    return {
      postings: [],
      warnings: [{ code: 'parse_error', path: '$', message: `unknown provider ${String(provider)}` }],
    };
  }
  try {
    const text =
      typeof response.body === 'string' ? response.body : new TextDecoder('utf-8').decode(response.body);
    return adapter.parse(text, ctx);
  } catch (error) {
    // adapters read untrusted data defensively; this is the last line that keeps the promise
    return {
      postings: [],
      warnings: [
        {
          code: 'parse_error',
          path: '$',
          message: `adapter failed: ${(error as Error).message ?? String(error)}`,
        },
      ],
    };
  }
}

/**
 * Merge the parsed pages of one board: postings de-duplicated on `postingId` (SmartRecruiters pages
 * overlap; Workable rows of one shortcode carry different locations, which are merged).
 */
export function mergePages(pages: ParseResult[]): { postings: JobPosting[]; warnings: ParseWarning[] } {
  const byId = new Map<string, JobPosting>();
  const warnings: ParseWarning[] = [];
  pages.forEach((page, p) => {
    warnings.push(
      ...page.warnings.map((w) => ({
        ...w,
        path: pages.length > 1 ? `page[${p}]${w.path.replace(/^\$/, '')}` : w.path,
      })),
    );
    for (const posting of page.postings) {
      const prev = byId.get(posting.postingId);
      if (!prev) {
        byId.set(posting.postingId, posting);
        continue;
      }
      const known = new Set(prev.locations.map((l) => l.raw.toLowerCase()));
      const extra = posting.locations.filter((l) => !known.has(l.raw.toLowerCase()));
      if (extra.length) byId.set(posting.postingId, { ...prev, locations: [...prev.locations, ...extra] });
      else
        warnings.push({
          code: 'duplicate',
          path: `page[${p}]${posting.raw.path ? `.${posting.raw.path}` : ''}`,
          message: `posting ${posting.postingId} already seen on an earlier page`,
        });
    }
  });
  return { postings: [...byId.values()], warnings };
}
