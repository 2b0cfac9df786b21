import type { Logger } from './logger.js';
import type { Percentiles } from './percentiles.js';

/** One unit of work. `id` is stable across runs; `fingerprint` hashes everything its output depends on. */
export interface WorkItem<I = unknown> {
  id: string;
  input: I;
  fingerprint: string;
  /** Relative cost, used by the `sjf` schedule (smaller runs first). */
  costHint?: number;
}

export type Awaitable<T> = T | Promise<T>;
export type ItemSource<I> = Iterable<WorkItem<I>> | AsyncIterable<WorkItem<I>>;

/** What `plan()` returns: items, or items with a known total (for progress bars and ETA). */
export type PlanResult<I> = ItemSource<I> | { total?: number; items: ItemSource<I> };

export interface PlanContext {
  runId: string;
  stage: string;
  signal: AbortSignal;
  logger: Logger;
  /** Results of the stages this one needs (in a pipeline); empty for a lone stage. */
  inputs: ReadonlyMap<string, StageResult>;
}

/** Passed to a worker for one attempt of one item. */
export interface WorkerContext {
  itemId: string;
  fingerprint: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted on timeout, cancellation or an exceeded error budget: stop promptly when it fires. */
  signal: AbortSignal;
  /** Reports progress within the item (a fraction 0..1 or any JSON value); emitted as an event. */
  progress(value: unknown): void;
}

/** An io worker: any async function. It returns the output, `skip(reason)`, `failure(error)`, or throws. */
export type WorkerFn<I, O> = (input: I, ctx: WorkerContext) => Awaitable<O | ItemSignal>;

/**
 * A worker in a module, for the `cpu` policy (loaded in each worker thread) and usable by `io` too.
 * The module exports the worker function under `exportName` (default `default`). Inputs and outputs
 * cross threads by structured clone.
 */
export interface WorkerModule {
  module: string | URL;
  exportName?: string;
}

const SIGNAL_KEY = '__jobintelItemSignal';

/** A worker's non-throwing way to end an item as skipped or failed (works across threads). */
export type ItemSignal =
  | { [SIGNAL_KEY]: 'skip'; reason: string }
  | { [SIGNAL_KEY]: 'failure'; error: { name: string; message: string; code: string; retryable: boolean } };

/** Ends the item as skipped (status `skip`) with a reason; it is not retried. */
export function skip(reason: string): ItemSignal {
  return { [SIGNAL_KEY]: 'skip', reason };
}

/** Ends the attempt as failed without throwing; retried when `retryable` and retries remain. */
export function failure(
  error: string | Error,
  options: { code?: string; retryable?: boolean } = {},
): ItemSignal {
  const e = typeof error === 'string' ? new Error(error) : error;
  const own = (e as { code?: unknown }).code;
  const code = options.code ?? (typeof own === 'string' ? own : 'ITEM_FAILED');
  const retryable = options.retryable ?? (e as { retryable?: unknown }).retryable === true;
  return { [SIGNAL_KEY]: 'failure', error: { name: e.name, message: e.message, code, retryable } };
}

export function asItemSignal(value: unknown): ItemSignal | undefined {
  if (typeof value === 'object' && value !== null && SIGNAL_KEY in value) {
    const kind = (value as Record<string, unknown>)[SIGNAL_KEY];
    if (kind === 'skip' || kind === 'failure') return value as ItemSignal;
  }
  return undefined;
}

export type FinalStatus = 'succeeded' | 'failed' | 'skipped' | 'cancelled';

/** The final outcome of one item. */
export interface ItemOutcome<O = unknown> {
  id: string;
  status: FinalStatus;
  attempts: number;
  /** Execution time of all attempts, ms. */
  durationMs: number;
  /** Time from entering the queue to the first attempt, ms. */
  queueMs: number;
  fingerprint: string;
  outputRef?: string | null;
  /** The worker's output (only for items that ran in this run and when outputs are kept). */
  output?: O;
  /** Why it was skipped or cancelled. */
  reason?: string;
  error?: { code: string; message: string; category: string; retryable: boolean };
}

export type StageStatus = 'succeeded' | 'partial' | 'failed' | 'cancelled';

