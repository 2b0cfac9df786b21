import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makePosting } from '../test/factory.js';
import { compileProfile } from './compile.js';
import type { ProfileInput } from './profile.js';
import { compareScored, rankJobs, scoreDiagnostics } from './rank.js';
import {
  type Contribution,
  type ScoredJob,
  scorePostings,
  scorePostingsForProfiles,
  sortContributions,
} from './score.js';

const base: ProfileInput = {
  id: 'cs',
  name: 'CS',
  roles: [
    { pattern: 'customer success manager', weight: 40, synonyms: ['csm'] },
    { pattern: 'account manager', weight: 25 },
  ],
  skills: [
    { term: 'salesforce', weight: 3, cap: 6 },
    { term: 'churn', weight: 4, scope: 'description' },
  ],
  mustHaves: [{ term: 'customer' }],
  mustHavePenalty: 20,
};

describe('scorePostings', () => {
  it('records each rule with its hits and points, capped per rule', () => {
    const [job] = scorePostings(compileProfile(base), [
      makePosting({
        title: 'Customer Success Manager',
        descriptionText: 'Salesforce, Salesforce and Salesforce. Reduce churn; churn matters.',
      }),
    ]);
    const by = Object.fromEntries(job!.contributions.map((c) => [c.rule, c]));
    expect(by['role:customer success manager']).toMatchObject({ points: 40, hits: 1 });
    expect(by['skill:salesforce']).toMatchObject({ points: 6, hits: 3 });
    expect(by['skill:churn']).toMatchObject({ points: 4, hits: 2 });
    expect(job!.score).toBe(50);
    expect(job!.explanation.topReasons[0]).toBe('+40 title matches role "customer success manager"');
    expect(job!.explanation.missingMustHaves).toEqual([]);
  });

  it('counts only the best role once', () => {
    const [job] = scorePostings(compileProfile(base), [
      makePosting({ title: 'CSM / Account Manager', descriptionText: 'customer' }),
    ]);
    expect(job!.contributions.filter((c) => c.kind === 'role')).toHaveLength(1);
    expect(job!.score).toBe(40);
  });

  it('clamps to 0..100 and keeps the raw score', () => {
    const high = compileProfile({ ...base, roles: [{ pattern: 'customer success manager', weight: 180 }] });
    expect(scorePostings(high, [makePosting()])[0]).toMatchObject({ score: 100, rawScore: 180 });
    const [low] = scorePostings(compileProfile(base), [makePosting({ title: 'Plumber' })]);
    expect(low).toMatchObject({ score: 0, rawScore: -20 });
    expect(low!.explanation.missingMustHaves).toEqual(['customer']);
    expect(low!.explanation.riskSignals).toContain('title matches no target role');
  });

  it('rounds half up after summing exact hundredths', () => {
    const p = (w: number) =>
      scorePostings(
        compileProfile({
          ...base,
          mustHaves: [],
          roles: [{ pattern: 'customer success manager', weight: w }],
        }),
        [makePosting()],
      )[0]!.score;
    expect(p(40.5)).toBe(41);
    expect(p(40.49)).toBe(40);
    expect(p(0.5)).toBe(1);
  });

  it('flags a missing description as a risk (title-only scoring is visible)', () => {
    const [job] = scorePostings(compileProfile(base), [makePosting({ descriptionText: '' })]);
    expect(job!.explanation.riskSignals).toContain('no description: scored on the title only');
  });

  it('applies location, compensation, seniority and freshness preferences', () => {
    const profile = compileProfile({
      ...base,
      seniority: { prefer: ['senior'], avoid: ['junior'] },
      locations: { countries: ['US'], cities: ['Seattle'], outside: 'exclude', bonus: 10 },
      compensation: { floor: 100_000, currency: 'USD', penalty: 10, bonus: 3 },
      freshness: { weight: 4, halfLifeDays: 10, staleAfterDays: 30 },
    });
    const [seattle, london, junior, cheap] = scorePostings(
      profile,
      [
        makePosting({
          title: 'Senior Customer Success Manager',
          locations: ['Seattle'],
          publishedAt: '2026-11-20T00:00:00Z',
        }),
        makePosting({ locations: ['London, UK'] }),
        makePosting({ title: 'Junior Customer Success Manager', publishedAt: '2026-09-01T00:00:00Z' }),
        makePosting({
          compensation: { min: 40_000, max: 60_000, currency: 'USD', interval: 'year', text: null },
        }),
      ],
      { asOf: '2026-11-30T00:00:00Z' },
    );
    const rules = (j: ScoredJob) => Object.fromEntries(j.contributions.map((c) => [c.rule, c.points]));
    expect(rules(seattle!)).toMatchObject({ 'location:preferred': 10, 'seniority:senior': 5, freshness: 2 });
    expect(london!.excluded).toMatch(/outside preferred countries/);
    expect(london!.score).toBe(0);
    expect(rules(junior!)['seniority:junior']).toBe(-15);
    expect(junior!.explanation.riskSignals.some((r) => r.startsWith('stale'))).toBe(true);
    expect(rules(cheap!)['compensation:floor']).toBe(-10);
  });

  it('requires the run time when the profile scores freshness', () => {
    const fresh = compileProfile({ ...base, freshness: { weight: 4 } });
    expect(() => scorePostings(fresh, [makePosting()])).toThrow(/pass asOf/);
    expect(() => scorePostings(fresh, [makePosting()], { asOf: 'yesterday' })).toThrow(/pass asOf/);
    expect(scorePostings(fresh, [makePosting()], { asOf: '2026-11-20T00:00:00Z' })[0]!.score).toBe(44);
  });

  it('adds a bounded lexical boost with its evidence', () => {
    const profile = compileProfile({ ...base, booster: { maxPoints: 5 } });
    const jobs = [
      makePosting({ descriptionText: 'customer success salesforce churn account manager customer success' }),
      makePosting({ title: 'Forklift Operator', descriptionText: 'forklift warehouse shifts' }),
      makePosting({ descriptionText: 'we sell customer software' }),
    ];
    const scored = scorePostings(profile, jobs);
    const boost = (j: ScoredJob) => j.contributions.find((c) => c.kind === 'booster');
    expect(boost(scored[0]!)!.points).toBeGreaterThan(boost(scored[2]!)!.points);
    expect(boost(scored[0]!)!.points).toBeLessThanOrEqual(5);
    expect(boost(scored[0]!)!.detail).toMatch(/bm25 .*success/);
    expect(boost(scored[1]!)).toBeUndefined();
  });

  it('adds a bounded semantic boost from supplied similarities', () => {
    const profile = compileProfile({ ...base, booster: { maxPoints: 0, semanticMaxPoints: 4 } });
    const posting = makePosting({ postingId: 'sem-1' });
    const [job] = scorePostings(profile, [posting], { semantic: { 'greenhouse:acme:sem-1': 0.5 } });
    expect(job!.contributions.find((c) => c.kind === 'semantic')?.points).toBe(2);
  });

  it('is the same for every profile when tokenized once for several', () => {
    const a = compileProfile(base);
    const b = compileProfile({ ...base, id: 'other' });
    const postings = [
      makePosting({ descriptionText: 'salesforce churn' }),
      makePosting({ title: 'Account Manager' }),
    ];
    const multi = scorePostingsForProfiles([a, b], postings);
    expect(multi.cs).toEqual(scorePostings(a, postings));
    expect(multi.other).toEqual(scorePostings(b, postings));
  });

  it('gives the same result after a structured clone (worker threads)', () => {
    const compiled = compileProfile(base);
    const postings = [makePosting({ descriptionText: 'salesforce' })];
    expect(scorePostings(structuredClone(compiled), structuredClone(postings))).toEqual(
      scorePostings(compiled, postings),
    );
  });
});

