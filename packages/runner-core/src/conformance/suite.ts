import { afterEach, describe, expect, it } from 'vitest';
import type { ExecuteRequest, ExecuteResult, Executor } from '../executor.js';
import type { WorkerModule } from '../types.js';

/** The worker module every executor under test loads (source or built, whichever is running). */
export const conformanceWorker = new URL(
  import.meta.url.endsWith('.ts') ? './worker.ts' : './conformance-worker.js',
  import.meta.url,
);

const request = (
  exportName: string,
  signal = new AbortController().signal,
  progress: unknown[] = [],
): ExecuteRequest & { exportName: string } => ({
  exportName,
  item: { id: `item-${exportName}`, input: { n: 1 }, fingerprint: 'f' },
  attempt: 1,
  signal,
  onProgress: (v) => void progress.push(v),
});

/**
 * The executor contract, as tests. `factory(worker)` returns an executor that runs `worker` (a module
 * and export name). Run it against every executor: io, cpu, and a distributed one.
 */
export function executorConformance(
  name: string,
  factory: (worker: WorkerModule) => Executor | Promise<Executor>,
): void {
  describe(`executor conformance: ${name}`, () => {
    const open: Executor[] = [];
    const make = async (exportName: string) => {
      const executor = await factory({ module: conformanceWorker, exportName });
      open.push(executor);
      return executor;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((e) => e.close()));
    });

    it('returns the output, and forwards progress', async () => {
      const progress: unknown[] = [];
      const result = await (await make('echo')).execute(request('echo', undefined, progress));
      expect(result).toEqual({ kind: 'ok', value: { input: { n: 1 }, itemId: 'item-echo', attempt: 1 } });
      expect(progress).toEqual([0.5]);
    });

    it('turns skip and failure signals into results', async () => {
      expect(await (await make('skipper')).execute(request('skipper'))).toEqual({
        kind: 'skip',
        reason: 'nothing to do',
      });
      const failed = (await (await make('failer')).execute(request('failer'))) as Extract<
        ExecuteResult,
        { kind: 'error' }
      >;
      expect(failed.kind).toBe('error');
      expect(failed.error).toMatchObject({
        message: 'declined',
        code: 'CONFORMANCE_DECLINED',
        retryable: false,
      });
    });

    it('keeps the code and retryable flag of a thrown error', async () => {
      const result = (await (await make('thrower')).execute(request('thrower'))) as Extract<
        ExecuteResult,
        { kind: 'error' }
      >;
      expect(result.kind).toBe('error');
      expect(result.error).toMatchObject({
        message: 'transient',
        code: 'CONFORMANCE_TRANSIENT',
        retryable: true,
      });
    });

    it('settles after an abort, and runs the next attempt afterwards', async () => {
      const executor = await make('waiter');
      const controller = new AbortController();
      const pending = executor.execute(request('waiter', controller.signal));
      setTimeout(() => controller.abort(new Error('stop')), 50);
      const result = await pending;
      expect(result.kind).toBe('error');
      const next = new AbortController();
      const second = executor.execute(request('waiter', next.signal));
      next.abort(new Error('again'));
      expect((await second).kind).toBe('error');
    });

    it('reports a missing export as an error result, not a crash', async () => {
      const executor = await factory({ module: conformanceWorker, exportName: 'noSuchExport' });
      open.push(executor);
      const result = await executor.execute(request('noSuchExport'));
      expect(result.kind).toBe('error');
    });
  });
}
