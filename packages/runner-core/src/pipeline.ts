import { randomUUID } from 'node:crypto';
import { RunnerError, RunnerErrorCode } from './errors.js';
import type { StageOptionsInput } from './options.js';
import { runStage } from './run-stage.js';
import type { Awaitable, StageDefinition, StageOutcome, StageResult, StageStatus } from './types.js';

/** A stage in a pipeline: what it needs, its own options, and the value it hands to its dependents. */
// biome-ignore lint/suspicious/noExplicitAny: stages of one pipeline have unrelated item types
export interface PipelineStage<I = any, O = any, V = any> extends StageDefinition<I, O> {
  /**
   * Stages whose results this one reads (`ctx.inputs.get(name)`). Omitted: the previous stage in the
   * list (an ordered pipeline). `[]`: none (a root of the DAG).
   */
  needs?: string[];
  /** Options for this stage, over the pipeline's `defaults`. */
  options?: StageOptionsInput;
  /** The value dependents receive; by default the succeeded and skipped item outcomes. */
  collect?(outcome: StageOutcome<O>): Awaitable<V>;
}

export interface Pipeline {
  name: string;
  stages: PipelineStage[];
  /** Resolved dependencies per stage, in declaration order. */
  needs: ReadonlyMap<string, readonly string[]>;
}

/** Validates a pipeline once: unique stage names, known dependencies, no cycles. */
export function definePipeline(def: { name: string; stages: PipelineStage[] }): Pipeline {
  const fail = (message: string): never => {
    throw new RunnerError(RunnerErrorCode.PipelineInvalid, `pipeline ${def.name}: ${message}`);
  };
  if (!def.stages?.length) fail('stages: expected at least one stage');
  const needs = new Map<string, string[]>();
  def.stages.forEach((stage, i) => {
    if (needs.has(stage.name)) fail(`stages[${i}].name: duplicate stage name '${stage.name}'`);
    const prev = def.stages[i - 1];
    needs.set(stage.name, stage.needs ?? (prev ? [prev.name] : []));
  });
  for (const [name, deps] of needs) {
    for (const dep of deps) {
      if (!needs.has(dep)) fail(`stage '${name}' needs unknown stage '${dep}'`);
      if (dep === name) fail(`stage '${name}' needs itself`);
    }
  }
  // cycle check: Kahn's algorithm must consume every stage
  const indegree = new Map([...needs].map(([n, d]) => [n, d.length]));
  const queue = [...indegree].filter(([, d]) => d === 0).map(([n]) => n);
  let seen = 0;
  while (queue.length) {
    const n = queue.shift()!;
    seen++;
    for (const [m, deps] of needs) {
      if (deps.includes(n)) {
        indegree.set(m, indegree.get(m)! - 1);
        if (indegree.get(m) === 0) queue.push(m);
      }
    }
  }
  if (seen !== needs.size) {
    fail(
      `dependency cycle among: ${[...indegree]
        .filter(([, d]) => d > 0)
        .map(([n]) => n)
        .join(', ')}`,
    );
  }
  return { name: def.name, stages: def.stages, needs };
}

/** Options of a whole pipeline; `defaults` apply to every stage, under each stage's own `options`. */
export interface PipelineOptions
  extends Pick<
    StageOptionsInput,
    'runId' | 'signal' | 'manifest' | 'logger' | 'onEvent' | 'resume' | 'force' | 'dryRun' | 'seed'
  > {
  defaults?: StageOptionsInput;
  /** How many independent stages may run at once (default 1: one stage at a time, in order). */
  parallelStages?: number;
}

export interface PipelineStageOutcome {
  name: string;
  /** `skipped`: never started because a stage it needs failed, was skipped, or the run was cancelled. */
  status: StageStatus | 'skipped';
  /** For a skipped stage: `RUNNER_DEPENDENCY_FAILED` or `RUNNER_CANCELLED`. */
  code?: string;
  reason?: string;
  outcome?: StageOutcome;
}

export interface PipelineOutcome {
  runId: string;
  pipeline: string;
  status: StageStatus;
  wallMs: number;
  stages: PipelineStageOutcome[];
  results: ReadonlyMap<string, StageResult>;
}

