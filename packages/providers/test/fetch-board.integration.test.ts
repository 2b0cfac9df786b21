import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BoardConfig,
  type BoardResult,
  boardConfigSchema,
  demoBoards,
  type FetcherOptionsInput,
  FsSnapshotStore,
  fetchBoard,
  fetchBoards,
  loadDemoManifest,
  memoryBreakerStore,
  PoliteFetcher,
} from '../src/index.js';
import { type AtsServer, startAtsServer } from './ats-server.js';

const UA = 'JobIntelTest/1.0 (+https://example.test/bot)';
const OPTIONS: FetcherOptionsInput = {
  userAgent: UA,
  allowHosts: ['127.0.0.1'],
  politeness: {
    ratePerSec: 1000,
    burst: 100,
    jitterMs: 0,
    maxConcurrency: 4,
    retries: 2,
    backoffBaseMs: 10,
    backoffCapMs: 40,
    connectTimeoutMs: 1000,
    headersTimeoutMs: 2_000,
    bodyTimeoutMs: 2_000,
    maxBytes: 1024 * 1024,
  },
  maxRetryAfterMs: 5_000,
};

const fault = (server: AtsServer, name: string, extra: Partial<BoardConfig> = {}): BoardConfig =>
  boardConfigSchema.parse({
    provider: 'greenhouse',
    boardSlug: name,
    name: `Fault ${name}`,
    mode: 'live',
    url: `${server.origin}/fault/${name}/v1/boards/${name}/jobs?content=true`,
    ...extra,
  });

