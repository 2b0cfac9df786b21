import { join } from 'node:path';
import { canonicalJson } from '@jobintel/runner-core';
import {
  buildReport,
  type CompiledProfile,
  compileProfile,
  type Profile,
  type ReportJob,
  type ScoredJob,
  scorePostings,
} from '@jobintel/scoring';
import type { LoadedConfig } from './config/load.js';
import { DailyError, DailyErrorCode } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { fileExists, hashFile, readJson, sha256Of } from './fs.js';
import { rankedJobs } from './ranked-reader.js';
import { type RunReport, runReportSchema } from './report/schema.js';
import { stateDirOf } from './run.js';
import { corpusStats } from './stages/corpus.js';
import { type Light, lightOf } from './stages/diff.js';
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

/** Jobs scored at once while re-scoring: few enough that their garbage dies young. */
const RESCORE_SLICE = 250;

/** What scoring decided about a job, as one string (equal strings: equal fields). */
const digestOf = (j: Partial<ReportJob>) =>
  sha256Of(SCORED_FIELDS.map((f) => canonicalJson((j[f] ?? null) as never)).join('\n'));

/**
 * Re-scores the archived jobs profile by profile, a slice at a time, and compares with the archived
 * ranking read one job at a time: only a digest per job and the light records the ranking's
 * membership needs are held at once, so a run of 100,000 jobs replays in bounded memory. Jobs whose
 * digest differs are scored again on their own to name the fields.
 */
async function rescore(runDir: string, report: RunReport): Promise<NonNullable<ReplayResult['recalc']>> {
  const descriptions = report.inputs.some((i) => i.path === ENRICHED_FILE)
    ? await readJson<Record<string, string>>(join(runDir, ENRICHED_FILE))
    : null;
  // the scores' reference time, as the score stage took it: the newest snapshot of the run's boards
  let asOf: string | null = null;
  for (const b of report.boards) {
    const at = (b.provenance as { snapshot?: { fetchedAt?: string } | null }).snapshot?.fetchedAt ?? null;
    if (at && (asOf === null || at > asOf)) asOf = at;
  }
  asOf ??= report.run.startedAt;
  const profiles = [];
  for (const p of report.profiles) {
    profiles.push(
      compileProfile(await readJson<Profile>(join(runDir, 'inputs', 'profiles', `${p.id}.json`))),
    );
  }
  const corpora = await corpusStats(runDir, profiles, descriptions);
  const scoreAll = async function* (compiled: CompiledProfile, p: number, only?: ReadonlySet<string>) {
    const options = { asOf: asOf as string, ...(corpora[p] ? { corpus: corpora[p] } : {}) };
    for await (let chunk of readJobChunks(runDir)) {
      if (only) chunk = chunk.filter((j) => only.has(j.id));
      if (descriptions) for (const j of chunk) j.descriptionText = descriptions[j.id] ?? j.descriptionText;
      for (let i = 0; i < chunk.length; i += RESCORE_SLICE) {
        yield* scorePostings(compiled, chunk.slice(i, i + RESCORE_SLICE), options);
      }
    }
  };

  const differences: FieldDifference[] = [];
  let count = 0;
  for (const [p, compiled] of profiles.entries()) {
    const profile = compiled.profile.id;
    const digests = new Map<string, string>();
    const lights: Light[] = [];
    for await (const job of scoreAll(compiled, p)) {
      digests.set(job.id, digestOf(job));
      lights.push(lightOf(job));
    }
    // which jobs a fresh ranking holds (ranked or hidden): buildReport reads only the light fields
    const fresh = buildReport(compiled, lights as ScoredJob[]);
    const members = new Set([...fresh.jobs, ...fresh.hidden].map((j) => j.id));
    lights.length = 0;
    const archivedPath = join(runDir, 'profiles', profile, 'ranked.json');
    const seen = new Set<string>();
    const mismatched = new Map<string, ReportJob>();
    for (const list of ['jobs', 'hidden'] as const) {
      for await (const job of rankedJobs(archivedPath, list)) {
        seen.add(job.id);
        if (!members.has(job.id)) {
          differences.push({ profile, jobId: job.id, field: '(job)', before: 'ranked', after: 'absent' });
        } else if (digestOf(job) !== digests.get(job.id)) mismatched.set(job.id, job);
      }
    }
    for (const id of members) {
      if (!seen.has(id))
        differences.push({ profile, jobId: id, field: '(job)', before: 'absent', after: 'ranked' });
    }
    count += new Set([...seen, ...members]).size;
    if (mismatched.size > 0) {
      for await (const after of scoreAll(compiled, p, new Set(mismatched.keys()))) {
        const before = mismatched.get(after.id) as ReportJob;
        for (const field of SCORED_FIELDS) {
          if (
            canonicalJson((before[field] ?? null) as never) !== canonicalJson((after[field] ?? null) as never)
          )
            differences.push({ profile, jobId: after.id, field, before: before[field], after: after[field] });
        }
      }
    }
  }
  // in a stable order: profile, job id, then the field's place in SCORED_FIELDS
  const order = (f: string) => (SCORED_FIELDS as readonly string[]).indexOf(f);
  differences.sort(
    (a, b) =>
      (a.profile < b.profile ? -1 : a.profile > b.profile ? 1 : 0) ||
      (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0) ||
      order(a.field) - order(b.field),
  );
  return { identical: differences.length === 0, jobs: count, differences };
}