/** What a stage did. `planned = succeeded + failed + skipped + cancelled` for a finite plan. */
export interface StageOutcome<O = unknown> {
  runId: string;
  stage: string;
  policy: string;
  status: StageStatus;
  /** Why the stage stopped early (error budget, cancellation, plan or manifest failure). */
  stopReason?: { code: string; message: string };
  dryRun: boolean;
  planned: number;
  succeeded: number;
  failed: number;
  skipped: number;
  cancelled: number;
  /** Counts per skip reason (e.g. `resume`) and per cancellation reason. */
  skipReasons: Record<string, number>;
  cancelReasons: Record<string, number>;
  /** Attempts of all items; retries = attempts beyond the first. */
  attempts: number;
  retries: number;
  /** Items that ran in dry-run mode would have run (not skipped by resume). */
  wouldRun?: number;
  wallMs: number;
  itemsPerSec: number;
  queueMs: Percentiles;
  execMs: Percentiles;
  hookErrors: number;
  /** The first errors (up to `maxErrors`), in completion order. */
  errors: Array<{ itemId: string; code: string; message: string }>;
  /** Per-item outcomes, as `keepItemOutcomes` asks. */
  items: ItemOutcome<O>[];
}

/** What a pipeline stage hands to the stages that need it. */
export interface StageResult<O = unknown, V = unknown> {
  outcome: StageOutcome<O>;
  /** The value of the stage's `collect`, or by default its succeeded and skipped items. */
  value: V;
}

export interface StageHooks<I = unknown, O = unknown> {
  beforeStage?(ctx: { runId: string; stage: string }): Awaitable<void>;
  beforeItem?(item: WorkItem<I>, attempt: number): Awaitable<void>;
  afterItem?(outcome: ItemOutcome<O>, item: WorkItem<I>): Awaitable<void>;
  afterStage?(outcome: StageOutcome<O>): Awaitable<void>;
}

/** A stage: a named plan of items and the worker that turns one item into an output. */
export interface StageDefinition<I = unknown, O = unknown> {
  name: string;
  plan(ctx: PlanContext): Awaitable<PlanResult<I>>;
  worker: WorkerFn<I, O> | WorkerModule;
  /** Where the output of an item lives (a path, a key); stored in the manifest for resume and dependents. */
  outputRef?(item: WorkItem<I>, output: O): string | null | undefined;
  /** Whether a recorded output still exists; resume re-runs the item when it does not. */
  outputExists?(ref: string, item: WorkItem<I>): Awaitable<boolean>;
  hooks?: StageHooks<I, O>;
}

interface EventBase {
  runId: string;
  stage: string;
  /** 1-based position of the stage in its pipeline, and the number of stages (1 of 1 for a lone stage). */
  stageIndex: number;
  stageCount: number;
  /** ms since the stage started. */
  elapsedMs: number;
}

export interface ProgressCounts {
  /** Items taken from the plan so far, and the plan's total when known. */
  planned: number;
  total: number | null;
  planDone: boolean;
  running: number;
  /** Taken from the plan but not started yet, or waiting for a retry. */
  pending: number;
  succeeded: number;
  failed: number;
  skipped: number;
  cancelled: number;
  /** Finished items per second since the stage started. */
  itemsPerSec: number;
  /** Estimated ms to finish, when the total is known and progress was made. */
  etaMs: number | null;
}

/** Events a CLI renders as a progress bar and a server streams (plain JSON-serialisable objects). */
export type RunnerEvent =
  | (EventBase & { type: 'stage:start'; policy: string })
  | (EventBase & { type: 'progress'; final: boolean } & ProgressCounts)
  | (EventBase & { type: 'item:retry'; itemId: string; attempt: number; delayMs: number; error: string })
  | (EventBase & { type: 'item:progress'; itemId: string; progress: unknown })
  | (EventBase & {
      type: 'stage:end';
      status: StageStatus;
      succeeded: number;
      failed: number;
      skipped: number;
      cancelled: number;
      wallMs: number;
    })
  | {
      type: 'stage:skipped';
      runId: string;
      stage: string;
      stageIndex: number;
      stageCount: number;
      reason: string;
    }
  | { type: 'pipeline:start'; runId: string; pipeline: string; stages: string[] }
  | { type: 'pipeline:end'; runId: string; pipeline: string; status: StageStatus; wallMs: number };
