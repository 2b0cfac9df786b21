import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  type Logger,
  type PipelineOutcome,
  type RunnerEvent,
  runPipeline,
  silentLogger,
} from '@jobintel/runner-core';
import { compileProfile } from '@jobintel/scoring';
import { openStore, type RunLock, type Store } from '@jobintel/store';
import type { LoadedConfig } from './config/load.js';
import { defaultFlags, type RunContext, type RunFlags } from './context.js';
import { ExitCode, exitCodeOf } from './exit-codes.js';
import { fileExists, readJson, stableJson, writeAtomic } from './fs.js';
import { dailyPipeline, STAGES } from './pipeline.js';
import { preflight } from './preflight.js';
import {
  boardReports,
  environmentFingerprint,
  fileRecord,
  profileReport,
  SCORING_MODEL_ID,
  stageReports,
} from './report/build.js';
import { RUN_REPORT_VERSION, type RunReport, runReportSchema } from './report/schema.js';
import { aiDisabledReason, aiRef } from './stages/ai.js';
import { previousRun } from './stages/diff.js';
import { ENRICHED_FILE } from './stages/enrich.js';
import { closeFetcher } from './stages/fetcher.js';
import { JOBS_INDEX, type JobsIndex } from './stages/identify.js';
import { artifactStoreOf } from './stages/publish.js';
import { refsOf } from './stages/refs.js';
import { selectProfiles } from './stages/score.js';

export interface RunDailyOptions {
  loaded: LoadedConfig;
  flags?: Partial<RunFlags>;
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** Runner progress events (for a progress bar), plus `run:*` events of the run itself. */
  onEvent?(event: RunnerEvent | DailyEvent): void;
  signal?: AbortSignal;
  now?: () => Date;
}

export type DailyEvent =
  | { type: 'run:start'; runId: string; resumed: boolean; attempt: number; runDir: string }
  | { type: 'run:end'; runId: string; status: RunReport['run']['status']; exitCode: number };

export interface ProfileOutputs {
  profile: string;
  ranked: string;
  csv: string;
  shortlist: string;
  top: string;
}

export interface DailyResult {
  exitCode: number;
  report: RunReport;
  runDir: string;
  reportPath: string;
  outputs: ProfileOutputs[];
}

/** The folder every run's artifacts live in, and the database's, resolved against the config file. */
export const stateDirOf = (loaded: LoadedConfig) => resolve(loaded.baseDir, loaded.config.stateDir);

/** Opens the registry database of a configuration (PostgreSQL when its URL variable is set). */
export function openRegistry(
  loaded: LoadedConfig,
  env: Record<string, string | undefined>,
  label: string,
  logger?: Logger,
): Promise<Store> {
  const url = env[loaded.config.storage.databaseUrlEnv];
  return openStore({
    ...(url ? { databaseUrl: url } : { dataDir: join(stateDirOf(loaded), 'db') }),
    label,
    ...(logger ? { logger } : {}),
  });
}

/**
 * The daily run: takes the configuration's run lock, resumes an interrupted run of the same
 * configuration (unless `force`), runs the pipeline, writes the run report, records the run, applies
 * retention. Throws only before the run starts (lock held, database unavailable); afterwards every
 * outcome is a report with an exit code.
 */
