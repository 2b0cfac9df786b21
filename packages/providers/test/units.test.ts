import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  boardConfigSchema,
  boardKey,
  decodeEntitiesOnce,
  FsSnapshotStore,
  htmlToText,
  normaliseLocation,
  ProviderError,
  ProviderErrorCode,
  parseBoard,
  parseBoardConfig,
  sanitizeDescription,
  sha256Hex,
} from '../src/index.js';

describe('error codes', () => {
  it('lists every code in docs/providers.md', () => {
    const docs = readFileSync(fileURLToPath(new URL('../../../docs/providers.md', import.meta.url)), 'utf8');
    for (const code of Object.values(ProviderErrorCode)) expect(docs).toContain(`\`${code}\``);
  });
});

describe('html', () => {
  it('decodes entities exactly once', () => {
    expect(decodeEntitiesOnce('&lt;p&gt;Tom &amp;amp; Jerry&lt;/p&gt;')).toBe('<p>Tom &amp; Jerry</p>');
    expect(htmlToText(decodeEntitiesOnce('&lt;p&gt;Tom &amp;amp; Jerry&lt;/p&gt;'))).toBe('Tom & Jerry');
  });
  it('sanitises scripts, handlers and styles away', () => {
    const html = sanitizeDescription(
      '<p onclick="x()">Hi<script>alert(1)</script><style>p{}</style><a href="javascript:1">a</a><img src=x></p>',
    );
    expect(html).toBe('<p>Hi<a>a</a></p>');
    expect(htmlToText('<h2>Role</h2><ul><li>one</li><li>two</li></ul><p>a&nbsp;b</p>')).toBe(
      'Role\n\n- one\n\n- two\n\na b',
    );
  });
});

describe('locations', () => {
  it('normalises common shapes modestly', () => {
    expect(normaliseLocation('San Francisco')).toMatchObject({
      city: 'San Francisco',
      region: 'CA',
      country: 'US',
      remote: false,
    });
    expect(normaliseLocation('New York City')).toMatchObject({ city: 'New York', country: 'US' });
    expect(normaliseLocation('Austin, TX')).toMatchObject({ city: 'Austin', region: 'TX', country: 'US' });
    expect(normaliseLocation('Remote - US')).toMatchObject({ city: null, country: 'US', remote: true });
    expect(normaliseLocation('Bangalore, India - Remote')).toMatchObject({
      city: 'Bangalore',
      country: 'IN',
      remote: true,
    });
    expect(normaliseLocation('Zürich, Switzerland')).toMatchObject({ city: 'Zurich', country: 'CH' });
    expect(normaliseLocation('Toronto, ON, Canada')).toMatchObject({
      city: 'Toronto',
      region: 'ON',
      country: 'CA',
    });
    expect(normaliseLocation('', { city: 'Huntsville', region: 'Texas', country: 'US' })).toMatchObject({
      raw: 'Huntsville, TX, US',
      region: 'TX',
    });
    expect(normaliseLocation('Berlin, DE')).toMatchObject({ city: 'Berlin', region: null, country: 'DE' });
    expect(normaliseLocation('Wilmington, DE')).toMatchObject({ region: 'DE', country: 'US' });
    expect(normaliseLocation('Portugal - Lisbon')).toMatchObject({ city: 'Lisbon', country: 'PT' });
    expect(normaliseLocation('Washington, D.C.')).toMatchObject({
      city: 'Washington',
      region: 'DC',
      country: 'US',
    });
    expect(normaliseLocation('Krakow, PL')).toMatchObject({ city: 'Krakow', country: 'PL' });
    expect(normaliseLocation('Europe')).toMatchObject({ city: null, region: 'Europe', country: null });
    expect(
      normaliseLocation('San Francisco, CA', {
        city: 'San Fransisco',
        region: 'California ',
        country: 'USA',
      }),
    ).toMatchObject({ city: 'San Francisco', region: 'CA', country: 'US' });
    expect(normaliseLocation('Somewhere Else')).toMatchObject({ city: 'Somewhere Else', country: null });
  });
});

