import type { CompiledProfile } from './compile.js';
import { changeDescriber, type DiffableJob, type DiffOptions, diffRuns, type RunDiff } from './diff.js';
import { applyUserState, type OverlaidJob, type UserStateEntry } from './overlay.js';
import { type RankOptions, rankJobs, type ScoreDiagnostics, scoreDiagnostics } from './rank.js';
import type { ScoredJob } from './score.js';

export const REPORT_SCHEMA_VERSION = 1;

export type ReportJob = OverlaidJob & { change: string | null };

/** Everything the renderers need for one profile: ranking, overlay, diff and diagnostics. */
export interface RankedReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  profile: { id: string; name: string; configHash: string; modelId: string };
  diagnostics: ScoreDiagnostics;
  /** Counts against the previous run, or null on a first run. */
  diff: { new: number; changed: number; removed: number; unchanged: number } | null;
  removed: RunDiff['removed'];
  jobs: ReportJob[];
  /** Jobs the user ignores: out of the lists, kept here so the next diff still knows them. */
  hidden: ReportJob[];
}

export interface BuildReportOptions extends RankOptions, DiffOptions {
  /** The previous successful run's jobs (`parsePreviousJobs`); null or absent on a first run. */
  previous?: readonly DiffableJob[] | null;
  userState?: readonly UserStateEntry[];
}

/** Ranks scored jobs, diffs them against the previous run and lays the user state over them. */
export function buildReport(
  compiled: CompiledProfile,
  scored: readonly ScoredJob[],
  options: BuildReportOptions = {},
): RankedReport {
  const ranked = rankJobs(scored, options);
  const diff = options.previous ? diffRuns(options.previous, ranked, options) : null;
  const overlay = applyUserState(ranked, options.userState ?? []);
  const changeOf = changeDescriber(diff);
  const withChange = (j: OverlaidJob): ReportJob => ({ ...j, change: changeOf(j.id) });
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    profile: {
      id: compiled.profile.id,
      name: compiled.profile.name,
      configHash: compiled.configHash,
      modelId: compiled.modelId,
    },
    // over the jobs themselves: a duplicate on another board is not a second job
    diagnostics: scoreDiagnostics(scored.filter((j) => j.duplicateOf === null)),
    diff: diff && {
      new: diff.new.length,
      changed: diff.changed.length,
      removed: diff.removed.length,
      unchanged: diff.unchanged,
    },
    removed: diff?.removed ?? [],
    jobs: overlay.jobs.map(withChange),
    hidden: overlay.hidden.map(withChange),
  };
}
