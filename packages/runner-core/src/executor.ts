import { pathToFileURL } from 'node:url';
import { RunnerError, RunnerErrorCode } from './errors.js';
import {
  asItemSignal,
  type WorkerContext,
  type WorkerFn,
  type WorkerModule,
  type WorkItem,
} from './types.js';

/** One attempt of one item, as the runner hands it to an executor. */
export interface ExecuteRequest<I = unknown> {
  item: WorkItem<I>;
  attempt: number;
  /** Aborted on timeout or stop: the executor must then stop the work and settle. */
  signal: AbortSignal;
  onProgress(value: unknown): void;
}

export type ExecuteResult<O = unknown> =
  | { kind: 'ok'; value: O }
  | { kind: 'skip'; reason: string }
  /** `abandoned` (set by the runner): the work did not stop within `graceMs` of the abort; never retried. */
  | { kind: 'error'; error: unknown; abandoned?: boolean };

/**
 * The seam between the runner's bookkeeping (counting, retries, budget, manifest, hooks) and where
 * work runs. `io` runs it on the event loop, `cpu` on worker threads; a `distributed` executor (a
 * queue and remote workers) implements the same interface. `execute` settles only once the attempt's
 * work has stopped, so the runner never frees a slot early nor runs an attempt alongside its retry.
 */
export interface Executor<I = unknown, O = unknown> {
  readonly policy: string;
  execute(request: ExecuteRequest<I>): Promise<ExecuteResult<O>>;
  close(): Promise<void>;
}

export function toExecuteResult<O>(value: unknown): ExecuteResult<O> {
  const signal = asItemSignal(value);
  if (!signal) return { kind: 'ok', value: value as O };
  if (signal.__jobintelItemSignal === 'skip') return { kind: 'skip', reason: signal.reason };
  const e = signal.error;
  return {
    kind: 'error',
    error: Object.assign(new Error(e.message), { name: e.name, code: e.code, retryable: e.retryable }),
  };
}

export function moduleUrl(module: string | URL): string {
  if (module instanceof URL) return module.href;
  return /^[a-z][a-z0-9+.-]*:/i.test(module) && !/^[a-z]:[\\/]/i.test(module)
    ? module
    : pathToFileURL(module).href;
}

export async function loadWorkerModule<I, O>(spec: WorkerModule): Promise<WorkerFn<I, O>> {
  const mod = (await import(moduleUrl(spec.module))) as Record<string, unknown>;
  const name = spec.exportName ?? 'default';
  const fn = mod[name];
  if (typeof fn !== 'function') {
    throw new RunnerError(
      RunnerErrorCode.InvalidOptions,
      `worker module ${String(spec.module)} has no function export '${name}' (set worker.exportName)`,
    );
  }
  return fn as WorkerFn<I, O>;
}

/** The worker's context, reading the request lazily (its signal is created only if read). */
class IoContext implements WorkerContext {
  readonly #request: ExecuteRequest;
  constructor(request: ExecuteRequest) {
    this.#request = request;
  }
  get itemId(): string {
    return this.#request.item.id;
  }
  get fingerprint(): string {
    return this.#request.item.fingerprint;
  }
  get attempt(): number {
    return this.#request.attempt;
  }
  get signal(): AbortSignal {
    return this.#request.signal;
  }
  progress(value: unknown): void {
    this.#request.onProgress(value);
  }
}

/**
 * The `io` executor: the worker runs on the event loop. JavaScript cannot kill a promise: the runner
 * aborts the attempt's signal and abandons a worker that ignores it past `graceMs`.
 */
export function createIoExecutor<I, O>(worker: WorkerFn<I, O> | WorkerModule): Executor<I, O> {
  let fn: WorkerFn<I, O> | undefined = typeof worker === 'function' ? worker : undefined;
  let loading: Promise<unknown> | undefined;
  const failed = (error: unknown): ExecuteResult<O> => ({ kind: 'error', error });
  const executor: Executor<I, O> = {
    policy: 'io',
    execute(request) {
      if (!fn) {
        loading ??= loadWorkerModule<I, O>(worker as WorkerModule).then((loaded) => {
          fn = loaded;
        });
        return loading.then(() => executor.execute(request), failed);
      }
      let pending: unknown;
      try {
        pending = fn(request.item.input, new IoContext(request));
      } catch (error) {
        return Promise.resolve(failed(error));
      }
      if (typeof (pending as PromiseLike<unknown> | null)?.then !== 'function') {
        return Promise.resolve(toExecuteResult<O>(pending));
      }
      return Promise.resolve(pending).then(toExecuteResult<O>, failed);
    },
    async close() {},
  };
  return executor;
}