export async function runDaily(options: RunDailyOptions): Promise<DailyResult> {
  const { loaded } = options;
  const flags: RunFlags = { ...defaultFlags(), ...options.flags };
  const env = options.env ?? process.env;
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const stateDir = stateDirOf(loaded);
  const controller = new AbortController();
  options.signal?.addEventListener('abort', () => controller.abort(options.signal?.reason), { once: true });
  if (options.signal?.aborted) controller.abort(options.signal.reason);

  preflight(loaded, flags, env);
  const store = await openRegistry(loaded, env, 'jobintel run', logger);
  let lock: RunLock | undefined;
  try {
    lock = await store.acquireRunLock({ configKey: loaded.config.key, label: 'jobintel run' });
    const profileIds = loaded.profiles
      .filter((p) => flags.profiles.length === 0 || flags.profiles.includes(p.id))
      .map((p) => p.id);

    // Resume the configuration's latest run when it was interrupted: killed (still `running`; its
    // process is gone, since we hold the lock) or stopped by Ctrl-C (`cancelled`).
    const [latest] = (await store.runs.list({ configKey: loaded.config.key, limit: 1 })).runs;
    const interrupted =
      latest && (latest.status === 'running' || latest.status === 'cancelled') ? latest : undefined;
    let runId: string;
    let attempt = 1;
    let startedAt: string;
    const runFlags = { ...flags } as Record<string, unknown>;
    if (
      interrupted &&
      !flags.force &&
      interrupted.configHash === loaded.hash &&
      sameFlags(interrupted.flags, runFlags)
    ) {
      runId = interrupted.id;
      attempt = Number(interrupted.flags.attempt ?? 1) + 1;
      startedAt = interrupted.startedAt;
      await store.runs.reopen(runId, { ...runFlags, attempt });
    } else {
      if (interrupted?.status === 'running') {
        await store.runs.finish(interrupted.id, {
          status: 'cancelled',
          exitCode: ExitCode.Cancelled,
          report: null,
        });
      }
      const created = await store.runs.create({
        configKey: loaded.config.key,
        configHash: loaded.hash,
        profiles: profileIds,
        flags: { ...runFlags, attempt: 1 },
      });
      runId = created.id;
      startedAt = created.startedAt;
    }
    const runDir = join(stateDir, 'runs', runId);
    options.onEvent?.({ type: 'run:start', runId, resumed: attempt > 1, attempt, runDir });

    const ctx: RunContext = {
      runId,
      runDir,
      stateDir,
      loaded,
      flags,
      store,
      logger: logger.child({ runId }),
      env,
      now,
      signal: controller.signal,
      minScore: flags.minScore ?? loaded.config.scoring.minScore,
      alertScore: flags.alertScore ?? loaded.config.scoring.alertScore,
    };
    await archiveInputs(ctx);

    let outcome: PipelineOutcome | null = null;
    let crash: unknown;
    try {
      outcome = await runPipeline(dailyPipeline(ctx), {
        runId,
        manifest: store.manifestSink({ name: loaded.config.key }),
        signal: controller.signal,
        logger: ctx.logger,
        resume: true,
        force: flags.force,
        onEvent: (event) => {
          options.onEvent?.(event);
          if (event.type === 'stage:end') {
            void store.runs
              .recordStage(runId, {
                stage: event.stage,
                status: event.status,
                succeeded: event.succeeded,
                failed: event.failed,
                skipped: event.skipped,
                planned: event.succeeded + event.failed + event.skipped + event.cancelled,
              })
              .catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not record stage progress'));
          }
        },
      });
    } catch (error) {
      crash = error;
    } finally {
      await closeFetcher(ctx);
    }

    const report = await buildRunReport(ctx, outcome, crash, { startedAt, attempt });
    const reportPath = join(runDir, 'report.json');
    await writeAtomic(reportPath, stableJson(runReportSchema.parse(report)));
    await store.runs.finish(runId, { status: report.run.status, exitCode: report.run.exitCode, report });
    if (report.run.status !== 'cancelled') await applyRetention(ctx);
    options.onEvent?.({ type: 'run:end', runId, status: report.run.status, exitCode: report.run.exitCode });
    return {
      exitCode: report.run.exitCode,
      report,
      runDir,
      reportPath,
      outputs: profileIds.map((p) => ({
        profile: p,
        ranked: join(runDir, 'profiles', p, 'ranked.json'),
        csv: join(runDir, 'profiles', p, 'ranked.csv'),
        shortlist: join(runDir, 'profiles', p, 'shortlist.md'),
        top: join(runDir, 'profiles', p, 'top.md'),
      })),
    };
  } finally {
    await lock?.release().catch(() => {});
    await store.close();
  }
}

// A resumed run must be the same run: the same flags (attempt counts aside).
function sameFlags(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const strip = ({ attempt: _a, force: _f, ...rest }: Record<string, unknown>) => stableJson(rest);
  return strip(a) === strip(b);
}