describe('ranking', () => {
  const compiled = compileProfile({ ...base, mustHaves: [] });
  const mk = (id: string, title: string, publishedAt: string | null) =>
    makePosting({ postingId: id, title, publishedAt });
  const scored = scorePostings(compiled, [
    mk('b', 'Account Manager', '2026-11-01T00:00:00Z'),
    mk('a', 'Account Manager', '2026-11-01T00:00:00Z'),
    mk('c', 'Account Manager', '2026-11-02T00:00:00Z'),
    mk('d', 'Account Manager', null),
    mk('e', 'Customer Success Manager', null),
  ]);

  it('breaks ties by score desc, published desc (undated last), id asc', () => {
    expect(rankJobs(scored).map((j) => j.id.split(':')[2])).toEqual(['e', 'c', 'a', 'b', 'd']);
    expect(rankJobs(scored).map((j) => j.rank)).toEqual([1, 2, 3, 4, 5]);
    expect([...scored].reverse().sort(compareScored)).toEqual([...scored].sort(compareScored));
  });

  it('filters by minimum score, exclusions and duplicates', () => {
    expect(rankJobs(scored, { minScore: 30 }).map((j) => j.id.split(':')[2])).toEqual(['e']);
    const dup = { ...scored[0]!, id: 'x', duplicateOf: scored[1]!.id };
    expect(rankJobs([...scored, dup]).some((j) => j.id === 'x')).toBe(false);
    expect(rankJobs([...scored, dup], { includeDuplicates: true }).some((j) => j.id === 'x')).toBe(true);
  });

  it('reports min, p50, p90, max and buckets (nearest rank)', () => {
    const jobs = [0, 10, 20, 30, 40, 50, 60, 70, 80, 100].map((score, i) => ({
      ...scored[0]!,
      id: String(i),
      score,
    }));
    const excluded = { ...scored[0]!, id: 'x', score: 0, excluded: 'outside' };
    const d = scoreDiagnostics([...jobs, excluded]);
    expect(d).toMatchObject({ jobs: 11, excluded: 1, min: 0, p50: 40, p90: 80, max: 100 });
    expect(d.buckets).toEqual({
      '0-9': 1,
      '10-19': 1,
      '20-29': 1,
      '30-39': 1,
      '40-49': 1,
      '50-59': 1,
      '60-69': 1,
      '70-79': 1,
      '80-89': 1,
      '90-100': 1,
    });
    expect(scoreDiagnostics([])).toMatchObject({ min: null, p50: null, max: null });
  });
});

