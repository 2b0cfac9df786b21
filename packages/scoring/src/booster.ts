import { type CompiledProfile, runtimeOf } from './compile.js';
import { ScoringError, ScoringErrorCode } from './errors.js';
import type { PreparedJob } from './prepare.js';

/**
 * Corpus statistics BM25 needs for one profile: how many documents, their mean length, and in how
 * many documents each of the profile's terms occurs. Plain JSON: compute it once over the whole run
 * and pass it to every batch, so a job's boost does not depend on which batch it was scored in.
 */
export interface CorpusStats {
  documents: number;
  /** Tokens over all documents: an integer, so merging batches in any grouping gives the same mean. */
  tokens: number;
  /** `tokens / documents`. */
  averageLength: number;
  /** Document frequency per booster term (terms that occur nowhere are left out). */
  documentFrequency: Record<string, number>;
}

/** The booster's evidence for one job: points, the raw BM25 score and the terms that carried it. */
export interface BoostEvidence {
  points: number;
  bm25: number;
  terms: Array<{ term: string; tf: number; weight: number }>;
}

const K1 = 1.2;
const B = 0.75;

let scratch = new Uint32Array(256);

/**
 * Booster term counts of one job, in a shared buffer valid until the next call: its first
 * `boosterTerms.length` entries (the rest is left over from other profiles).
 */
function termCounts(compiled: CompiledProfile, job: PreparedJob): Uint32Array {
  const { boosterIndex } = runtimeOf(compiled, job.vocabulary);
  const terms = compiled.boosterTerms.length;
  if (scratch.length < terms) scratch = new Uint32Array(terms * 2);
  const counts = scratch;
  for (let i = 0; i < terms; i++) counts[i] = 0;
  addCounts(counts, boosterIndex, job.titleStream.ids);
  addCounts(counts, boosterIndex, job.descriptionStream.ids);
  return counts;
}

function addCounts(counts: Uint32Array, boosterIndex: Int32Array, ids: readonly number[]): void {
  for (let k = 0; k < ids.length; k++) {
    const i = boosterIndex[ids[k]!]!;
    if (i >= 0) counts[i]!++;
  }
}

export function buildCorpusStats(compiled: CompiledProfile, jobs: readonly PreparedJob[]): CorpusStats {
  const df = new Uint32Array(compiled.boosterTerms.length);
  let total = 0;
  for (const job of jobs) {
    total += job.titleStream.length + job.descriptionStream.length;
    const counts = termCounts(compiled, job);
    for (let i = 0; i < df.length; i++) if (counts[i]! > 0) df[i]!++;
  }
  const documentFrequency: Record<string, number> = {};
  compiled.boosterTerms.forEach((t, i) => {
    if (df[i]! > 0) documentFrequency[t] = df[i]!;
  });
  return {
    documents: jobs.length,
    tokens: total,
    averageLength: jobs.length ? total / jobs.length : 0,
    documentFrequency,
  };
}

/** Combines the statistics of two parts of a corpus (batches), so a run can compute them streaming. */
export function mergeCorpusStats(a: CorpusStats, b: CorpusStats): CorpusStats {
  for (const stats of [a, b]) {
    if (!Number.isSafeInteger(stats.tokens) || !Number.isSafeInteger(stats.documents)) {
      throw new ScoringError(
        ScoringErrorCode.InputInvalid,
        'corpus statistics need integer `documents` and `tokens`: make them with buildCorpusStats (an empty corpus is { documents: 0, tokens: 0, averageLength: 0, documentFrequency: {} })',
      );
    }
  }
  const documents = a.documents + b.documents;
  const documentFrequency: Record<string, number> = { ...a.documentFrequency };
  for (const [term, df] of Object.entries(b.documentFrequency))
    documentFrequency[term] = (documentFrequency[term] ?? 0) + df;
  const tokens = a.tokens + b.tokens;
  const sorted: Record<string, number> = {};
  for (const term of Object.keys(documentFrequency).sort()) sorted[term] = documentFrequency[term]!;
  return { documents, tokens, averageLength: documents ? tokens / documents : 0, documentFrequency: sorted };
}

