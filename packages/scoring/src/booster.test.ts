import { describe, expect, it } from 'vitest';
import { makePosting } from '../test/factory.js';
import {
  buildCorpusStats,
  type EmbeddingProvider,
  embeddingSimilarities,
  mergeCorpusStats,
} from './booster.js';
import { compileProfile } from './compile.js';
import { ScoringErrorCode } from './errors.js';
import { prepareJobs } from './prepare.js';
import { scorePostings, scorePrepared } from './score.js';

const profile = compileProfile({
  id: 'de',
  name: 'Data engineering',
  roles: [{ pattern: 'data engineer', weight: 40 }],
  skills: [
    { term: 'spark', weight: 3 },
    { term: 'airflow', weight: 3 },
  ],
  booster: { maxPoints: 6 },
});
const postings = [
  makePosting({ title: 'Data Engineer', descriptionText: 'Spark and Airflow pipelines; spark tuning.' }),
  makePosting({ title: 'Data Engineer', descriptionText: 'Dashboards for finance.' }),
  makePosting({ title: 'Chef', descriptionText: 'Cook spark-free meals.' }),
  makePosting({ title: 'Analyst', descriptionText: 'Data, data and more data engineer talk, airflow.' }),
];

describe('corpus statistics', () => {
  it('merge across batches to the statistics of the whole', () => {
    const all = buildCorpusStats(profile, prepareJobs(postings, [profile]));
    const merged = mergeCorpusStats(
      buildCorpusStats(profile, prepareJobs(postings.slice(0, 1), [profile])),
      buildCorpusStats(profile, prepareJobs(postings.slice(1), [profile])),
    );
    expect(merged.documents).toBe(all.documents);
    expect(merged.documentFrequency).toEqual(all.documentFrequency);
    expect(merged.averageLength).toBeCloseTo(all.averageLength, 10);
    expect(all.documentFrequency).toMatchObject({ spark: 2, airflow: 2, engineer: 3 });
  });

  it("make a job's boost independent of its batch when passed in", () => {
    const corpus = buildCorpusStats(profile, prepareJobs(postings, [profile]));
    const whole = scorePostings(profile, postings, { corpus });
    const alone = scorePostings(profile, postings.slice(0, 1), { corpus });
    expect(alone[0]).toEqual(whole[0]);
  });

  it('bound the boost by maxPoints however relevant the text', () => {
    const flood = makePosting({
      title: 'Data Engineer',
      descriptionText: 'data engineer spark airflow '.repeat(500),
    });
    const [job] = scorePostings(profile, [flood, ...postings]);
    const boost = job!.contributions.find((c) => c.kind === 'booster')!;
    expect(boost.points).toBeGreaterThan(0);
    expect(boost.points).toBeLessThanOrEqual(6);
  });

  it('refuse jobs prepared for other profiles', () => {
    const other = compileProfile({ id: 'x', name: 'X', roles: [{ pattern: 'x', weight: 1 }] });
    expect(() => scorePrepared(profile, prepareJobs(postings, [other]))).toThrow(
      expect.objectContaining({ code: ScoringErrorCode.InputInvalid }),
    );
  });
});

describe('embeddingSimilarities', () => {
  // a tiny real provider: bag-of-letters vectors
  const letters: EmbeddingProvider = {
    id: 'letters-v1',
    async embed(texts) {
      return texts.map((t) => {
        const v = new Array(26).fill(0);
        for (const c of t.toLowerCase()) if (c >= 'a' && c <= 'z') v[c.charCodeAt(0) - 97]++;
        return v;
      });
    },
  };
  it('gives cosine similarities by job id, in 0..1', async () => {
    const sims = await embeddingSimilarities(letters, 'data engineer', [
      { id: 'a', title: 'Data Engineer', descriptionText: '' },
      { id: 'b', title: 'zzz', descriptionText: '' },
    ]);
    expect(sims.a).toBeCloseTo(1, 5);
    expect(sims.b).toBe(0);
  });
  it('rejects a provider that returns the wrong number of vectors', async () => {
    const broken: EmbeddingProvider = { id: 'broken', embed: async () => [] };
    await expect(
      embeddingSimilarities(broken, 'x', [{ id: 'a', title: 'a', descriptionText: '' }]),
    ).rejects.toThrow(/returned 0 vectors for 2 texts/);
  });
});
