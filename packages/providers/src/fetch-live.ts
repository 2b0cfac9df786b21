import type { Logger } from '@jobintel/runner-core';
import { ADAPTERS } from './adapters/index.js';
import type { PageRequest, ParseResult, ParseWarning } from './adapters/types.js';
import type { AvailabilityReason } from './availability.js';
import { type BoardConfig, boardKey } from './board-config.js';
import type { Provenance, Tally } from './board-result.js';
import type { Clock } from './fetch/clock.js';
import type { HttpFailure, PoliteFetcher } from './fetch/http-client.js';
import { mergePages } from './parse-board.js';
import type { JobPosting } from './posting.js';
import { type FsSnapshotStore, type SnapshotPage, sha256Hex } from './snapshots.js';
import { detailRequest, enrich } from './stored-pages.js';

export type LiveOutcome =
  | {
      kind: 'ok';
      postings: JobPosting[];
      warnings: ParseWarning[];
      partial: HttpFailure | null;
      recoveredFrom: AvailabilityReason | null;
      snapshot: Provenance['snapshot'];
    }
  | { kind: 'failed'; failure: HttpFailure; snapshot: Provenance['snapshot'] };

/** Fetch a board live, page by page (and its details), storing every response as a snapshot. */
export async function fetchLive(
  board: BoardConfig,
  fetcher: PoliteFetcher,
  store: FsSnapshotStore | null,
  tally: Tally,
  logger: Logger,
  clock: Clock,
  signal: AbortSignal | undefined,
): Promise<LiveOutcome> {
  const adapter = ADAPTERS[board.provider];
  const slug = boardKey(board);
  const previous = store ? await store.lastGood(board.provider, slug) : null;
  const fetchedAt = new Date(clock.now()).toISOString();
  const stored: SnapshotPage[] = [];
  const pages: ParseResult[] = [];
  const detailBodies: { postingId: string; body: string }[] = [];
  let failure: HttpFailure | null = null;
  let recoveredFrom: AvailabilityReason | null = null;

  const get = async (
    req: PageRequest,
    role: SnapshotPage['role'],
    postingId?: string,
  ): Promise<{ body: Buffer; sha256: string } | HttpFailure> => {
    const prevIndex =
      previous?.record.pages.findIndex(
        (p) => p.url === req.url && p.method === req.method && (p.requestBody ?? null) === (req.body ?? null),
      ) ?? -1;
    const prevPage = prevIndex >= 0 ? previous!.record.pages[prevIndex]! : null;
    const res = await fetcher.fetch(
      {
        ...req,
        etag: prevPage?.etag ?? null,
        lastModified: prevPage?.lastModified ?? null,
        ...(board.politeness ? { politeness: board.politeness } : {}),
      },
      signal,
    );
    tally.attempts.push(...res.attempts);
    const body = res.ok ? (res.notModified && prevPage ? previous!.bodies[prevIndex]! : res.body) : res.body;
    let sha256 = '';
    if (body && store) {
      sha256 = (await store.putBody(body)).sha256;
      stored.push({
        role,
        ...(postingId ? { postingId } : {}),
        url: req.url,
        method: req.method,
        requestBody: req.body ?? null,
        status: res.ok && res.notModified ? 200 : (res.status ?? 0),
        fetchedAt: new Date(clock.now()).toISOString(),
        sha256,
        bytes: body.length,
        contentType: res.headers['content-type'] ?? null,
        etag: res.headers.etag ?? prevPage?.etag ?? null,
        lastModified: res.headers['last-modified'] ?? prevPage?.lastModified ?? null,
      });
    } else if (body) {
      sha256 = sha256Hex(body);
    }
    if (!res.ok) return res;
    if (res.recoveredFrom) recoveredFrom = res.recoveredFrom;
    return { body: body!, sha256 };
  };

  let req: PageRequest | null = adapter.firstRequest(board);
  for (let pageIndex = 0; req && pageIndex < board.maxPages; pageIndex++) {
    const got = await get(req, 'list');
    if ('ok' in got) {
      failure = got;
      break;
    }
    const parsed = adapter.parse(got.body.toString('utf8'), {
      board: slug,
      company: board.name,
      url: req.url,
      sha256: got.sha256,
    });
    pages.push(parsed);
    logger.debug(
      { page: pageIndex, postings: parsed.postings.length, warnings: parsed.warnings.length },
      'page parsed',
    );
    if (parsed.postings.length === 0 && parsed.warnings.some((w) => w.code === 'parse_error')) break;
    req = adapter.nextRequest(board, req, parsed, pageIndex);
  }
  const merged = mergePages(pages);
  if (!failure && board.maxDetails > 0 && pages.length) {
    const listUrl = adapter.firstRequest(board).url;
    for (const posting of merged.postings.slice(0, board.maxDetails)) {
      const dreq = detailRequest(board.provider, listUrl, posting.postingId);
      if (!dreq) break;
      const got = await get(dreq, 'detail', posting.postingId);
      if ('ok' in got) {
        merged.warnings.push({
          code: 'detail_only',
          path: `detail[${posting.postingId}]`,
          message: `detail not fetched: ${got.reason}`,
        });
        if (got.reason === 'circuit_open' || got.reason === 'robots_denied' || got.reason === 'not_allowed')
          break;
        continue;
      }
      detailBodies.push({ postingId: posting.postingId, body: got.body.toString('utf8') });
    }
  }
  const firstPageFailed = failure !== null && pages.length === 0;
  if (store && stored.length) {
    await store.putRecord({
      schemaVersion: 1,
      provider: board.provider,
      board: slug,
      fetchedAt,
      ok: failure === null && merged.postings.length > 0,
      pages: stored,
    });
  }
  const snapshot = stored.length
    ? {
        fetchedAt,
        pages: stored.map(({ role, url, status, sha256, bytes }) => ({ role, url, status, sha256, bytes })),
      }
    : null;
  if (firstPageFailed) return { kind: 'failed', failure: failure!, snapshot };
  return {
    kind: 'ok',
    postings: enrich(board.provider, merged.postings, detailBodies),
    warnings: merged.warnings,
    partial: failure,
    recoveredFrom,
    snapshot,
  };
}
