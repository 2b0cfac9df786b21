import type { ScoredJob } from './score.js';

/** A ranked job: its 1-based rank in the list. */
export type RankedJob = ScoredJob & { rank: number };

export interface RankOptions {
  /** Leave out jobs under this score. Default 0. */
  minScore?: number;
  /** Keep excluded jobs (at the end, score 0). Default false. */
  includeExcluded?: boolean;
  /** Keep jobs that duplicate another job's posting on another board. Default false. */
  includeDuplicates?: boolean;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The ranking order: score descending, published descending (undated last), id ascending. */
export function compareScored(a: ScoredJob, b: ScoredJob): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.publishedAt !== b.publishedAt) {
    if (a.publishedAt === null) return 1;
    if (b.publishedAt === null) return -1;
    const ta = Date.parse(a.publishedAt);
    const tb = Date.parse(b.publishedAt);
    if (ta !== tb) return tb - ta;
  }
  return cmp(a.id, b.id);
}

/** Sorts and filters scored jobs into a ranking; the input is left alone. */
export function rankJobs(jobs: readonly ScoredJob[], options: RankOptions = {}): RankedJob[] {
  const min = options.minScore ?? 0;
  return jobs
    .filter(
      (j) =>
        (options.includeExcluded || j.excluded === null) &&
        (options.includeDuplicates || j.duplicateOf === null),
    )
    .filter((j) => j.excluded !== null || j.score >= min)
    .sort(compareScored)
    .map((j, i) => ({ ...j, rank: i + 1 }));
}

export interface ScoreDiagnostics {
  jobs: number;
  excluded: number;
  min: number | null;
  p50: number | null;
  p90: number | null;
  max: number | null;
  /** Jobs per band of ten points: "0-9", "10-19", ..., "90-100". */
  buckets: Record<string, number>;
}

/** Nearest-rank percentile of sorted values: the smallest value with at least p% of values at or below. */
function nearestRank(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** min / p50 / p90 / max and ten-point buckets over the jobs that were not excluded. */
export function scoreDiagnostics(jobs: readonly ScoredJob[]): ScoreDiagnostics {
  const scores = jobs
    .filter((j) => j.excluded === null)
    .map((j) => j.score)
    .sort((a, b) => a - b);
  const buckets: Record<string, number> = {};
  for (let lo = 0; lo < 100; lo += 10) buckets[lo === 90 ? '90-100' : `${lo}-${lo + 9}`] = 0;
  for (const s of scores) {
    const lo = Math.min(90, Math.floor(s / 10) * 10);
    const key = lo === 90 ? '90-100' : `${lo}-${lo + 9}`;
    buckets[key] = (buckets[key] ?? 0) + 1;
  }
  return {
    jobs: jobs.length,
    excluded: jobs.length - scores.length,
    min: scores[0] ?? null,
    p50: nearestRank(scores, 50),
    p90: nearestRank(scores, 90),
    max: scores.at(-1) ?? null,
    buckets,
  };
}
