import { randomUUID } from 'node:crypto';
import { createCpuExecutor } from './cpu/pool.js';
import { describeError, isRetryable, RunnerError, RunnerErrorCode } from './errors.js';
import { createIoExecutor, type ExecuteRequest, type ExecuteResult, type Executor } from './executor.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';
import { MANIFEST_SCHEMA_VERSION, type ManifestIndex, type ManifestRow } from './manifest.js';
import { parseStageOptions, type StageOptions, type StageOptionsInput } from './options.js';
import { SampleBuffer } from './percentiles.js';
import { backoffDelay, seededRandom, seedFrom } from './random.js';
import { fifoWindow, sjfWindow, type Window } from './schedule.js';
import type {
  FinalStatus,
  ItemOutcome,
  PlanResult,
  ProgressCounts,
  RunnerEvent,
  StageDefinition,
  StageHooks,
  StageOutcome,
  StageResult,
  WorkerModule,
  WorkItem,
} from './types.js';

/** Where a stage sits when it runs inside a pipeline. */
export interface StagePosition {
  stageIndex: number;
  stageCount: number;
  inputs: ReadonlyMap<string, StageResult>;
}

interface Entry<I> {
  item: WorkItem<I>;
  seq: number;
  attempt: number;
  enqueuedAt: number;
  queueMs: number;
  execMs: number;
  /** The running attempt, while there is one. */
  current?: Attempt<I>;
}

/**
 * One attempt of one item: the executor's request. Its abort signal is created only if someone asks
 * for it (most workers never do, and an AbortController per item is a measurable cost).
 */
class Attempt<I> implements ExecuteRequest<I> {
  #controller: AbortController | undefined;
  aborted = false;
  reason: unknown;
  settled = false;
  timer: NodeJS.Timeout | undefined;
  grace: NodeJS.Timeout | undefined;

  readonly item: WorkItem<I>;
  readonly attempt: number;
  readonly startedAt: number;
  readonly #progress: (itemId: string, value: unknown) => void;

  constructor(
    item: WorkItem<I>,
    attempt: number,
    startedAt: number,
    progress: (itemId: string, value: unknown) => void,
  ) {
    this.item = item;
    this.attempt = attempt;
    this.startedAt = startedAt;
    this.#progress = progress;
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }

  onProgress(value: unknown): void {
    this.#progress(this.item.id, value);
  }

  abort(reason: unknown): boolean {
    if (this.aborted || this.settled) return false;
    this.aborted = true;
    this.reason = reason;
    this.#controller?.abort(reason);
    return true;
  }
}

interface StopReason {
  code: string;
  message: string;
  status: 'failed' | 'cancelled';
}

const now = () => performance.now();

/**
 * Runs one stage: takes items from its plan with back-pressure, skips those a previous run finished
 * (resume), runs the rest on the chosen policy with timeouts, retries and an error budget, records one
 * manifest row per item outcome, and returns the stage outcome. It never throws for item failures;
 * it throws only for invalid options (`RUNNER_INVALID_OPTIONS`).
 */
export async function runStage<I, O>(
  stage: StageDefinition<I, O>,
  options?: StageOptionsInput,
  position?: StagePosition,
): Promise<StageOutcome<O>> {
  const opts = parseStageOptions(options, { runId: randomUUID() });
  if (typeof stage?.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(stage.name)) {
    throw new RunnerError(
      RunnerErrorCode.InvalidOptions,
      `stage.name: expected letters, digits, '.', '_' or '-' (got ${JSON.stringify(stage?.name)})`,
    );
  }
  if (opts.policy === 'cpu' && typeof stage.worker === 'function' && !opts.executor) {
    throw new RunnerError(
      RunnerErrorCode.InvalidOptions,
      `stage ${stage.name}: the cpu policy runs workers in threads and needs worker: { module, exportName } (got a function)`,
    );
  }
  return new StageRun<I, O>(
    stage,
    opts,
    position ?? { stageIndex: 1, stageCount: 1, inputs: new Map() },
  ).run();
}