/**
 * Okapi BM25 (k1 1.2, b 0.75) of the profile's terms against the job's title and description, mapped
 * to at most `maxPoints`: points = maxPoints * s / (s + h), where s is the BM25 score and h half the
 * sum of the terms' idf. It saturates, so a long description full of profile words cannot run away.
 */
export function lexicalBoost(
  compiled: CompiledProfile,
  job: PreparedJob,
  corpus: CorpusStats,
  maxPoints: number,
): BoostEvidence | null {
  const counts = boostInto(compiled, job, corpus, maxPoints);
  if (counts === null) return null;
  if (BOOST.bm25 === 0) return { points: 0, bm25: 0, terms: [] };
  const terms: BoostEvidence['terms'] = [];
  for (let k = 0; k < BOOST.kept; k++) {
    const i = TOP[k]!;
    terms.push({ term: compiled.boosterTerms[i]!, tf: counts[i]!, weight: TOP_WEIGHTS[k]! });
  }
  return { points: BOOST.points, bm25: BOOST.bm25, terms };
}

/**
 * The evidence of `lexicalBoost` without its objects, for scoring's hot path: null when there is no
 * boost at all, else the term counts (shared buffer), with the points, the rounded BM25 score and the
 * number of evidence terms in `BOOST` and the evidence terms (indexes into `boosterTerms`, heaviest
 * first) in `TOP`. Valid until the next call.
 */
export function boostInto(
  compiled: CompiledProfile,
  job: PreparedJob,
  corpus: CorpusStats,
  maxPoints: number,
): Uint32Array | null {
  if (maxPoints <= 0 || compiled.boosterTerms.length === 0 || corpus.documents === 0) return null;
  const { idf, half } = idfOf(compiled, corpus);
  const counts = termCounts(compiled, job);
  const termCount = compiled.boosterTerms.length;
  const length = job.titleStream.length + job.descriptionStream.length;
  const norm = K1 * (1 - B + (B * length) / (corpus.averageLength || 1));
  let bm25 = 0;
  // the evidence is the five heaviest terms (rounded weight, then term): kept in order as they come
  const top = TOP;
  const topWeights = TOP_WEIGHTS;
  let kept = 0;
  for (let i = 0; i < termCount; i++) {
    const tf = counts[i]!;
    if (tf === 0) continue;
    const weight = (idf[i]! * tf * (K1 + 1)) / (tf + norm);
    bm25 += weight;
    const rounded = Math.round(weight * 1000) / 1000;
    // terms are sorted and come in order, so an equal weight never goes before one already kept
    let at = kept;
    while (at > 0 && rounded > topWeights[at - 1]!) at--;
    if (at >= TOP_TERMS) continue;
    for (let k = Math.min(kept, TOP_TERMS - 1); k > at; k--) {
      top[k] = top[k - 1]!;
      topWeights[k] = topWeights[k - 1]!;
    }
    top[at] = i;
    topWeights[at] = rounded;
    if (kept < TOP_TERMS) kept++;
  }
  if (bm25 === 0) {
    BOOST.points = 0;
    BOOST.bm25 = 0;
    BOOST.bm25Millis = 0;
    BOOST.kept = 0;
    return counts;
  }
  BOOST.points = (maxPoints * bm25) / (bm25 + half);
  const millis = Math.round(bm25 * 1000);
  BOOST.bm25 = millis / 1000;
  BOOST.bm25Millis = millis;
  BOOST.kept = kept;
  return counts;
}

/** The figures of the last `boostInto` (`bm25Millis`: the rounded BM25 score in thousandths). */
export const BOOST = { points: 0, bm25: 0, bm25Millis: 0, kept: 0 };

