import { type ResourceLimits, Worker } from 'node:worker_threads';
import { CodedError, RunnerError, RunnerErrorCode } from '../errors.js';
import type { ExecuteRequest, ExecuteResult, Executor } from '../executor.js';
import { moduleUrl, toExecuteResult } from '../executor.js';
import type { Logger } from '../logger.js';
import type { WorkerModule } from '../types.js';

// From source (tests, `@jobintel/source`) this file is src/cpu/pool.ts next to worker-entry.ts; built,
// it is bundled into dist/index.js next to dist/worker-entry.js.
const entryUrl = new URL(
  import.meta.url.endsWith('.ts') ? './worker-entry.ts' : './worker-entry.js',
  import.meta.url,
);

interface Slot {
  worker: Worker;
  busy: boolean;
}

interface Task {
  taskId: number;
  slot: Slot;
  request: ExecuteRequest;
  resolve(result: ExecuteResult): void;
}

type Reply =
  | { type: 'progress'; taskId: number; value: unknown }
  | { type: 'done'; taskId: number; ok: true; value: unknown }
  | {
      type: 'done';
      taskId: number;
      ok: false;
      error: ThreadError;
    };

export interface CpuExecutorOptions {
  size: number;
  execArgv?: string[];
  /** Heap limits of each thread (Node's `resourceLimits`); a thread over them fails its item. */
  resourceLimits?: ResourceLimits;
  logger: Logger;
}

/**
 * The `cpu` executor: a fixed pool of worker threads, started lazily. An attempt that is aborted
 * (timeout, stop) has its thread terminated and awaited before the attempt settles; a thread that
 * crashes fails only its own item; either way the thread is replaced on next use.
 */
export function createCpuExecutor(spec: WorkerModule, options: CpuExecutorOptions): Executor {
  const slots: Slot[] = [];
  const tasks = new Map<Worker, Task>();
  let nextTaskId = 1;
  let closed = false;

  const spawn = (): Slot => {
    const worker = new Worker(entryUrl, {
      workerData: { moduleUrl: moduleUrl(spec.module), exportName: spec.exportName ?? 'default' },
      ...threadOptions(options.execArgv),
      ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
    });
    const slot: Slot = { worker, busy: false };
    worker.on('message', (reply: Reply) => {
      const task = tasks.get(worker);
      if (!task || task.taskId !== reply.taskId) return;
      if (reply.type === 'progress') {
        task.request.onProgress(reply.value);
        return;
      }
      finish(
        task,
        reply.ok ? toExecuteResult(reply.value) : { kind: 'error', error: reviveError(reply.error) },
      );
    });
    const crashed = (error: Error) => {
      retire(slot);
      const task = tasks.get(worker);
      if (task) {
        finish(task, {
          kind: 'error',
          error: new RunnerError(RunnerErrorCode.WorkerCrashed, `worker thread crashed: ${error.message}`, {
            retryable: true,
            cause: error,
          }),
        });
      }
    };
    worker.on('error', crashed);
    worker.on('messageerror', crashed);
    worker.on('exit', (code) => {
      retire(slot);
      if (tasks.has(worker)) crashed(new Error(`thread exited with code ${code}`));
    });
    slots.push(slot);
    return slot;
  };

  const retire = (slot: Slot) => {
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
  };

  const finish = (task: Task, result: ExecuteResult) => {
    if (tasks.get(task.slot.worker) !== task) return;
    tasks.delete(task.slot.worker);
    task.slot.busy = false;
    task.resolve(result);
  };

  const acquire = (): Slot => {
    const idle = slots.find((s) => !s.busy);
    if (idle) return idle;
    if (slots.length >= options.size) {
      // The runner never asks for more than `concurrency` attempts at once; this guards the invariant.
      throw new RunnerError(
        RunnerErrorCode.InvalidOptions,
        'cpu pool over-subscribed: more attempts than threads',
      );
    }
    return spawn();
  };

  return {
    policy: 'cpu',
    execute(request) {
      if (closed) return Promise.resolve({ kind: 'error', error: new Error('cpu executor is closed') });
      return new Promise<ExecuteResult>((resolve) => {
        const slot = acquire();
        slot.busy = true;
        const task: Task = { taskId: nextTaskId++, slot, request, resolve };
        tasks.set(slot.worker, task);
        const onAbort = () => {
          if (tasks.get(slot.worker) !== task) return;
          // Terminate: CPU-bound code cannot poll a signal. The attempt settles after the thread is gone.
          retire(slot);
          tasks.delete(slot.worker);
          slot.worker.terminate().then(
            () => resolve({ kind: 'error', error: request.signal.reason }),
            () => resolve({ kind: 'error', error: request.signal.reason }),
          );
        };
        request.signal.addEventListener('abort', onAbort, { once: true });
        const resolveOnce = task.resolve;
        task.resolve = (result) => {
          request.signal.removeEventListener('abort', onAbort);
          resolveOnce(result);
        };
        if (request.signal.aborted) {
          onAbort();
          return;
        }
        try {
          slot.worker.postMessage({
            type: 'run',
            taskId: task.taskId,
            input: request.item.input,
            itemId: request.item.id,
            fingerprint: request.item.fingerprint,
            attempt: request.attempt,
          });
        } catch (error) {
          // the input could not be cloned to the thread: not worth a retry
          finish(task, {
            kind: 'error',
            error: new CodedError(
              'RUNNER_INPUT_NOT_CLONEABLE',
              `item ${request.item.id}: ${(error as Error).message}`,
            ),
          });
        }
      });
    },
    async close() {
      closed = true;
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
}

const EVAL_FLAG = /^(-e|--eval|-p|--print|--input-type|-i|--interactive)(=|$)/;
// Heap and stack sizes are per process; an explicit execArgv that carries them is refused by Node
// (ERR_WORKER_INVALID_EXEC_ARGV), and threads take their limits from `resourceLimits` instead.
const PROCESS_ONLY_FLAG =
  /^--(max-old-space-size|max-semi-space-size|max-young-generation-size|stack-size)(=|$)/;

/**
 * Threads inherit the parent's Node flags, except when the parent was started with `node -e` or `-p`:
 * those flags crash every thread, so they are filtered out (an explicit list, which Node checks more
 * strictly, is passed only then, without the per-process heap and stack flags it refuses).
 */
function threadOptions(explicit: string[] | undefined): { execArgv?: string[] } {
  if (explicit) return { execArgv: explicit };
  return process.execArgv.some((a) => EVAL_FLAG.test(a))
    ? { execArgv: withoutEvalFlags(process.execArgv) }
    : {};
}

function withoutEvalFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-e' || arg === '--eval' || arg === '-p' || arg === '--print') {
      i++; // and the script after it
      continue;
    }
    if (EVAL_FLAG.test(arg) || PROCESS_ONLY_FLAG.test(arg)) continue;
    out.push(arg);
  }
  return out;
}

/** An error as a worker thread sends it back (see worker-entry.ts). */
interface ThreadError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  retryable: boolean;
  retryAfterMs?: number;
}

function reviveError(e: ThreadError) {
  const error = new CodedError(e.code ?? 'ERROR', e.message, { retryable: e.retryable });
  error.name = e.name;
  if (e.stack) error.stack = e.stack;
  if (e.retryAfterMs !== undefined) Object.assign(error, { retryAfterMs: e.retryAfterMs });
  return error;
}