class StageRun<I, O> {
  readonly #stage: StageDefinition<I, O>;
  readonly #o: StageOptions;
  readonly #pos: StagePosition;
  readonly #log: Logger;
  readonly #hooks: StageHooks<I, O>[];
  readonly #has: { beforeItem: boolean; afterItem: boolean };
  readonly #random: () => number;
  readonly #stopController = new AbortController();

  #executor!: Executor<I, O>;
  #index: ManifestIndex | undefined;
  #window: Window<Entry<I>>;
  #retryReady: Entry<I>[] = [];
  #delayed = new Map<Entry<I>, NodeJS.Timeout>();
  #running = new Set<Entry<I>>();
  #records = new Set<Promise<void>>();
  #seen = new Set<string>();
  #seq = 0;
  #planDone = false;
  #total: number | null = null;
  #stop: StopReason | undefined;
  #startedAt = 0;

  #planned = 0;
  #counts: Record<FinalStatus, number> = { succeeded: 0, failed: 0, skipped: 0, cancelled: 0 };
  #skipReasons: Record<string, number> = {};
  #cancelReasons: Record<string, number> = {};
  #attempts = 0;
  #retries = 0;
  #wouldRun = 0;
  #hookErrors = 0;
  #errors: StageOutcome['errors'] = [];
  #items: ItemOutcome<O>[] = [];
  #queueSamples = new SampleBuffer();
  #execSamples = new SampleBuffer();

  #wake: (() => void) | undefined;
  #done: (() => void) | undefined;

