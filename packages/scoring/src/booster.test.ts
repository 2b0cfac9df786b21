import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makePosting } from '../test/factory.js';
import {
  buildCorpusStats,
  type CorpusStats,
  type EmbeddingProvider,
  embeddingSimilarities,
  lexicalBoost,
  mergeCorpusStats,
  thousandthsText,
} from './booster.js';
import { type CompiledProfile, compileProfile } from './compile.js';
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
  it('merge across batches, in any grouping, to exactly the statistics of the whole', () => {
    const all = buildCorpusStats(profile, prepareJobs(postings, [profile]));
    const stats = (from: number, to: number) =>
      buildCorpusStats(profile, prepareJobs(postings.slice(from, to), [profile]));
    for (let cut = 0; cut <= postings.length; cut++) {
      expect(mergeCorpusStats(stats(0, cut), stats(cut, postings.length))).toEqual(all);
    }
    // one at a time, left to right and right to left
    const singles = postings.map((_, i) => stats(i, i + 1));
    expect(singles.reduce((a, b) => mergeCorpusStats(a, b))).toEqual(all);
    expect(singles.reduceRight((a, b) => mergeCorpusStats(a, b))).toEqual(all);
    expect(all.documentFrequency).toMatchObject({ spark: 2, airflow: 2, engineer: 3 });
  });

  it('refuses statistics without integer counts (hand-made, or from before `tokens`), naming the fix', () => {
    const all = buildCorpusStats(profile, prepareJobs(postings, [profile]));
    const old = { documents: 3, averageLength: 7.5, documentFrequency: {} } as unknown as typeof all;
    expect(() => mergeCorpusStats(all, old)).toThrow(/buildCorpusStats/);
    const empty = { documents: 0, tokens: 0, averageLength: 0, documentFrequency: {} };
    expect(mergeCorpusStats(empty, all)).toEqual(all);
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

describe('lexicalBoost evidence', () => {
  // the evidence as first written: every term with its rounded weight, sorted, the first five
  function referenceTerms(
    compiledProfile: typeof profile,
    job: ReturnType<typeof prepareJobs>[number],
    corpus: CorpusStats,
  ) {
    const tf = new Map<string, number>();
    const vocab = job.vocabulary;
    for (const id of [...job.titleStream.ids, ...job.descriptionStream.ids]) {
      const term = vocab.terms[id]!;
      if (compiledProfile.boosterTerms.includes(term)) tf.set(term, (tf.get(term) ?? 0) + 1);
    }
    const length = job.titleStream.length + job.descriptionStream.length;
    const norm = 1.2 * (1 - 0.75 + (0.75 * length) / (corpus.averageLength || 1));
    const terms = compiledProfile.boosterTerms
      .filter((t) => tf.has(t))
      .map((term) => {
        const n = tf.get(term)!;
        const df = corpus.documentFrequency[term] ?? 0;
        const idf = Math.log(1 + (corpus.documents - df + 0.5) / (df + 0.5));
        const weight = (idf * n * 2.2) / (n + norm);
        return { term, tf: n, weight: Math.round(weight * 1000) / 1000 };
      });
    terms.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1));
    return terms.slice(0, 5);
  }

  it('keeps the five heaviest terms in order, ties by term (seeded random texts)', () => {
    const many = manyTermsProfile('many');
    fc.assert(
      fc.property(randomTexts(many, 40), (texts) => {
        const jobs = jobsOf(many, texts);
        const corpus = buildCorpusStats(many, jobs);
        for (const job of jobs) {
          const boost = lexicalBoost(many, job, corpus, 6);
          const expected = referenceTerms(many, job, corpus);
          expect(boost?.terms ?? []).toEqual(boost?.bm25 === 0 ? [] : expected);
        }
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('the booster contribution (the fast path of scoring)', () => {
  it('says what lexicalBoost says, as first formatted (seeded random texts)', () => {
    const many = manyTermsProfile('many-detail');
    fc.assert(
      fc.property(randomTexts(many, 60), (texts) => {
        const jobs = jobsOf(many, texts);
        const corpus = buildCorpusStats(many, jobs);
        const scored = scorePrepared(many, jobs, { corpus });
        jobs.forEach((job, k) => {
          const boost = lexicalBoost(many, job, corpus, 6);
          const got = scored[k]!.contributions.find((c) => c.rule === 'booster:bm25');
          if (boost === null || !(boost.points > 0)) {
            expect(got).toBeUndefined();
            return;
          }
          let terms = '';
          for (const t of boost.terms) terms += `${terms === '' ? '' : ', '}${t.term}:${t.tf}`;
          expect(got).toEqual({
            rule: 'booster:bm25',
            kind: 'booster',
            hits: boost.terms.length,
            points: Math.round(boost.points * 100) / 100,
            detail: `text similarity (bm25 ${boost.bm25}: ${terms})`,
          });
        });
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('writes thousandths as String does', () => {
    for (let m = 0; m < 200_000; m++) expect(thousandthsText(m)).toBe(String(m / 1000));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (m) => {
        expect(thousandthsText(m)).toBe(String(m / 1000));
      }),
      { seed: 11, numRuns: 20_000 },
    );
    for (const m of [999_999_999_999_999, 1e15, 1e15 + 1, 2 ** 53, -1, 0.5, Number.NaN])
      expect(thousandthsText(m)).toBe(String(m / 1000));
  });
});

/** A profile with ten one-word skills, all boosted. */
function manyTermsProfile(id: string) {
  return compileProfile({
    id,
    name: 'Many terms',
    roles: [{ pattern: 'engineer', weight: 40 }],
    skills: 'alpha beta gamma delta epsilon zeta eta theta iota kappa'
      .split(' ')
      .map((term) => ({ term, weight: 1 })),
    booster: { maxPoints: 6 },
  });
}

/** One to eight texts of the profile's booster terms and filler words. */
function randomTexts(profile: CompiledProfile, maxLength: number) {
  const words = [...profile.boosterTerms, 'filler', 'other', 'words'];
  return fc.array(fc.array(fc.constantFrom(...words), { maxLength }), { minLength: 1, maxLength: 8 });
}

function jobsOf(profile: CompiledProfile, texts: string[][]) {
  return prepareJobs(
    texts.map((t) => makePosting({ title: 'Engineer', descriptionText: t.join(' ') })),
    [profile],
  );
}
