import { pathToFileURL } from 'node:url';
import { RunnerError, RunnerErrorCode } from './errors.js';
import { asItemSignal, type WorkerFn, type WorkerModule, type WorkItem } from './types.js';

/** One attempt of one item, as the runner hands it to an executor. */
export interface ExecuteRequest<I = unknown> {
  item: WorkItem<I>;
  attempt: number;
  /** Aborted on timeout or stop; the executor must then stop the work (or give it up after its grace). */
  signal: AbortSignal;
  onProgress(value: unknown): void;
}

export type ExecuteResult<O = unknown> =
  | { kind: 'ok'; value: O }
  | { kind: 'skip'; reason: string }
  /** `abandoned`: the work did not stop within the grace period and may still be running: never retried. */
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

/**
 * The `io` executor: the worker runs on the event loop. JavaScript cannot kill a promise, so on abort
 * the executor waits up to `graceMs` for the worker to honour its signal; a worker that does not is
 * abandoned (reported as such and never retried, so no retry runs next to it).
 */
export function createIoExecutor<I, O>(
  worker: WorkerFn<I, O> | WorkerModule,
  options: { graceMs: number },
): Executor<I, O> {
  let loaded: Promise<WorkerFn<I, O>> | undefined;
  const load = () => {
    loaded ??= typeof worker === 'function' ? Promise.resolve(worker) : loadWorkerModule<I, O>(worker);
    return loaded;
  };
  return {
    policy: 'io',
    execute({ item, attempt, signal, onProgress }) {
      return new Promise<ExecuteResult<O>>((resolve) => {
        let settled = false;
        let grace: NodeJS.Timeout | undefined;
        const onAbort = () => {
          grace = setTimeout(() => {
            const error = new RunnerError(
              RunnerErrorCode.ItemTimeout,
              `item ${item.id} did not stop within ${options.graceMs} ms of being aborted; abandoned`,
              { cause: signal.reason },
            );
            done({ kind: 'error', error, abandoned: true });
          }, options.graceMs);
        };
        const done = (result: ExecuteResult<O>) => {
          if (settled) return;
          settled = true;
          clearTimeout(grace);
          signal.removeEventListener('abort', onAbort);
          resolve(result);
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
        load()
          .then((fn) =>
            fn(item.input, {
              itemId: item.id,
              fingerprint: item.fingerprint,
              attempt,
              signal,
              progress: onProgress,
            }),
          )
          .then(
            (value) => done(toExecuteResult<O>(value)),
            (error: unknown) => done({ kind: 'error', error }),
          );
      });
    },
    async close() {},
  };
}