/**
 * Runs the stages in dependency order (declaration order among the ready ones). A stage whose
 * dependency failed, was cancelled or was skipped is skipped with the reason; a `partial` stage
 * (some items failed within the error budget) still feeds its dependents.
 */
export async function runPipeline(
  pipeline: Pipeline,
  options: PipelineOptions = {},
): Promise<PipelineOutcome> {
  const started = performance.now();
  const runId = options.runId ?? randomUUID();
  const { defaults, parallelStages = 1, ...shared } = options;
  if (!Number.isInteger(parallelStages) || parallelStages < 1) {
    throw new RunnerError(
      RunnerErrorCode.InvalidOptions,
      `parallelStages: expected an integer >= 1 (got ${parallelStages})`,
    );
  }
  const names = pipeline.stages.map((s) => s.name);
  const results = new Map<string, StageResult>();
  const outcomes = new Map<string, PipelineStageOutcome>();
  const emit = options.onEvent ?? (() => {});
  emit({ type: 'pipeline:start', runId, pipeline: pipeline.name, stages: names });

  const pending = [...pipeline.stages];
  const running = new Map<string, Promise<void>>();
  const stageCount = pipeline.stages.length;

  const blocker = (name: string): { code: string; reason: string } | undefined => {
    if (options.signal?.aborted) return { code: RunnerErrorCode.Cancelled, reason: 'the run was cancelled' };
    for (const dep of pipeline.needs.get(name) ?? []) {
      const o = outcomes.get(dep);
      if (o && (o.status === 'failed' || o.status === 'cancelled' || o.status === 'skipped')) {
        const reason = `needs '${dep}', which ${o.status === 'skipped' ? 'was skipped' : o.status}`;
        return { code: RunnerErrorCode.DependencyFailed, reason };
      }
    }
    return undefined;
  };
  const ready = (name: string) => (pipeline.needs.get(name) ?? []).every((d) => outcomes.has(d));

  while (pending.length > 0 || running.size > 0) {
    let progressed = false;
    for (let i = 0; i < pending.length && running.size < parallelStages; i++) {
      const stage = pending[i]!;
      if (!ready(stage.name)) continue;
      pending.splice(i--, 1);
      progressed = true;
      const stageIndex = names.indexOf(stage.name) + 1;
      const blocked = blocker(stage.name);
      if (blocked) {
        outcomes.set(stage.name, { name: stage.name, status: 'skipped', ...blocked });
        emit({
          type: 'stage:skipped',
          runId,
          stage: stage.name,
          stageIndex,
          stageCount,
          reason: blocked.reason,
        });
        continue;
      }
      const inputs = new Map<string, StageResult>();
      for (const dep of pipeline.needs.get(stage.name) ?? []) inputs.set(dep, results.get(dep)!);
      const task = (async () => {
        try {
          const outcome = await runStage(
            stage,
            { ...defaults, ...stage.options, ...definedOnly(shared), runId },
            { stageIndex, stageCount, inputs },
          );
          const value = stage.collect
            ? await stage.collect(outcome)
            : outcome.items.filter((it) => it.status === 'succeeded' || it.status === 'skipped');
          results.set(stage.name, { outcome, value });
          outcomes.set(stage.name, { name: stage.name, status: outcome.status, outcome });
        } catch (error) {
          // invalid stage options, or a collect() that threw: the stage failed, its dependents are skipped
          outcomes.set(stage.name, {
            name: stage.name,
            status: 'failed',
            reason: error instanceof Error ? error.message : String(error),
          });
        } finally {
          running.delete(stage.name);
        }
      })();
      running.set(stage.name, task);
    }
    if (running.size > 0) await Promise.race(running.values());
    else if (!progressed) break; // unreachable for a validated pipeline
  }

  const stages = names.map((n) => outcomes.get(n)!);
  const statuses = stages.map((s) => s.status);
  let status: StageStatus = 'succeeded';
  if (options.signal?.aborted || statuses.includes('cancelled')) status = 'cancelled';
  else if (statuses.includes('failed') || statuses.includes('skipped')) status = 'failed';
  else if (statuses.includes('partial')) status = 'partial';
  const wallMs = Math.round((performance.now() - started) * 1000) / 1000;
  emit({ type: 'pipeline:end', runId, pipeline: pipeline.name, status, wallMs });
  return { runId, pipeline: pipeline.name, status, wallMs, stages, results };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
