import { parseJson } from './adapters/fields.js';
import { payRanges } from './adapters/greenhouse.js';
import { ADAPTERS } from './adapters/index.js';
import { applyDetail } from './adapters/smartrecruiters.js';
import type { PageRequest, ParseResult, ParseWarning } from './adapters/types.js';
import type { AvailabilityReason } from './availability.js';
import { type BoardConfig, boardKey } from './board-config.js';
import { detectBlockPage } from './detect.js';
import { mergePages } from './parse-board.js';
import type { JobPosting, Provider } from './posting.js';
import type { LoadedSnapshot } from './snapshots.js';

/** Parse stored pages (a snapshot) of a board; detects block pages stored as snapshots. */
export function parseStored(
  board: BoardConfig,
  snap: LoadedSnapshot,
): {
  postings: JobPosting[];
  warnings: ParseWarning[];
  failure: { reason: AvailabilityReason; detail: string } | null;
} {
  const adapter = ADAPTERS[board.provider];
  const slug = boardKey(board);
  const pages: ParseResult[] = [];
  const details: { postingId: string; body: string }[] = [];
  for (const [i, page] of snap.record.pages.entries()) {
    const text = snap.bodies[i]!.toString('utf8');
    const block = detectBlockPage({
      status: page.status,
      headers: { 'content-type': page.contentType ?? '' },
      body: text,
    });
    if (block)
      return {
        postings: [],
        warnings: [],
        failure: {
          reason: block.kind === 'block' ? 'blocked' : 'challenge',
          detail: `stored ${block.kind} page: ${block.evidence.join(', ')}`,
        },
      };
    if (page.status < 200 || page.status >= 300)
      return {
        postings: [],
        warnings: [],
        failure: { reason: `http_${page.status}`, detail: `stored response has HTTP ${page.status}` },
      };
    if (page.role === 'detail' && page.postingId) {
      details.push({ postingId: page.postingId, body: text });
      continue;
    }
    pages.push(adapter.parse(text, { board: slug, company: board.name, url: page.url, sha256: page.sha256 }));
  }
  const merged = mergePages(pages);
  return { ...merged, postings: enrich(board.provider, merged.postings, details), failure: null };
}

export function enrich(
  provider: Provider,
  postings: JobPosting[],
  details: { postingId: string; body: string }[],
): JobPosting[] {
  if (details.length === 0) return postings;
  const byId = new Map(details.map((d) => [d.postingId, d.body]));
  return postings.map((p) => {
    const body = byId.get(p.postingId);
    if (body === undefined) return p;
    if (provider === 'smartrecruiters') return applyDetail(p, body);
    if (provider === 'greenhouse') {
      const json = parseJson(body);
      const pay =
        json.ok && typeof json.value === 'object' && json.value !== null
          ? payRanges((json.value as Record<string, unknown>).pay_input_ranges)
          : null;
      return pay ? { ...p, compensation: pay } : p;
    }
    return p;
  });
}

/** URL of a posting's detail response, derived from the list URL (so tests can serve it locally). */
export function detailRequest(provider: Provider, listUrl: string, postingId: string): PageRequest | null {
  const u = new URL(listUrl);
  if (provider === 'smartrecruiters') {
    return {
      method: 'GET',
      url: `${u.origin}${u.pathname.replace(/\/$/, '')}/${encodeURIComponent(postingId)}`,
    };
  }
  if (provider === 'greenhouse') {
    return {
      method: 'GET',
      url: `${u.origin}${u.pathname.replace(/\/$/, '')}/${encodeURIComponent(postingId)}?pay_transparency=true`,
    };
  }
  return null;
}
