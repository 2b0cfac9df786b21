import type { BoardConfig } from '../board-config.js';
import type { JobPosting, Provider } from '../posting.js';

/** A problem found while parsing one raw response; parsing goes on past it where it can. */
export interface ParseWarning {
  /**
   * `parse_error`: the payload (or a part of it) does not have the expected shape;
   * `invalid_posting`: one posting was skipped because a required field was missing;
   * `duplicate`: a posting id seen before in the same response was dropped;
   * `detail_only`: a detail payload with no postings of its own (used for enrichment).
   */
  code: 'parse_error' | 'invalid_posting' | 'duplicate' | 'detail_only';
  /** JSON path (or XML element path) of what was wrong, e.g. `$.jobs[3].title`. */
  path: string;
  message: string;
}

export interface ParseResult {
  postings: JobPosting[];
  warnings: ParseWarning[];
  /** Paging facts for the request planner: items on this page (before de-duplication), total, next token. */
  paging?: { total?: number; nextToken?: string | null; count: number };
}

/** Context of one raw response: which board it belongs to and where it came from. */
export interface ParseContext {
  /** The board identifier in its ATS (Greenhouse board token, Lever site, Ashby board name, ...). */
  board: string;
  /** Display name of the company; adapters fall back to what the payload says, then to `board`. */
  company?: string;
  /** URL the response came from (or would come from). */
  url: string;
  /** sha256 (hex) of the raw response bytes. */
  sha256: string;
}

/** One HTTP request of a board fetch. */
export interface PageRequest {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

/** What an adapter knows about one ATS: how to request a board, page it, and parse a response. */
export interface Adapter {
  provider: Provider;
  /** The first request for a board. */
  firstRequest(board: BoardConfig): PageRequest;
  /** The next page's request after a parsed page, or null when the board is complete. */
  nextRequest(
    board: BoardConfig,
    previous: PageRequest,
    page: ParseResult,
    pageIndex: number,
  ): PageRequest | null;
  /** Pure: one raw response body (text) to postings and warnings. Never throws on bad data. */
  parse(body: string, ctx: ParseContext): ParseResult;
}
