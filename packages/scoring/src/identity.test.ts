import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makePosting } from '../test/factory.js';
import {
  canonicalJobId,
  canonicalUrl,
  collapseJobs,
  duplicateKey,
  identifyJobs,
  linkDuplicates,
} from './identity.js';

describe('canonicalUrl', () => {
  it.each([
    ['HTTPS://Jobs.Example.COM/acme/123/', 'https://jobs.example.com/acme/123'],
    ['https://jobs.example.com/acme/123#apply', 'https://jobs.example.com/acme/123'],
    ['https://jobs.example.com:443/acme/123', 'https://jobs.example.com/acme/123'],
    [
      'https://jobs.example.com/acme/123?utm_source=x&utm_medium=y&gh_src=abc&lever-source=li&ref=hn&source=tw',
      'https://jobs.example.com/acme/123',
    ],
    ['https://jobs.example.com/a?b=2&a=1&c=3', 'https://jobs.example.com/a?a=1&b=2&c=3'],
    ['https://example.com/', 'https://example.com'],
    [
      'https://boards.greenhouse.io/acme/jobs/1?gh_jid=1',
      'https://boards.greenhouse.io/acme/jobs/1?gh_jid=1',
    ],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });
  it('drops gh_jid only when the job id is known', () => {
    expect(canonicalUrl('https://acme.com/careers?gh_jid=42', { jobIdKnown: true })).toBe(
      'https://acme.com/careers',
    );
  });
  it('refuses what is not an http(s) URL', () => {
    expect(canonicalUrl('mailto:jobs@acme.com')).toBeNull();
    expect(canonicalUrl('not a url')).toBeNull();
  });
});

describe('canonicalJobId', () => {
  it('prefers the ATS id namespaced by provider and board, the job id over the posting id', () => {
    expect(
      canonicalJobId(makePosting({ provider: 'ashby', board: 'Acme', postingId: 'p1', jobId: 'j1' })),
    ).toEqual({
      id: 'ashby:acme:j1',
      basis: 'ats',
    });
    expect(canonicalJobId(makePosting({ provider: 'lever', postingId: 'p1' })).id).toBe('lever:acme:p1');
  });
  it('falls back to the canonical URL, then a content hash', () => {
    const base = { provider: 'greenhouse', board: 'acme', title: 'Engineer', locations: [{ raw: 'Berlin' }] };
    const a = canonicalJobId({ ...base, jobUrl: 'https://acme.com/jobs/1?utm_source=x' });
    const b = canonicalJobId({ ...base, jobUrl: 'https://ACME.com/jobs/1/' });
    expect(a.basis).toBe('url');
    expect(a.id).toBe(b.id);
    const c = canonicalJobId({ ...base, team: 'Core' });
    expect(c.basis).toBe('content');
    expect(canonicalJobId({ ...base, team: 'core', title: 'ENGINEER' }).id).toBe(c.id);
    expect(canonicalJobId({ ...base, team: 'Other' }).id).not.toBe(c.id);
  });
});