  constructor(stage: StageDefinition<I, O>, o: StageOptions, pos: StagePosition) {
    this.#stage = stage;
    this.#o = o;
    this.#pos = pos;
    this.#log = (o.logger ?? silentLogger).child({ runId: o.runId, stage: stage.name });
    this.#hooks = [stage.hooks, o.hooks as StageHooks<I, O> | undefined].filter((h) => h !== undefined);
    this.#has = {
      beforeItem: this.#hooks.some((h) => h.beforeItem),
      afterItem: this.#hooks.some((h) => h.afterItem),
    };
    this.#random = seededRandom(o.seed ?? seedFrom(o.runId, stage.name));
    this.#window =
      o.schedule === 'sjf'
        ? sjfWindow(
            (e) => e.item.costHint ?? Number.POSITIVE_INFINITY,
            (e) => e.seq,
          )
        : fifoWindow();
  }

  async run(): Promise<StageOutcome<O>> {
    this.#startedAt = now();
    const onAbort = () =>
      this.#halt({
        code: RunnerErrorCode.Cancelled,
        message: `cancelled: ${describeError(this.#o.signal?.reason).message || 'abort signal'}`,
        status: 'cancelled',
      });
    this.#emit({ type: 'stage:start', ...this.#base(), policy: this.#o.executor?.policy ?? this.#o.policy });
    await this.#callHooks('beforeStage', (h) =>
      h.beforeStage?.({ runId: this.#o.runId, stage: this.#stage.name }),
    );
    const timer =
      this.#o.progressIntervalMs > 0 && this.#o.onEvent
        ? setInterval(() => this.#emitProgress(false), this.#o.progressIntervalMs)
        : undefined;
    timer?.unref();
    if (this.#o.signal?.aborted) onAbort();
    else this.#o.signal?.addEventListener('abort', onAbort, { once: true });

    const ownExecutor = !this.#o.executor;
    try {
      const iterator = await this.#openPlan();
      if (iterator) {
        if (this.#o.resume && !this.#o.force && this.#o.manifest) {
          this.#index = await this.#o.manifest.latest(this.#stage.name);
          for (const p of this.#index.problems.slice(0, 5))
            this.#log.warn({ problem: p }, 'manifest line skipped');
        }
        this.#executor =
          (this.#o.executor as Executor<I, O> | undefined) ??
          (this.#o.policy === 'cpu'
            ? (createCpuExecutor(this.#stage.worker as WorkerModule, {
                size: this.#o.concurrency,
                logger: this.#log,
                ...(this.#o.workerExecArgv ? { execArgv: this.#o.workerExecArgv } : {}),
                ...(this.#o.workerResourceLimits ? { resourceLimits: this.#o.workerResourceLimits } : {}),
              }) as unknown as Executor<I, O>)
            : createIoExecutor(this.#stage.worker));
        const done = new Promise<void>((resolve) => {
          this.#done = resolve;
        });
        await this.#pull(iterator);
        this.#checkDone();
        await done;
      }
    } catch (error) {
      // manifest read failure or a bug: stop cleanly, reporting it
      this.#halt({
        code: describeError(error).code,
        message: describeError(error).message,
        status: 'failed',
      });
      await this.#settle();
    } finally {
      clearInterval(timer);
      this.#o.signal?.removeEventListener('abort', onAbort);
      if (ownExecutor) await this.#executor?.close();
    }
    const outcome = this.#outcome();
    await this.#callHooks('afterStage', (h) => h.afterStage?.(outcome));
    outcome.hookErrors = this.#hookErrors;
    this.#emitProgress(true);
    this.#emit({
      type: 'stage:end',
      ...this.#base(),
      status: outcome.status,
      succeeded: outcome.succeeded,
      failed: outcome.failed,
      skipped: outcome.skipped,
      cancelled: outcome.cancelled,
      wallMs: outcome.wallMs,
    });
    this.#log.info(
      {
        status: outcome.status,
        succeeded: outcome.succeeded,
        failed: outcome.failed,
        skipped: outcome.skipped,
        cancelled: outcome.cancelled,
      },
      'stage finished',
    );
    return outcome;
  }

  async #openPlan(): Promise<Iterator<WorkItem<I>> | AsyncIterator<WorkItem<I>> | undefined> {
    try {
      const result: PlanResult<I> = await this.#stage.plan({
        runId: this.#o.runId,
        stage: this.#stage.name,
        signal: this.#stopController.signal,
        logger: this.#log,
        inputs: this.#pos.inputs,
      });
      const iterable = Symbol.iterator in result || Symbol.asyncIterator in result;
      const source = (iterable ? { items: result } : result) as { total?: number; items: unknown };
      if (typeof source.total === 'number') this.#total = source.total;
      const items = source.items as Iterable<WorkItem<I>> & AsyncIterable<WorkItem<I>>;
      if (typeof items?.[Symbol.asyncIterator] === 'function') return items[Symbol.asyncIterator]();
      if (typeof items?.[Symbol.iterator] === 'function') return items[Symbol.iterator]();
      throw new RunnerError(
        RunnerErrorCode.InvalidPlan,
        `stage ${this.#stage.name}: plan() returned no iterable of items`,
      );
    } catch (error) {
      this.#halt({
        code: RunnerErrorCode.InvalidPlan,
        message: `plan failed: ${describeError(error).message}`,
        status: 'failed',
      });
      this.#planDone = true;
      return undefined;
    }
  }

  /** Takes items from the plan while the look-ahead window has room; drains the rest as cancelled after a stop. */
  async #pull(it: Iterator<WorkItem<I>> | AsyncIterator<WorkItem<I>>): Promise<void> {
    const cancelled: ManifestRow[] = [];
    for (;;) {
      if (!this.#stop && this.#outstanding() >= this.#o.maxQueue) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        continue;
      }
      let next: IteratorResult<WorkItem<I>>;
      try {
        // a sync plan is not awaited per item: that would cost a microtask each
        const pending = it.next();
        next = isPromiseLike(pending) ? await pending : pending;
      } catch (error) {
        this.#halt({
          code: RunnerErrorCode.InvalidPlan,
          message: `plan failed: ${describeError(error).message}`,
          status: 'failed',
        });
        break;
      }
      if (next.done) break;
      const item = next.value;
      const problem = invalidItem(item);
      if (problem) {
        this.#halt({
          code: RunnerErrorCode.InvalidPlan,
          message: `plan item ${this.#planned + 1} (id ${JSON.stringify((item as { id?: unknown })?.id)}): ${problem}`,
          status: 'failed',
        });
        break;
      }
      this.#planned++;
      const entry: Entry<I> = {
        item,
        seq: this.#seq++,
        attempt: 0,
        enqueuedAt: now(),
        queueMs: 0,
        execMs: 0,
      };
      if (this.#stop) {
        // stopped: everything not started is recorded as cancelled (in batches), none vanish
        void this.#finish(entry, 'cancelled', { reason: this.#stop.code, record: false });
        cancelled.push(this.#row(entry, 'cancelled', null));
        if (cancelled.length >= 500) this.#track(this.#recordRows(cancelled.splice(0)));
        continue;
      }
      if (this.#o.detectDuplicateIds) {
        if (this.#seen.has(item.id)) {
          void this.#finish(entry, 'failed', {
            error: new RunnerError(RunnerErrorCode.DuplicateItem, `the plan yields item id ${item.id} twice`),
            record: false,
          });
          continue;
        }
        this.#seen.add(item.id);
      }
      const skipReason = this.#index ? await this.#resumeDecision(this.#index, item) : undefined;
      if (skipReason) {
        void this.#finish(entry, 'skipped', {
          reason: skipReason,
          outputRef: this.#index?.get(item.id)?.outputRef ?? null,
          record: false,
        });
        continue;
      }
      if (this.#o.dryRun) {
        this.#wouldRun++;
        continue;
      }
      this.#window.push(entry);
      this.#pump();
    }
    if (cancelled.length > 0) this.#track(this.#recordRows(cancelled));
    this.#planDone = true;
  }

  async #resumeDecision(index: ManifestIndex, item: WorkItem<I>): Promise<string | undefined> {
    const last = index.get(item.id);
    if (last?.status !== 'success' || last.fingerprint !== item.fingerprint) return undefined;
    if (last.outputRef != null && this.#stage.outputExists) {
      try {
        if (!(await this.#stage.outputExists(last.outputRef, item))) return undefined;
      } catch (error) {
        this.#log.warn(
          { itemId: item.id, err: describeError(error) },
          'outputExists failed; re-running the item',
        );
        return undefined;
      }
    }
    return 'resume';
  }

  #outstanding(): number {
    return this.#window.size + this.#retryReady.length + this.#delayed.size;
  }

  /** Starts items while slots are free: retries first, then the window. */
  #pump(): void {
    while (!this.#stop && this.#running.size < this.#o.concurrency) {
      const entry = this.#retryReady.shift() ?? this.#window.take();
      if (!entry) break;
      this.#running.add(entry);
      void this.#attempt(entry);
    }
    // refill from the plan in batches: wake the puller at half a window, not after every item
    if (this.#wake && (this.#stop || this.#outstanding() <= this.#o.maxQueue >> 1)) {
      const wake = this.#wake;
      this.#wake = undefined;
      wake();
    }
    this.#checkDone();
  }

  #attempt(entry: Entry<I>): void {
    entry.attempt++;
    this.#attempts++;
    if (this.#has.beforeItem) {
      void this.#callHooks('beforeItem', (h) => h.beforeItem?.(entry.item, entry.attempt)).then(() =>
        this.#execute(entry),
      );
    } else {
      this.#execute(entry);
    }
  }

  // Callback style on purpose: this is the per-item hot path, and every await costs a promise.
  #execute(entry: Entry<I>): void {
    if (this.#stop) {
      const recorded = this.#finish(entry, 'cancelled', { reason: this.#stop.code });
      if (recorded) void recorded.then(() => this.#release(entry));
      else this.#release(entry);
      return;
    }
    const attempt = new Attempt<I>(entry.item, entry.attempt, now(), this.#onItemProgress);
    entry.current = attempt;
    if (entry.attempt === 1) entry.queueMs = attempt.startedAt - entry.enqueuedAt;
    if (this.#o.timeoutMs !== undefined) {
      const ms = this.#o.timeoutMs;
      attempt.timer = setTimeout(() => {
        const message = `item ${entry.item.id} timed out after ${ms} ms`;
        this.#abortAttempt(entry, new RunnerError(RunnerErrorCode.ItemTimeout, message, { retryable: true }));
      }, ms);
    }
    let pending: Promise<ExecuteResult<O>>;
    try {
      pending = this.#executor.execute(attempt);
    } catch (error) {
      pending = Promise.resolve({ kind: 'error', error });
    }
    pending.then(
      (result) => this.#settled(entry, attempt, result),
      (error: unknown) => this.#settled(entry, attempt, { kind: 'error', error }),
    );
  }

  /** The attempt's work stopped (or was abandoned): conclude it, then free its slot. */
  #settled(entry: Entry<I>, attempt: Attempt<I>, result: ExecuteResult<O>): void {
    if (attempt.settled) return; // abandoned earlier; its late result is ignored
    attempt.settled = true;
    clearTimeout(attempt.timer);
    clearTimeout(attempt.grace);
    entry.execMs += now() - attempt.startedAt;
    entry.current = undefined;
    // A final outcome keeps the slot until its manifest row is durable and its after-item hooks ran,
    // so rows and hooks follow item completion in a defined order.
    const recorded = this.#conclude(entry, result, attempt);
    if (recorded) void recorded.then(() => this.#release(entry));
    else this.#release(entry);
  }

  #release(entry: Entry<I>): void {
    this.#running.delete(entry);
    this.#pump();
  }

  readonly #onItemProgress = (itemId: string, progress: unknown): void => {
    if (this.#o.onEvent) this.#emit({ type: 'item:progress', ...this.#base(), itemId, progress });
  };

  /**
   * Aborts a running attempt. Its executor should stop the work and settle; one that has not settled
   * `graceMs` later (an io worker ignoring its signal, a lost remote worker) is abandoned: the attempt
   * settles as failed and is never retried, since the work may still be running.
   */
  #abortAttempt(entry: Entry<I>, reason: unknown): void {
    const attempt = entry.current;
    if (!attempt?.abort(reason)) return;
    attempt.grace = setTimeout(() => {
      const error = new RunnerError(
        RunnerErrorCode.ItemTimeout,
        `item ${entry.item.id} did not stop within ${this.#o.graceMs} ms of being aborted; abandoned`,
        { cause: reason },
      );
      this.#settled(entry, attempt, { kind: 'error', error, abandoned: true });
    }, this.#o.graceMs);
  }

  /** Decides the attempt's fate; returns the record promise of a final outcome, nothing for a retry. */
  #conclude(entry: Entry<I>, result: ExecuteResult<O>, signal: Attempt<I>): Promise<void> | undefined {
    if (result.kind === 'ok') {
      let outputRef: string | null = null;
      try {
        outputRef = this.#stage.outputRef?.(entry.item, result.value) ?? null;
      } catch (error) {
        return this.#finish(entry, 'failed', { error });
      }
      return this.#finish(entry, 'succeeded', { output: result.value, outputRef });
    }
    if (result.kind === 'skip') return this.#finish(entry, 'skipped', { reason: result.reason });
    const reason: unknown = signal.aborted ? signal.reason : undefined;
    const timedOut = reason instanceof RunnerError && reason.code === RunnerErrorCode.ItemTimeout;
    if (signal.aborted && !timedOut) {
      return this.#finish(entry, 'cancelled', { reason: this.#stop?.code ?? RunnerErrorCode.Cancelled });
    }
    const error = timedOut && !result.abandoned ? reason : result.error;
    if (!result.abandoned && isRetryable(error) && entry.attempt <= this.#o.retries && !this.#stop) {
      this.#retry(entry, error);
      return undefined;
    }
    if (this.#stop) return this.#finish(entry, 'cancelled', { reason: this.#stop.code });
    return this.#finish(entry, 'failed', { error });
  }

  #retry(entry: Entry<I>, error: unknown): void {
    this.#retries++;
    const retryAfter = (error as { retryAfterMs?: unknown }).retryAfterMs;
    const delayMs = Math.max(
      backoffDelay(entry.attempt, this.#o.backoff, this.#random),
      typeof retryAfter === 'number' && Number.isFinite(retryAfter) ? retryAfter : 0,
    );
    this.#emit({
      type: 'item:retry',
      ...this.#base(),
      itemId: entry.item.id,
      attempt: entry.attempt,
      delayMs,
      error: describeError(error).message,
    });
    this.#log.debug(
      { itemId: entry.item.id, attempt: entry.attempt, delayMs, err: describeError(error) },
      'retrying item',
    );
    const timer = setTimeout(() => {
      this.#delayed.delete(entry);
      this.#retryReady.push(entry);
      this.#pump();
    }, delayMs);
    this.#delayed.set(entry, timer);
  }

  /** Counts an item's final outcome at once (so the budget trips at once), then records it durably. */
  #finish(
    entry: Entry<I>,
    status: FinalStatus,
    extra: { error?: unknown; output?: O; outputRef?: string | null; reason?: string; record?: boolean },
  ): Promise<void> | undefined {
    this.#counts[status]++;
    if (status === 'skipped' && extra.reason)
      this.#skipReasons[extra.reason] = (this.#skipReasons[extra.reason] ?? 0) + 1;
    if (status === 'cancelled' && extra.reason)
      this.#cancelReasons[extra.reason] = (this.#cancelReasons[extra.reason] ?? 0) + 1;
    if (entry.attempt > 0) {
      this.#queueSamples.push(entry.queueMs);
      this.#execSamples.push(entry.execMs);
    }
    const described = extra.error === undefined ? undefined : describeError(extra.error);
    const keep =
      this.#o.keepItemOutcomes === 'all' ||
      (this.#o.keepItemOutcomes === 'failures' && (status === 'failed' || status === 'cancelled'));
    const writes = extra.record !== false && this.#o.manifest !== undefined && !this.#o.dryRun;
    if (status === 'failed') this.#failed(entry, described);
    if (!keep && !writes && !this.#has.afterItem) return undefined; // the fast path: nothing to keep
    const outcome: ItemOutcome<O> = {
      id: entry.item.id,
      status,
      attempts: entry.attempt,
      durationMs: entry.execMs,
      queueMs: entry.queueMs,
      fingerprint: entry.item.fingerprint,
      ...(extra.outputRef !== undefined ? { outputRef: extra.outputRef } : {}),
      ...(extra.output !== undefined && this.#o.keepOutputs ? { output: extra.output } : {}),
      ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
      ...(described ? { error: { ...described, retryable: isRetryable(extra.error) } } : {}),
    };
    if (keep) this.#items.push(outcome);
    if (!writes && !this.#has.afterItem) return undefined;
    // Resume skips and duplicate ids are never written (they would hide the real latest row).
    const recorded = writes
      ? this.#recordRows([this.#row(entry, status, extra.outputRef ?? null, described)]).then(() =>
          this.#afterItem(outcome, entry.item),
        )
      : this.#afterItem(outcome, entry.item);
    this.#track(recorded);
    return recorded;
  }

  /** Bookkeeping of a failed item; trips the error budget at once. */
  #failed(entry: Entry<I>, described: ReturnType<typeof describeError> | undefined): void {
    if (this.#errors.length < this.#o.maxErrors && described) {
      this.#errors.push({ itemId: entry.item.id, code: described.code, message: described.message });
    }
    this.#log.warn({ itemId: entry.item.id, attempts: entry.attempt, err: described }, 'item failed');
    const budget = this.#o.errorBudget;
    if (budget !== undefined && this.#counts.failed > budget) {
      this.#halt({
        code: RunnerErrorCode.ErrorBudgetExceeded,
        message: `error budget exceeded: ${this.#counts.failed} failed items > budget ${budget}`,
        status: 'failed',
      });
    }
  }

  #row(
    entry: Entry<I>,
    status: FinalStatus,
    outputRef: string | null,
    error?: ReturnType<typeof describeError>,
  ): ManifestRow {
    return {
      schemaVersion: MANIFEST_SCHEMA_VERSION,
      runId: this.#o.runId,
      stage: this.#stage.name,
      itemId: entry.item.id,
      status: ({ succeeded: 'success', failed: 'failure', skipped: 'skip', cancelled: 'cancelled' } as const)[
        status
      ],
      attempts: entry.attempt,
      durationMs: Math.round(entry.execMs * 1000) / 1000,
      fingerprint: entry.item.fingerprint,
      outputRef,
      error: error ? { category: error.category, code: error.code, message: error.message } : null,
      ts: new Date().toISOString(),
    };
  }

  async #recordRows(rows: ManifestRow[]): Promise<void> {
    if (!this.#o.manifest || this.#o.dryRun || rows.length === 0) return;
    try {
      await this.#o.manifest.append(rows);
    } catch (error) {
      this.#log.error({ err: describeError(error), rows: rows.length }, 'manifest write failed');
      this.#halt({
        code: RunnerErrorCode.ManifestWriteFailed,
        message: `manifest write failed: ${describeError(error).message}`,
        status: 'failed',
      });
    }
  }

  async #afterItem(outcome: ItemOutcome<O>, item: WorkItem<I>): Promise<void> {
    if (this.#has.afterItem) await this.#callHooks('afterItem', (h) => h.afterItem?.(outcome, item));
  }

  #track(p: Promise<void>): void {
    this.#records.add(p);
    void p.finally(() => {
      this.#records.delete(p);
      this.#checkDone();
    });
  }

  /** Stops the stage: nothing new starts, in-flight work is aborted, queued items are cancelled. */
  #halt(reason: StopReason): void {
    if (this.#stop) return;
    this.#stop = reason;
    this.#log.warn({ code: reason.code }, reason.message);
    this.#stopController.abort(new RunnerError(reason.code as RunnerErrorCode, reason.message));
    for (const entry of this.#running) this.#abortAttempt(entry, this.#stopController.signal.reason);
    for (const [entry, timer] of this.#delayed) {
      clearTimeout(timer);
      void this.#finish(entry, 'cancelled', { reason: reason.code });
    }
    this.#delayed.clear();
    for (const entry of [...this.#retryReady.splice(0), ...this.#window.drain()]) {
      void this.#finish(entry, 'cancelled', { reason: reason.code });
    }
    if (this.#wake) {
      const wake = this.#wake;
      this.#wake = undefined;
      wake();
    }
  }

  #checkDone(): void {
    if (
      this.#done &&
      this.#planDone &&
      this.#running.size === 0 &&
      this.#outstanding() === 0 &&
      this.#records.size === 0
    ) {
      const done = this.#done;
      this.#done = undefined;
      done();
    }
  }

  async #settle(): Promise<void> {
    while (this.#records.size > 0) await Promise.allSettled([...this.#records]);
  }

  async #callHooks(name: keyof StageHooks, call: (h: StageHooks<I, O>) => unknown): Promise<void> {
    for (const hooks of this.#hooks) {
      try {
        await call(hooks);
      } catch (error) {
        this.#hookErrors++;
        this.#log.error({ hook: name, err: describeError(error) }, 'hook failed; the run goes on');
      }
    }
  }

  #base() {
    return {
      runId: this.#o.runId,
      stage: this.#stage.name,
      stageIndex: this.#pos.stageIndex,
      stageCount: this.#pos.stageCount,
      elapsedMs: Math.round(now() - this.#startedAt),
    };
  }

  #emit(event: RunnerEvent): void {
    if (!this.#o.onEvent) return;
    try {
      this.#o.onEvent(event);
    } catch (error) {
      this.#hookErrors++;
      this.#log.error(
        { hook: 'onEvent', err: describeError(error) },
        'event listener failed; the run goes on',
      );
    }
  }

  #progress(): ProgressCounts {
    const c = this.#counts;
    const finished = c.succeeded + c.failed + c.skipped + c.cancelled;
    const elapsedSec = (now() - this.#startedAt) / 1000;
    const itemsPerSec = elapsedSec > 0 ? finished / elapsedSec : 0;
    const total = this.#planDone ? this.#planned : this.#total;
    const etaMs =
      total !== null && itemsPerSec > 0
        ? Math.max(0, Math.round(((total - finished) / itemsPerSec) * 1000))
        : null;
    return {
      planned: this.#planned,
      total,
      planDone: this.#planDone,
      running: this.#running.size,
      pending: this.#outstanding(),
      succeeded: c.succeeded,
      failed: c.failed,
      skipped: c.skipped,
      cancelled: c.cancelled,
      itemsPerSec: Math.round(itemsPerSec * 100) / 100,
      etaMs,
    };
  }

  #emitProgress(final: boolean): void {
    this.#emit({ type: 'progress', ...this.#base(), final, ...this.#progress() });
  }

  #outcome(): StageOutcome<O> {
    const c = this.#counts;
    const wallMs = now() - this.#startedAt;
    let status: StageOutcome['status'];
    if (this.#stop) status = this.#stop.status;
    else if (c.failed > 0 && c.succeeded + c.skipped === 0) status = 'failed';
    else if (c.failed > 0) status = 'partial';
    else status = 'succeeded';
    return {
      runId: this.#o.runId,
      stage: this.#stage.name,
      policy: this.#executor?.policy ?? this.#o.policy,
      status,
      ...(this.#stop ? { stopReason: { code: this.#stop.code, message: this.#stop.message } } : {}),
      dryRun: this.#o.dryRun,
      planned: this.#planned,
      succeeded: c.succeeded,
      failed: c.failed,
      skipped: c.skipped,
      cancelled: c.cancelled,
      skipReasons: this.#skipReasons,
      cancelReasons: this.#cancelReasons,
      attempts: this.#attempts,
      retries: this.#retries,
      ...(this.#o.dryRun ? { wouldRun: this.#wouldRun } : {}),
      wallMs: Math.round(wallMs * 1000) / 1000,
      itemsPerSec: wallMs > 0 ? Math.round(((c.succeeded + c.failed) / (wallMs / 1000)) * 100) / 100 : 0,
      queueMs: this.#queueSamples.summarize(),
      execMs: this.#execSamples.summarize(),
      hookErrors: this.#hookErrors,
      errors: this.#errors,
      items: this.#items,
    };
  }
}

function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function';
}

function invalidItem(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return 'expected an object { id, input, fingerprint }';
  const i = item as Partial<WorkItem<unknown>>;
  if (typeof i.id !== 'string' || i.id.length === 0) return 'id: expected a non-empty string';
  if (typeof i.fingerprint !== 'string' || i.fingerprint.length === 0) {
    return 'fingerprint: expected a non-empty string (hash the input and the configuration, e.g. with fingerprint())';
  }
  if (i.costHint !== undefined && (typeof i.costHint !== 'number' || !Number.isFinite(i.costHint))) {
    return 'costHint: expected a finite number';
  }
  return undefined;
}
