// Runs inside each worker thread of the cpu policy. Self-contained (no relative imports) so that it
// also loads from source with Node's type stripping. Protocol: the parent posts
// { type: 'run', taskId, input, itemId, fingerprint, attempt }; the worker posts
// { type: 'progress', taskId, value } and { type: 'done', taskId, ok, value | error }. An attempt that
// must stop (timeout, cancellation) is not asked: its thread is terminated, so `ctx.signal` here never
// fires; it is there so that one worker module serves both the io and the cpu policy.
import { parentPort, workerData } from 'node:worker_threads';

interface RunMessage {
  type: 'run';
  taskId: number;
  input: unknown;
  itemId: string;
  fingerprint: string;
  attempt: number;
}
type WorkerFn = (input: unknown, ctx: unknown) => unknown;

const data = workerData as { moduleUrl: string; exportName: string };
let fnPromise: Promise<WorkerFn> | undefined;
const never = new AbortController().signal;

function load(): Promise<WorkerFn> {
  fnPromise ??= import(data.moduleUrl).then((mod: Record<string, unknown>) => {
    const fn = mod[data.exportName];
    if (typeof fn !== 'function') {
      throw new Error(`worker module ${data.moduleUrl} has no function export '${data.exportName}'`);
    }
    return fn as WorkerFn;
  });
  return fnPromise;
}

function serializeError(error: unknown) {
  if (error instanceof Error) {
    const e = error as Error & { code?: unknown; retryable?: unknown; retryAfterMs?: unknown };
    return {
      name: e.name,
      message: e.message,
      stack: e.stack,
      code: typeof e.code === 'string' ? e.code : undefined,
      retryable: e.retryable === true,
      retryAfterMs: typeof e.retryAfterMs === 'number' ? e.retryAfterMs : undefined,
    };
  }
  return { name: 'NonError', message: String(error), code: 'NON_ERROR_THROWN', retryable: false };
}

async function run(msg: RunMessage): Promise<void> {
  try {
    const fn = await load();
    const value = await fn(msg.input, {
      itemId: msg.itemId,
      fingerprint: msg.fingerprint,
      attempt: msg.attempt,
      signal: never,
      progress: (v: unknown) => parentPort?.postMessage({ type: 'progress', taskId: msg.taskId, value: v }),
    });
    try {
      parentPort?.postMessage({ type: 'done', taskId: msg.taskId, ok: true, value });
    } catch (error) {
      // the output could not be cloned back to the parent
      parentPort?.postMessage({ type: 'done', taskId: msg.taskId, ok: false, error: serializeError(error) });
    }
  } catch (error) {
    parentPort?.postMessage({ type: 'done', taskId: msg.taskId, ok: false, error: serializeError(error) });
  }
}

// start loading the worker module now, so that a fresh thread's first item does not pay for it
load().catch(() => {}); // a load error is reported to the first item that runs

parentPort?.on('message', (msg: RunMessage) => {
  if (msg.type === 'run') void run(msg);
});
