// Worker functions for the executor conformance suite. Self-contained (no imports) so that every
// executor, in-process, in threads or on remote workers, can load it.

interface Ctx {
  signal: AbortSignal;
  attempt: number;
  itemId: string;
  progress(value: unknown): void;
}

/** Echoes its input with what the context said. */
export function echo(input: unknown, ctx: Ctx): unknown {
  ctx.progress(0.5);
  return { input, itemId: ctx.itemId, attempt: ctx.attempt };
}

/** Skips through the plain-object signal. */
export function skipper(): unknown {
  return { __jobintelItemSignal: 'skip', reason: 'nothing to do' };
}

/** Fails through the plain-object signal, non-retryable. */
export function failer(): unknown {
  return {
    __jobintelItemSignal: 'failure',
    error: { name: 'Error', message: 'declined', code: 'CONFORMANCE_DECLINED', retryable: false },
  };
}

/** Throws a retryable error with a code. */
export function thrower(): unknown {
  throw Object.assign(new Error('transient'), { code: 'CONFORMANCE_TRANSIENT', retryable: true });
}

/** Waits until aborted (cooperatively), or 30 s. */
export function waiter(_input: unknown, ctx: Ctx): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve('not aborted'), 30_000);
    ctx.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    });
  });
}