/** Everything scores are computed from, so `replay --recalc` can re-score without the original config. */
async function archiveInputs(ctx: RunContext): Promise<void> {
  for (const profile of selectProfiles(ctx)) {
    await writeAtomic(join(ctx.runDir, 'inputs', 'profiles', `${profile.id}.json`), stableJson(profile));
  }
  await writeAtomic(
    join(ctx.runDir, 'inputs', 'scoring.json'),
    stableJson({
      modelId: SCORING_MODEL_ID,
      minScore: ctx.minScore,
      alertScore: ctx.alertScore,
      topN: ctx.loaded.config.scoring.topN,
    }),
  );
}

async function buildRunReport(
  ctx: RunContext,
  outcome: PipelineOutcome | null,
  crash: unknown,
  meta: { startedAt: string; attempt: number },
): Promise<RunReport> {
  const problems: string[] = [];
  const inputsMap = outcome?.results ?? new Map();
  const boardRefs = refsOf(inputsMap, 'fetch');
  const boards = await boardReports(ctx, boardRefs);
  const profiles = [];
  for (const p of selectProfiles(ctx)) {
    const r = await profileReport(ctx, p.id, await previousRun(ctx, p.id));
    if (r) profiles.push(r);
  }
  const unavailable = boards.filter((b) => b.status === 'unavailable');
  for (const b of unavailable)
    problems.push(
      `board ${b.provider}:${b.boardSlug} unavailable (${b.reason ?? 'unknown'}${b.detail ? `: ${b.detail}` : ''})`,
    );

  const stages = stageReports(outcome, STAGES);
  for (const s of stages) {
    if (s.status === 'failed' || (s.status === 'skipped' && s.reason && s.reason !== 'nothing to do')) {
      problems.push(`stage ${s.name} ${s.status}${s.reason ? `: ${s.reason}` : ''}`);
    }
  }
  const failedStage = outcome?.stages.find((s) => s.status === 'failed');
  const failedCode = failedStage?.outcome?.errors[0]?.code;

  // AI: results per profile, and whether a `fail` budget stopped it
  const aiTasks: RunReport['ai']['tasks'] = [];
  let costNanos = 0;
  let calls = 0;
  let budgetFailed = false;
  const disabled = aiDisabledReason(ctx);
  for (const p of profiles) {
    const path = join(ctx.runDir, aiRef(p.id));
    if (!(await fileExists(path))) continue;
    const ai =
      await readJson<
        Record<
          string,
          {
            status: string;
            code?: string;
            reason?: string;
            costNanos?: number;
            calls?: number;
            // job briefs: one task result per job
            briefs?: {
              jobId: string;
              result: { costNanos?: number; calls?: number; status: string; code?: string };
            }[];
          }
        >
      >(path);
    for (const [task, r] of Object.entries(ai)) {
      aiTasks.push({ task, profile: p.id, status: r.status, reason: r.reason ?? null });
      costNanos += r.costNanos ?? 0;
      calls += r.calls ?? 0;
      for (const { result: b } of r.briefs ?? []) {
        costNanos += b.costNanos ?? 0;
        calls += b.calls ?? 0;
        if (b.code === 'AI_BUDGET_EXCEEDED') budgetFailed = true;
      }
      if (r.code === 'AI_BUDGET_EXCEEDED') budgetFailed = true;
    }
  }
  budgetFailed &&= ctx.loaded.config.budgets.some((b) => (b.action ?? 'fail') === 'fail');
  const aiStatus: RunReport['ai']['status'] =
    disabled !== null
      ? 'disabled'
      : aiTasks.every((t) => t.status === 'ok' || t.status === 'done')
        ? 'ok'
        : aiTasks.some((t) => t.status === 'ok' || t.status === 'done')
          ? 'partial'
          : 'unavailable';

  const maxUnavailable = ctx.loaded.config.boardPolicy.maxUnavailable;
  let status: RunReport['run']['status'];
  let exitCode: number;
  if (crash !== undefined) {
    status = 'failed';
    exitCode = exitCodeOf(crash);
    problems.push(`unexpected: ${(crash as Error).message}`);
  } else if (outcome?.status === 'cancelled' || ctx.signal.aborted) {
    status = 'cancelled';
    exitCode = ExitCode.Cancelled;
  } else if (maxUnavailable !== null && unavailable.length > maxUnavailable) {
    status = 'failed';
    exitCode = ExitCode.BoardPolicy;
    problems.push(
      `${unavailable.length} boards unavailable, more than boardPolicy.maxUnavailable (${maxUnavailable})`,
    );
  } else if (failedStage) {
    status = 'failed';
    exitCode =
      failedStage.name === 'publish' || failedCode === 'DAILY_PUBLISH_FAILED'
        ? ExitCode.PublishFailed
        : ExitCode.Unexpected;
  } else if (budgetFailed) {
    status = 'failed';
    exitCode = ExitCode.BudgetExceeded;
    problems.push('an AI budget with action "fail" was exceeded');
  } else {
    status = unavailable.length > 0 || outcome?.status === 'partial' ? 'partial' : 'succeeded';
    exitCode = ExitCode.Ok;
  }

  const inputs = [];
  for (const ref of [...boardRefs, ...refsOf(inputsMap, 'normalize')])
    inputs.push(await fileRecord(ctx.runDir, ref, null));
  const extras = ['inputs/scoring.json', ENRICHED_FILE];
  if (await fileExists(join(ctx.runDir, JOBS_INDEX))) {
    extras.push(JOBS_INDEX, ...(await readJson<JobsIndex>(join(ctx.runDir, JOBS_INDEX))).chunks);
  }
  for (const extra of extras) {
    if (await fileExists(join(ctx.runDir, extra))) inputs.push(await fileRecord(ctx.runDir, extra, null));
  }
  const outputs = [];
  for (const p of selectProfiles(ctx)) {
    inputs.push(await fileRecord(ctx.runDir, `inputs/profiles/${p.id}.json`, p.id));
    for (const name of ['ranked.json', 'ranked.csv', 'shortlist.md', 'top.md', 'ai.json']) {
      const path = `profiles/${p.id}/${name}`;
      if (await fileExists(join(ctx.runDir, path))) outputs.push(await fileRecord(ctx.runDir, path, p.id));
    }
  }

  return {
    reportVersion: RUN_REPORT_VERSION,
    run: {
      id: ctx.runId,
      configKey: ctx.loaded.config.key,
      status,
      exitCode,
      startedAt: meta.startedAt,
      finishedAt: ctx.now().toISOString(),
      attempts: meta.attempt,
      flags: {
        ...ctx.flags,
        minScore: ctx.minScore,
        alertScore: ctx.alertScore,
        configSource: ctx.loaded.source,
        overrides: ctx.loaded.overrides,
      },
      problems,
    },
    stages,
    boards,
    profiles,
    inputs,
    outputs,
    scoring: {
      modelId: SCORING_MODEL_ID,
      configHash: selectProfiles(ctx).length
        ? compileProfile(selectProfiles(ctx)[0]!).configHash
        : ctx.loaded.hash,
    },
    ai: {
      status: aiStatus,
      reason: disabled,
      calls,
      costNanos,
      costUsd: (costNanos / 1e9).toFixed(6),
      tasks: aiTasks,
    },
    fingerprints: { config: ctx.loaded.hash, environment: environmentFingerprint(ctx.store.driver) },
  };
}

/** Keeps the last N runs and D days of this configuration; deletes what the pruned runs left behind. */
async function applyRetention(ctx: RunContext): Promise<void> {
  const { keepLast, keepDays } = ctx.loaded.config.retention;
  const pruned = await ctx.store.runs.prune({ configKey: ctx.loaded.config.key, keepLast, keepDays });
  for (const id of pruned.prunedRunIds)
    await rm(join(ctx.stateDir, 'runs', id), { recursive: true, force: true });
  if (pruned.artifacts.length > 0) {
    const store = artifactStoreOf(ctx);
    if (store) {
      try {
        for (const a of pruned.artifacts) await store.delete(a.key).catch(() => {});
      } finally {
        await store.close();
      }
    }
  }
  if (pruned.prunedRunIds.length > 0)
    ctx.logger.info({ pruned: pruned.prunedRunIds.length }, 'retention: pruned old runs');
}
