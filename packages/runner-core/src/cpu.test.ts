import { describe, expect, it } from 'vitest';
import { collectEvents, items, range } from '../test/helpers.js';
import { runStage, type WorkerModule } from './index.js';

const worker = (exportName?: string): WorkerModule => ({
  module: new URL('../test/fixtures/cpu-worker.mjs', import.meta.url),
  ...(exportName ? { exportName } : {}),
});

describe('cpu policy (semantics 3, 12)', () => {
  it('runs items on worker threads and returns their outputs', async () => {
    const { events, onEvent } = collectEvents();
    const outcome = await runStage(
      { name: 'hash', plan: () => items(range(6).map((seed) => ({ seed, rounds: 3000 }))), worker: worker() },
      { policy: 'cpu', concurrency: 2, onEvent },
    );
    expect(outcome).toMatchObject({ succeeded: 6, policy: 'cpu' });
    expect(outcome.items[0]?.output).toMatch(/^[0-9a-f]{64}$/);
    expect(events.some((e) => e.type === 'item:progress')).toBe(true);
  });

  it('uses more than one thread', async () => {
    const outcome = await runStage(
      { name: 'spin', plan: () => items(range(4).map(() => ({ ms: 80 }))), worker: worker('spin') },
      { policy: 'cpu', concurrency: 2 },
    );
    const threads = new Set(outcome.items.map((i) => (i.output as { threadId: number }).threadId));
    expect(threads.size).toBe(2);
  });

  it('terminates and replaces a thread on timeout, with concurrency 1', async () => {
    const outcome = await runStage(
      {
        name: 'cpu-timeout',
        plan: () => items([{ ms: 60_000 }, { ms: 1 }, { ms: 1 }]),
        worker: worker('spin'),
      },
      // generous: the timeout also covers starting the replacement thread, slow on a loaded machine
      { policy: 'cpu', concurrency: 1, timeoutMs: 1500 },
    );
    expect(outcome.items.map((i) => i.status)).toEqual(['failed', 'succeeded', 'succeeded']);
    expect(outcome.items[0]?.error?.code).toBe('RUNNER_ITEM_TIMEOUT');
    const [, a, b] = outcome.items.map((i) => (i.output as { threadId: number } | undefined)?.threadId);
    expect(a).toBe(b); // the replacement thread serves the rest
  });

  it('a crashed thread fails only its own item', async () => {
    const outcome = await runStage(
      {
        name: 'crash',
        plan: () => items([{ n: 1 }, { n: 2, crash: true }, { n: 3 }, { n: 4 }]),
        worker: worker('crashy'),
      },
      { policy: 'cpu', concurrency: 2 },
    );
    expect(outcome).toMatchObject({ succeeded: 3, failed: 1 });
    expect(outcome.items.find((i) => i.id === 'item-1')?.error?.code).toBe('RUNNER_WORKER_CRASHED');
  });

  it('bounds each thread by workerResourceLimits: over the limit fails that item only, on a fresh thread after', async () => {
    const outcome = await runStage(
      {
        name: 'limits',
        plan: () => items([{ mb: 2 }, { mb: 400 }, { mb: 2 }]),
        worker: worker('hold'),
      },
      { policy: 'cpu', concurrency: 1, workerResourceLimits: { maxOldGenerationSizeMb: 48 } },
    );
    expect(outcome.items.map((i) => i.status)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(outcome.items[1]?.error?.code).toBe('RUNNER_WORKER_CRASHED');
    expect(outcome.items[1]?.error?.message).toMatch(/memory/i);
    const [first, , last] = outcome.items.map((i) => i.output as { threadId: number; limitMb: number });
    expect(first!.limitMb).toBeLessThan(1000); // the default is about a quarter of the machine's memory
    expect(last!.threadId).not.toBe(first!.threadId);
    await expect(
      runStage(
        { name: 'bad-limits', plan: () => items([{ mb: 1 }]), worker: worker('hold') },
        { policy: 'cpu', workerResourceLimits: { maxOldGenerationSizeMb: 1 } },
      ),
    ).rejects.toThrow(/workerResourceLimits\.maxOldGenerationSizeMb/);
  });

  it('retries retryable errors thrown in a thread, keeping code and flag', async () => {
    const outcome = await runStage(
      { name: 'cpu-retry', plan: () => items([{ n: 1 }]), worker: worker('flaky') },
      { policy: 'cpu', concurrency: 1, retries: 1, backoff: { baseMs: 0, capMs: 0, jitter: 0 } },
    );
    expect(outcome.items[0]).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      output: { attempt: 2, n: 1 },
    });
  });

  it('reports outputs and inputs that cannot cross threads as item failures', async () => {
    const bad = await runStage(
      { name: 'uncloneable', plan: () => items([1]), worker: worker('uncloneable') },
      { policy: 'cpu', concurrency: 1 },
    );
    expect(bad.failed).toBe(1);
    expect(bad.items[0]?.error?.message).toMatch(/could not be cloned/i);
    const badInput = await runStage(
      {
        name: 'bad-input',
        plan: () => [{ id: 'fn', input: { f: () => 1 }, fingerprint: 'f' }],
        worker: worker('spin'),
      },
      { policy: 'cpu', concurrency: 1 },
    );
    expect(badInput.items[0]?.error?.code).toBe('RUNNER_INPUT_NOT_CLONEABLE');
  });

  it('supports skip signals from threads and cancels by terminating threads', async () => {
    const skipped = await runStage(
      { name: 'skip-odd', plan: () => items(range(4).map((n) => ({ n }))), worker: worker('skipOdd') },
      { policy: 'cpu', concurrency: 2 },
    );
    expect(skipped).toMatchObject({ succeeded: 2, skipped: 2, skipReasons: { odd: 2 } });

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const cancelled = await runStage(
      { name: 'cpu-cancel', plan: () => items(range(4).map(() => ({ ms: 60_000 }))), worker: worker('spin') },
      { policy: 'cpu', concurrency: 2, signal: controller.signal },
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelled: 4 });
  });

  it('the same worker module runs under the io policy', async () => {
    const outcome = await runStage(
      { name: 'io-module', plan: () => items([{ seed: 1, rounds: 10 }]), worker: worker() },
      { policy: 'io' },
    );
    expect(outcome.items[0]?.output).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a function worker under the cpu policy with a clear error', async () => {
    await expect(
      runStage({ name: 'fn', plan: () => [], worker: async () => 1 }, { policy: 'cpu' }),
    ).rejects.toThrow(/cpu policy .* needs worker: \{ module, exportName \}/);
  });
});
