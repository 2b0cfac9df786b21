import { join } from 'node:path';
import { canonicalJson } from '@jobintel/runner-core';
import {
  buildReport,
  type CanonicalJob,
  compileProfile,
  type Profile,
  type RankedReport,
  type ReportJob,
  scorePostings,
} from '@jobintel/scoring';
import type { LoadedConfig } from './config/load.js';
import { DailyError, DailyErrorCode } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { fileExists, hashFile, readJson } from './fs.js';
import { type RunReport, runReportSchema } from './report/schema.js';
import { stateDirOf } from './run.js';
import { ENRICHED_FILE } from './stages/enrich.js';
import { readJobChunks } from './stages/identify.js';

export interface ReplayOptions {
  runId: string;
  /** Where the run lives: `stateDir` directly, or the configuration's. */
  stateDir?: string;
  loaded?: LoadedConfig;
  /** Re-score from the archived inputs and compare with the archived ranking, field by field. */
  recalc?: boolean;
}

export interface ArtifactCheck {
  path: string;
  status: 'ok' | 'missing' | 'changed';
  expected: { sha256: string; bytes: number };
  actual: { sha256: string; bytes: number } | null;
}

export interface FieldDifference {
  profile: string;
  jobId: string;
  field: string;
  before: unknown;
  after: unknown;
}

export interface ReplayResult {
  runId: string;
  runDir: string;
  exitCode: typeof ExitCode.Ok | typeof ExitCode.InvalidInput;
  artifacts: ArtifactCheck[];
  recalc: { identical: boolean; jobs: number; differences: FieldDifference[] } | null;
}

// What scoring decides about a job (the overlay and the diff depend on other runs and on the user).
const SCORED_FIELDS = [
  'score',
  'rawScore',
  'band',
  'excluded',
  'contributions',
  'explanation',
  'title',
  'company',
  'locations',
  'duplicateOf',
] as const;

/**
 * Re-verifies every input and output of a finished run against the sha256 and size in its report,
 * and with `recalc` re-scores the archived jobs with the archived profiles and compares the result
 * with the archived ranking. Exit 0 when everything matches, 2 otherwise. Paths come from the report
 * and the run folder, never the working directory.
 */
export async function replayRun(options: ReplayOptions): Promise<ReplayResult> {
  const stateDir = options.stateDir ?? (options.loaded ? stateDirOf(options.loaded) : undefined);
  if (!stateDir)
    throw new DailyError(DailyErrorCode.InvalidConfig, 'replay: give the configuration or the state folder');
  const runDir = join(stateDir, 'runs', options.runId);
  const reportPath = join(runDir, 'report.json');
  if (!(await fileExists(reportPath))) {
    throw new DailyError(
      DailyErrorCode.RunNotFound,
      `no run ${options.runId} in ${join(stateDir, 'runs')}: list runs with \`jobintel runs list\` (or pass --config / --state-dir)`,
    );
  }
  const parsed = runReportSchema.safeParse(await readJson(reportPath));
  if (!parsed.success) {
    throw new DailyError(
      DailyErrorCode.InvalidInput,
      `the report of run ${options.runId} is not a valid run report: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
    );
  }
  const report: RunReport = parsed.data;
  const artifacts: ArtifactCheck[] = [];
  for (const f of [...report.inputs, ...report.outputs]) {
    const path = join(runDir, f.path);
    let actual: ArtifactCheck['actual'] = null;
    try {
      actual = await hashFile(path);
    } catch {}
    artifacts.push({
      path: f.path,
      status:
        actual === null
          ? 'missing'
          : actual.sha256 === f.sha256 && actual.bytes === f.bytes
            ? 'ok'
            : 'changed',
      expected: { sha256: f.sha256, bytes: f.bytes },
      actual,
    });
  }
  const intact = artifacts.every((a) => a.status === 'ok');
  let recalc: ReplayResult['recalc'] = null;
  if (options.recalc)
    recalc = intact ? await rescore(runDir, report) : { identical: false, jobs: 0, differences: [] };
  const ok = intact && (recalc === null || recalc.identical);
  return {
    runId: options.runId,
    runDir,
    exitCode: ok ? ExitCode.Ok : ExitCode.InvalidInput,
    artifacts,
    recalc,
  };
}

async function rescore(runDir: string, report: RunReport): Promise<NonNullable<ReplayResult['recalc']>> {
  const jobs: CanonicalJob[] = [];
  for await (const chunk of readJobChunks(runDir)) jobs.push(...chunk);
  if (report.inputs.some((i) => i.path === ENRICHED_FILE)) {
    const descriptions = await readJson<Record<string, string>>(join(runDir, ENRICHED_FILE));
    for (const j of jobs) j.descriptionText = descriptions[j.id] ?? j.descriptionText;
  }
  // the scores' reference time, as the score stage took it: the newest snapshot of the run's boards
  let asOf: string | null = null;
  for (const b of report.boards) {
    const at = (b.provenance as { snapshot?: { fetchedAt?: string } | null }).snapshot?.fetchedAt ?? null;
    if (at && (asOf === null || at > asOf)) asOf = at;
  }
  asOf ??= report.run.startedAt;
  const differences: FieldDifference[] = [];
  let count = 0;
  for (const p of report.profiles) {
    const profile = await readJson<Profile>(join(runDir, 'inputs', 'profiles', `${p.id}.json`));
    const archived = await readJson<RankedReport>(join(runDir, 'profiles', p.id, 'ranked.json'));
    const compiled = compileProfile(profile);
    const fresh = buildReport(compiled, scorePostings(compiled, jobs, { asOf }));
    const before = new Map<string, ReportJob>([...archived.jobs, ...archived.hidden].map((j) => [j.id, j]));
    const after = new Map<string, ReportJob>([...fresh.jobs, ...fresh.hidden].map((j) => [j.id, j]));
    for (const id of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      count++;
      const b = before.get(id);
      const a = after.get(id);
      if (!b || !a) {
        differences.push({
          profile: p.id,
          jobId: id,
          field: '(job)',
          before: b ? 'ranked' : 'absent',
          after: a ? 'ranked' : 'absent',
        });
        continue;
      }
      for (const field of SCORED_FIELDS) {
        if (canonicalJson(b[field] as never) !== canonicalJson(a[field] as never))
          differences.push({ profile: p.id, jobId: id, field, before: b[field], after: a[field] });
      }
    }
  }
  return { identical: differences.length === 0, jobs: count, differences };
}