describe('sortContributions', () => {
  const byPointsThenRule = (a: Contribution, b: Contribution) =>
    b.points - a.points || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
  it('orders as the builtin stable sort does, ties and equal rules included (seeded)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            rule: fc.constantFrom('a', 'b', 'skill:x', 'skill:y', 'negative:z'),
            points: fc.oneof(
              fc.constantFrom(-5, 0, 0, 1.5, 3, 12),
              fc.integer({ min: -2000, max: 2000 }).map((c) => c / 100),
            ),
            detail: fc.nat(),
          }),
          { maxLength: 40 },
        ),
        (items) => {
          const list = items.map((x) => ({
            ...x,
            kind: 'skill' as const,
            hits: 1,
            detail: String(x.detail),
          }));
          const expected = list.slice().sort(byPointsThenRule);
          const got = list.slice();
          sortContributions(got);
          expect(got.map((c) => list.indexOf(c))).toEqual(expected.map((c) => list.indexOf(c)));
        },
      ),
      { seed: 5, numRuns: 2000 },
    );
  });
});

describe('freshness texts', () => {
  it('name the age in whole days, the same on every use (texts are made once)', () => {
    const fresh = compileProfile({ ...base, freshness: { weight: 4, halfLifeDays: 10, staleAfterDays: 30 } });
    const asOf = '2026-11-29T00:00:00Z';
    const at = (hours: number) => new Date(Date.parse(asOf) - hours * 3_600_000).toISOString();
    const ages = [0, 5, 23, 24, 47, 48, 30 * 24, 31 * 24 + 1, 0, 24, 31 * 24 + 1, 400_000 * 24, -48];
    const expected = (hours: number) => {
      const days = Math.floor(Math.max(0, hours) / 24);
      return days === 0
        ? 'published today'
        : days === 1
          ? 'published 1 day ago'
          : `published ${days} days ago`;
    };
    for (let round = 0; round < 2; round++) {
      const scored = scorePostings(
        fresh,
        ages.map((h) => makePosting({ publishedAt: at(h) })),
        { asOf },
      );
      scored.forEach((job, k) => {
        const text = expected(ages[k]!);
        expect(job.contributions.find((c) => c.rule === 'freshness')!.detail).toBe(text);
        expect(job.explanation.riskSignals.includes(`stale: ${text}`)).toBe(ages[k]! / 24 > 30);
      });
    }
  });
});