describe('identifyJobs', () => {
  it('collapses one job posted in several locations into one job with every location', () => {
    const jobs = identifyJobs([
      makePosting({ provider: 'ashby', postingId: 'p2', jobId: 'j1', locations: ['New York, NY'] }),
      makePosting({ provider: 'ashby', postingId: 'p1', jobId: 'j1', locations: ['San Francisco, CA'] }),
      makePosting({ provider: 'ashby', postingId: 'p3', jobId: 'j2', title: 'Other' }),
    ]);
    expect(jobs.map((j) => j.id)).toEqual(['ashby:acme:j1', 'ashby:acme:j2']);
    expect(jobs[0]!.postingIds).toEqual(['p1', 'p2']);
    // sorted by country, region, city
    expect(jobs[0]!.locations.map((l) => l.city)).toEqual(['San Francisco', 'New York']);
  });

  it('links the same job on two boards, the smallest id being the primary', () => {
    const text = 'Own onboarding and renewals for our enterprise customers.';
    const jobs = identifyJobs([
      makePosting({ provider: 'lever', board: 'acme-eu', postingId: 'x', descriptionText: text }),
      makePosting({ provider: 'greenhouse', board: 'acme', postingId: 'y', descriptionText: text }),
      makePosting({
        provider: 'greenhouse',
        board: 'acme',
        postingId: 'z',
        descriptionText: 'something else',
      }),
    ]);
    const by = Object.fromEntries(jobs.map((j) => [j.id, j]));
    expect(by['greenhouse:acme:y']).toMatchObject({ duplicateOf: null, duplicates: ['lever:acme-eu:x'] });
    expect(by['lever:acme-eu:x']).toMatchObject({
      duplicateOf: 'greenhouse:acme:y',
      duplicates: ['greenhouse:acme:y'],
    });
    expect(by['greenhouse:acme:z']).toMatchObject({ duplicateOf: null, duplicates: [] });
  });

  it('does not depend on input order (property)', () => {
    const pool = [
      makePosting({ provider: 'ashby', postingId: 'a1', jobId: 'j1', locations: ['Seattle'] }),
      makePosting({
        provider: 'ashby',
        postingId: 'a2',
        jobId: 'j1',
        locations: ['Remote - US'],
        publishedAt: '2026-11-01T00:00:00Z',
      }),
      makePosting({ provider: 'ashby', postingId: 'a3', jobId: 'j1', locations: ['Zürich'], team: 'Growth' }),
      makePosting({ provider: 'lever', board: 'acme2', postingId: 'l1', descriptionText: 'same text' }),
      makePosting({ provider: 'greenhouse', postingId: 'g1', descriptionText: 'same text' }),
      makePosting({
        provider: 'greenhouse',
        postingId: 'g2',
        title: 'Data Scientist',
        descriptionText: 'models',
      }),
      makePosting({
        provider: 'greenhouse',
        postingId: 'g2',
        title: 'Data Scientist',
        descriptionText: 'models, longer',
      }),
    ];
    const expected = JSON.stringify(identifyJobs(pool));
    fc.assert(
      fc.property(
        fc.shuffledSubarray(pool, { minLength: pool.length, maxLength: pool.length }),
        (shuffled) => {
          expect(JSON.stringify(identifyJobs(shuffled))).toBe(expected);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('gives the same jobs when each board is collapsed on its own and linked afterwards', () => {
    const pool = [
      makePosting({ provider: 'ashby', postingId: 'a1', jobId: 'j1', locations: ['Seattle'] }),
      makePosting({ provider: 'ashby', postingId: 'a2', jobId: 'j1', locations: ['Remote - US'] }),
      makePosting({ provider: 'lever', board: 'acme2', postingId: 'l1', descriptionText: 'same text' }),
      makePosting({ provider: 'greenhouse', postingId: 'g1', descriptionText: 'same text' }),
      makePosting({ provider: 'greenhouse', board: 'other', postingId: 'g9', descriptionText: 'same text' }),
      makePosting({ provider: 'greenhouse', postingId: 'g2', title: 'Data Scientist' }),
    ];
    const boards = new Map<string, typeof pool>();
    for (const p of pool)
      boards.set(`${p.provider}:${p.board}`, [...(boards.get(`${p.provider}:${p.board}`) ?? []), p]);
    const perBoard = [...boards.values()].flatMap((postings) => collapseJobs(postings));
    const links = linkDuplicates(perBoard.map((j) => ({ id: j.id, key: duplicateKey(j) })));
    const merged = perBoard
      .map((j) => ({ ...j, ...links.get(j.id) }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const whole = identifyJobs(pool);
    expect(JSON.stringify(merged)).toBe(JSON.stringify(whole));
    expect(whole.filter((j) => j.duplicates.length > 0)).toHaveLength(3);
  });
});

describe('the link of a canonical job', () => {
  it('keeps gh_jid (on a company domain it selects the job) and drops tracking parameters', () => {
    const [job] = identifyJobs([
      makePosting({
        provider: 'greenhouse',
        postingId: '4242',
        jobUrl: 'https://www.acme.example/careers/job?gh_jid=4242&utm_source=feed#apply',
      }),
    ]);
    expect(job?.url).toBe('https://www.acme.example/careers/job?gh_jid=4242');
  });
});