describe('live fetching against a local ATS server', () => {
  let server: AtsServer;
  let dir: string;
  beforeAll(async () => {
    server = await startAtsServer({ demo: true });
    dir = mkdtempSync(join(tmpdir(), 'jobintel-live-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plays every ATS format from the demo set, stores every response, and says where data came from', async () => {
    const manifest = await loadDemoManifest();
    const boards = (await demoBoards()).map((b) => {
      const entry = manifest.boards.find((e) => e.boardSlug === b.boardSlug)!;
      const u = new URL(entry.pages[0]!.url);
      return { ...b, mode: 'live' as const, url: `${server.origin}/${u.hostname}${u.pathname}${u.search}` };
    });
    const fetcher = new PoliteFetcher(OPTIONS);
    const store = new FsSnapshotStore(join(dir, 'demo-live'));
    try {
      const results = await fetchBoards(boards, { fetcher, store });
      const bySlug = new Map(results.map((r) => [r.board.boardSlug, r]));
      for (const b of manifest.boards) {
        const r = bySlug.get(b.boardSlug)!;
        if (b.boardSlug === 'vantagegrid')
          expect(r.availability).toMatchObject({ status: 'unavailable', reason: 'challenge' });
        else if (b.boardSlug === 'emptysetlabs')
          expect(r.availability).toMatchObject({ status: 'degraded', reason: 'empty' });
        else expect(r.availability, b.boardSlug).toMatchObject({ status: 'ok', reason: null });
        expect(r.provenance.used).toBe(b.boardSlug === 'vantagegrid' ? 'none' : 'live');
        // every response of the board (pages and details) was requested and stored
        expect(r.availability.attempts).toBe(b.pages.length);
        expect(r.provenance.snapshot!.pages.map((p) => p.sha256)).toHaveLength(b.pages.length);
      }
      const live = results.flatMap((r) => r.postings);
      expect(live.length).toBeGreaterThanOrEqual(1500);
      // paging: Lever's second page and SmartRecruiters' overlapping pages were walked and merged
      expect(bySlug.get('kestrelhealth')!.postings).toHaveLength(185);
      expect(bySlug.get('HarborlineLogistics1')!.postings).toHaveLength(140);
      expect(bySlug.get('HarborlineLogistics1')!.postings.every((p) => p.descriptionText.length > 100)).toBe(
        true,
      );
      expect(bySlug.get('cedarclinics')!.postings).toHaveLength(75);
      // every request carried the configured User-Agent, robots.txt included
      expect(new Set(server.log.map((l) => l.userAgent))).toEqual(new Set([UA]));
      expect(server.log.filter((l) => l.path === '/robots.txt')).toHaveLength(1);
      // the stored snapshot replays to the same postings
      const replay = await fetchBoard(
        { ...boards.find((b) => b.boardSlug === 'northwind')!, mode: 'snapshot' },
        { store },
      );
      expect(replay.postings).toEqual(bySlug.get('northwind')!.postings);
      expect(replay.provenance).toMatchObject({ used: 'snapshot', why: 'mode is snapshot' });
    } finally {
      await fetcher.close();
    }
  });

  it('sends conditional requests and reuses the stored body on 304', async () => {
    const fetcher = new PoliteFetcher(OPTIONS);
    const store = new FsSnapshotStore(join(dir, 'etag'));
    const board = boardConfigSchema.parse({
      provider: 'recruitee',
      boardSlug: 'tulipmobility',
      name: 'Tulip',
      mode: 'live',
      url: `${server.origin}/tulipmobility.recruitee.com/api/offers/`,
    });
    try {
      const first = await fetchBoard(board, { fetcher, store });
      const before = server.log.length;
      const second = await fetchBoard(board, { fetcher, store });
      expect(server.log.slice(before).map((l) => l.status)).toEqual([304]);
      expect(second.availability.status).toBe('ok');
      expect(second.postings).toEqual(first.postings);
      expect(second.availability.bytes).toBe(0);
    } finally {
      await fetcher.close();
    }
  });

  describe('fault scripts: each gives the right availability and reason, the run goes on', () => {
    const cases: [string, Partial<BoardResult['availability']>, Partial<BoardConfig>?][] = [
      ['retry-after', { status: 'degraded', reason: 'rate_limited', attempts: 2 }],
      ['retry-after-long', { status: 'unavailable', reason: 'rate_limited', attempts: 1 }],
      ['burst-503', { status: 'degraded', reason: 'http_503', attempts: 3 }],
      ['always-503', { status: 'unavailable', reason: 'http_503', attempts: 3 }],
      ['reset', { status: 'unavailable', reason: 'network', attempts: 3 }],
      ['reset-once', { status: 'degraded', reason: 'network', attempts: 2 }],
      [
        'slow-body',
        { status: 'unavailable', reason: 'timeout' },
        { politeness: { retries: 0, bodyTimeoutMs: 300 } },
      ],
      [
        'slow-headers',
        { status: 'unavailable', reason: 'timeout' },
        { politeness: { retries: 0, headersTimeoutMs: 300 } },
      ],
      ['oversized', { status: 'unavailable', reason: 'too_large', attempts: 1 }],
      ['oversized-chunked', { status: 'unavailable', reason: 'too_large', attempts: 1 }],
      ['invalid-json', { status: 'unavailable', reason: 'parse_error', attempts: 1 }],
      ['challenge', { status: 'unavailable', reason: 'challenge', attempts: 1 }],
      ['challenge-200', { status: 'unavailable', reason: 'challenge', attempts: 1 }],
      ['block', { status: 'unavailable', reason: 'blocked', attempts: 1 }],
      ['not-found', { status: 'unavailable', reason: 'http_404', attempts: 1 }],
      ['redirect-out', { status: 'unavailable', reason: 'not_allowed', attempts: 1 }],
      ['redirect-in', { status: 'ok', reason: null, attempts: 2 }],
      ['redirect-loop', { status: 'unavailable', reason: 'too_many_redirects', attempts: 6 }],
      ['json-mentions-cloudflare', { status: 'ok', reason: null, attempts: 1 }],
      ['ok', { status: 'ok', reason: null, attempts: 1 }],
    ];
    let results: Map<string, BoardResult>;
    let waitedForRetryAfter = 0;
    beforeAll(async () => {
      // all scripts share one host: keep the breaker (tested below) from tripping across them
      const fetcher = new PoliteFetcher({ ...OPTIONS, breaker: { threshold: 1000, cooldownMs: 0 } });
      try {
        const list = await fetchBoards(
          cases.map(([name, , extra]) => fault(server, name, extra)),
          { fetcher },
          { concurrency: 8 },
        );
        results = new Map(list.map((r) => [r.board.boardSlug, r]));
        const r = results.get('retry-after')!;
        waitedForRetryAfter = r.availability.requests[1]!.waitMs;
      } finally {
        await fetcher.close();
      }
    });
    for (const [name, expected] of cases) {
      it(name, () => {
        const r = results.get(name)!;
        expect(r.availability, r.availability.detail ?? '').toMatchObject(expected);
        expect(r.postings.length > 0).toBe(expected.status !== 'unavailable');
      });
    }
    it('honours Retry-After', () => {
      expect(waitedForRetryAfter).toBeGreaterThanOrEqual(1000);
    });
    it('never follows the redirect off the allowlist', () => {
      expect(results.get('redirect-out')!.availability.detail).toMatch(/redirect to host localhost/);
      expect(server.log.some((l) => l.path.startsWith('/fault/redirect-out') && l.status === 302)).toBe(true);
    });
  });

  it('fetches Greenhouse pay ranges from the one-job endpoint when asked', async () => {
    const fetcher = new PoliteFetcher(OPTIONS);
    try {
      const r = await fetchBoard(fault(server, 'gh-pay', { maxDetails: 5 }), { fetcher });
      expect(r.availability).toMatchObject({ status: 'ok', attempts: 3 });
      expect(r.postings[0]!.compensation).toEqual({
        min: 90000,
        max: 120000,
        currency: 'EUR',
        interval: 'year',
        text: 'Berlin',
      });
      expect(r.postings[1]!.compensation).toBeNull();
    } finally {
      await fetcher.close();
    }
  });

  it('auto mode falls back to the last good snapshot and says why', async () => {
    const fetcher = new PoliteFetcher(OPTIONS);
    const store = new FsSnapshotStore(join(dir, 'auto'));
    const board = fault(server, 'good-then-challenge', { mode: 'auto' });
    try {
      const first = await fetchBoard(board, { fetcher, store });
      expect(first.provenance.used).toBe('live');
      const second = await fetchBoard(board, { fetcher, store });
      expect(second.availability).toMatchObject({ status: 'degraded', reason: 'challenge' });
      expect(second.provenance).toMatchObject({ mode: 'auto', used: 'snapshot' });
      expect(second.provenance.why).toMatch(/live fetch failed \(challenge\)/);
      expect(second.postings).toEqual(first.postings);
      // the challenge response itself was stored too, as a failed record
      expect((await store.latest('greenhouse', 'good-then-challenge'))!.record.ok).toBe(false);
      const live = await fetchBoard({ ...board, mode: 'live' }, { fetcher, store });
      expect(live.availability).toMatchObject({ status: 'unavailable', reason: 'challenge' });
      const snap = await fetchBoard({ ...board, mode: 'snapshot' }, { store });
      expect(snap.availability.status).toBe('ok');
      const none = await fetchBoard({ ...board, boardSlug: 'never-fetched', mode: 'snapshot' }, { store });
      expect(none.availability).toMatchObject({ status: 'unavailable', reason: 'no_snapshot' });
    } finally {
      await fetcher.close();
    }
  });
});

describe('robots.txt and the circuit breaker', () => {
  it('checks robots.txt with the fetching User-Agent', async () => {
    await using server = await startAtsServer({
      robots: 'User-agent: JobIntelTest\nDisallow: /fault/ok/private\n\nUser-agent: *\nAllow: /\n',
    });
    const fetcher = new PoliteFetcher(OPTIONS);
    try {
      const denied = await fetchBoard(
        boardConfigSchema.parse({
          provider: 'greenhouse',
          boardSlug: 'p',
          name: 'P',
          mode: 'live',
          url: `${server.origin}/fault/ok/private/jobs`,
        }),
        { fetcher },
      );
      expect(denied.availability).toMatchObject({
        status: 'unavailable',
        reason: 'robots_denied',
        attempts: 0,
      });
      const allowed = await fetchBoard(fault(server, 'ok'), { fetcher });
      expect(allowed.availability.status).toBe('ok');
      expect(server.log.filter((l) => l.path.includes('private'))).toHaveLength(0);
      expect(server.log.find((l) => l.path === '/robots.txt')!.userAgent).toBe(UA);
    } finally {
      await fetcher.close();
    }
  });

  it('treats an unreachable robots.txt as disallow-all', async () => {
    await using server = await startAtsServer({ robots: 503 });
    const fetcher = new PoliteFetcher(OPTIONS);
    try {
      const r = await fetchBoard(fault(server, 'ok'), { fetcher });
      expect(r.availability).toMatchObject({ status: 'unavailable', reason: 'robots_denied' });
    } finally {
      await fetcher.close();
    }
  });

  it('opens the circuit after N failing requests, and the state survives into the next run', async () => {
    await using server = await startAtsServer();
    const breakerStore = memoryBreakerStore();
    const options = {
      ...OPTIONS,
      breaker: { threshold: 2, cooldownMs: 60_000 },
      politeness: { ...OPTIONS.politeness, retries: 0 },
    };
    const run = async (names: string[]) => {
      const fetcher = new PoliteFetcher(options, { breakerStore });
      try {
        return await fetchBoards(
          names.map((n) => fault(server, n)),
          { fetcher },
          { concurrency: 1 },
        );
      } finally {
        await fetcher.close();
      }
    };
    const first = await run(['always-503', 'always-503', 'ok']);
    expect(first.map((r) => r.availability.reason)).toEqual(['http_503', 'http_503', 'circuit_open']);
    const second = await run(['ok']);
    expect(second[0]!.availability).toMatchObject({
      status: 'unavailable',
      reason: 'circuit_open',
      attempts: 0,
    });
  });

  it('refuses hosts outside the allowlist before any request', async () => {
    const fetcher = new PoliteFetcher({ userAgent: UA });
    try {
      const r = await fetchBoard(
        boardConfigSchema.parse({
          provider: 'lever',
          boardSlug: 'x',
          name: 'X',
          mode: 'live',
          url: 'http://127.0.0.1:9/v0/postings/x',
        }),
        { fetcher },
      );
      expect(r.availability).toMatchObject({ status: 'unavailable', reason: 'not_allowed', attempts: 0 });
    } finally {
      await fetcher.close();
    }
  });

  it('rejects a User-Agent without a contact', () => {
    expect(() => new PoliteFetcher({ userAgent: 'python-requests/2.22' })).toThrow(/contact URL/);
  });
});