const FRACTIONS = Array.from({ length: 1000 }, (_, f) =>
  f === 0 ? '' : `.${String(f).padStart(3, '0').replace(/0+$/, '')}`,
);

/**
 * `String(millis / 1000)` for a whole number of thousandths below 10^15 (15 digits at most: the shortest
 * decimal that reads back as `millis / 1000` is that decimal itself, at most three places), without
 * converting a double to text.
 */
export function thousandthsText(millis: number): string {
  if (!(millis >= 0 && millis < 1e15) || !Number.isInteger(millis)) return String(millis / 1000);
  const whole = Math.floor(millis / 1000);
  return `${whole}${FRACTIONS[millis - whole * 1000]!}`;
}

const TOP_TERMS = 5;
export const TOP = new Int32Array(TOP_TERMS);
const TOP_WEIGHTS = new Float64Array(TOP_TERMS);

const idfCache = new WeakMap<CorpusStats, Map<string, { idf: Float64Array; half: number }>>();

/** idf of each booster term (BM25's, never negative) and half their sum, once per corpus and profile. */
function idfOf(compiled: CompiledProfile, corpus: CorpusStats): { idf: Float64Array; half: number } {
  if (corpus === lastIdf.corpus && compiled.configHash === lastIdf.configHash) return lastIdf.entry!;
  const entry = computeIdf(compiled, corpus);
  lastIdf = { corpus, configHash: compiled.configHash, entry };
  return entry;
}

let lastIdf: {
  corpus: CorpusStats | null;
  configHash: string;
  entry: { idf: Float64Array; half: number } | null;
} = { corpus: null, configHash: '', entry: null };

function computeIdf(compiled: CompiledProfile, corpus: CorpusStats): { idf: Float64Array; half: number } {
  let byProfile = idfCache.get(corpus);
  const hit = byProfile?.get(compiled.configHash);
  if (hit) return hit;
  const idf = Float64Array.from(compiled.boosterTerms, (term) => {
    const df = corpus.documentFrequency[term] ?? 0;
    return Math.log(1 + (corpus.documents - df + 0.5) / (df + 0.5));
  });
  const entry = { idf, half: idf.reduce((a, b) => a + b, 0) / 2 };
  if (!byProfile) {
    byProfile = new Map();
    idfCache.set(corpus, byProfile);
  }
  byProfile.set(compiled.configHash, entry);
  return entry;
}

/**
 * A source of text embeddings (a local model, a hosted API). JobIntel ships none: a caller that has
 * one computes similarities with `embeddingSimilarities` and passes them to scoring as `semantic`,
 * where they add at most the profile's `booster.semanticMaxPoints`.
 */
export interface EmbeddingProvider {
  /** Names the model, so that cached vectors and run reports say what produced them. */
  readonly id: string;
  embed(
    texts: readonly string[],
    options?: { signal?: AbortSignal },
  ): Promise<ReadonlyArray<ArrayLike<number>>>;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Cosine similarity (clamped to 0..1) between the profile's text and each job's, by job id. */
export async function embeddingSimilarities(
  provider: EmbeddingProvider,
  profileText: string,
  jobs: ReadonlyArray<{ id: string; title: string; descriptionText: string }>,
  options: { signal?: AbortSignal } = {},
): Promise<Record<string, number>> {
  const vectors = await provider.embed(
    [profileText, ...jobs.map((j) => `${j.title}\n${j.descriptionText}`)],
    options,
  );
  if (vectors.length !== jobs.length + 1)
    throw new TypeError(
      `embedding provider ${provider.id} returned ${vectors.length} vectors for ${jobs.length + 1} texts`,
    );
  const out: Record<string, number> = {};
  jobs.forEach((job, i) => {
    out[job.id] = Math.max(0, Math.min(1, cosine(vectors[0]!, vectors[i + 1]!)));
  });
  return out;
}