describe('Ashby hosted board page', () => {
  it('reads jobBoard.jobPostings only, keyed by posting id, grouped by jobId, with team and department', () => {
    const app = {
      organization: { name: 'Acme', hostedJobsPageSlug: 'acme' },
      jobBoard: {
        teams: [
          { id: 't1', name: 'Engineering', parentTeamId: null },
          { id: 't2', name: 'Platform', parentTeamId: 't1' },
        ],
        jobPostings: [
          {
            id: 'p1',
            jobId: 'j1',
            title: 'SRE',
            teamName: 'Platform',
            departmentName: 'Engineering',
            locationName: 'Berlin',
            workplaceType: 'Hybrid',
            employmentType: 'FullTime',
          },
          {
            id: 'p2',
            jobId: 'j1',
            title: 'SRE',
            teamName: 'Platform',
            departmentName: 'Engineering',
            locationName: 'London',
            workplaceType: 'Hybrid',
            employmentType: 'FullTime',
          },
        ],
      },
    };
    const html = `<!DOCTYPE html><html><head><title>Jobs</title></head><body><script>window.__appData = ${JSON.stringify(app)};</script></body></html>`;
    const r = parseBoard('ashby', html, { board: 'acme' });
    expect(
      r.postings.map((p) => [p.postingId, p.jobId, p.team, p.department, p.workplace, p.employmentType]),
    ).toEqual([
      ['p1', 'j1', 'Platform', 'Engineering', 'hybrid', 'full_time'],
      ['p2', 'j1', 'Platform', 'Engineering', 'hybrid', 'full_time'],
    ]);
    expect(r.postings[0]!).toMatchObject({
      company: 'Acme',
      jobUrl: 'https://jobs.ashbyhq.com/acme/p1',
      raw: { path: 'jobBoard.jobPostings[0]' },
    });
  });
});

describe('board config', () => {
  it('validates an entry and fills defaults', () => {
    const b = parseBoardConfig({ provider: 'lever', boardSlug: 'leverdemo', name: 'Lever Demo' });
    expect(b).toMatchObject({ enabled: true, mode: 'auto', region: 'us', maxDetails: 0 });
    expect(boardKey(b)).toBe('leverdemo');
    expect(
      boardKey(
        boardConfigSchema.parse({
          provider: 'greenhouse',
          url: 'https://boards-api.greenhouse.io/v1/boards/stripe/jobs',
          name: 'S',
        }),
      ),
    ).toBe('stripe');
    expect(
      boardKey(
        boardConfigSchema.parse({
          provider: 'personio',
          url: 'https://acme.jobs.personio.de/xml',
          name: 'A',
        }),
      ),
    ).toBe('acme');
  });
  it('names every bad field', () => {
    try {
      parseBoardConfig({ provider: 'taleo', name: '', token: 'x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ProviderError);
      const problems = (error as ProviderError).details!.problems as string[];
      expect(problems.join('\n')).toMatch(/provider/);
      expect(problems.join('\n')).toMatch(/name/);
      expect(problems.join('\n')).toMatch(/token/);
    }
  });
});

describe('snapshot store', () => {
  const root = mkdtempSync(join(tmpdir(), 'jobintel-snap-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('stores bodies by content, records by time, and returns the last good one', async () => {
    const store = new FsSnapshotStore(root);
    const body = Buffer.from('{"jobs":[]}');
    const a = await store.putBody(body);
    const b = await store.putBody(body);
    expect(a).toEqual(b);
    expect(a.sha256).toBe(sha256Hex(body));
    const page = {
      role: 'list' as const,
      url: 'https://x/jobs',
      method: 'GET' as const,
      status: 200,
      fetchedAt: '2026-01-01T00:00:00.000Z',
      sha256: a.sha256,
      bytes: a.bytes,
      contentType: 'application/json',
      etag: '"e1"',
      lastModified: null,
    };
    await store.putRecord({
      schemaVersion: 1,
      provider: 'greenhouse',
      board: 'acme',
      fetchedAt: '2026-01-01T00:00:00.000Z',
      ok: true,
      pages: [page],
    });
    const bad = await store.putBody(Buffer.from('<html>challenge</html>'));
    await store.putRecord({
      schemaVersion: 1,
      provider: 'greenhouse',
      board: 'acme',
      fetchedAt: '2026-01-02T00:00:00.000Z',
      ok: false,
      pages: [{ ...page, sha256: bad.sha256, status: 403 }],
    });
    expect((await store.lastGood('greenhouse', 'acme'))!.record.fetchedAt).toBe('2026-01-01T00:00:00.000Z');
    expect((await store.latest('greenhouse', 'acme'))!.record.ok).toBe(false);
    expect(readdirSync(root, { recursive: true }).some((f) => String(f).endsWith('.tmp'))).toBe(false);
  });

  it('re-hashes bodies on read: a tampered body is never served', async () => {
    const store = new FsSnapshotStore(root);
    const { sha256 } = await store.putBody(Buffer.from('{"offers":[]}'));
    writeFileSync(store.bodyPath(sha256), '{"offers":[1]}');
    await expect(store.readBody(sha256)).rejects.toMatchObject({ code: 'PROVIDERS_SNAPSHOT_CORRUPT' });
  });
});
