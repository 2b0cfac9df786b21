import { describe, expect, it } from 'vitest';
import { items, range, sleep } from '../test/helpers.js';
import { runStage } from './index.js';

describe('timeouts (semantics 3)', () => {
  it('aborts the item signal on timeout and the work stops', async () => {
    let aborted = 0;
    const outcome = await runStage(
      {
        name: 't',
        plan: () => items(range(3)),
        worker: async (_n: number, ctx) => {
          ctx.signal.addEventListener('abort', () => aborted++);
          await sleep(10_000, ctx.signal);
        },
      },
      { concurrency: 3, timeoutMs: 50 },
    );
    expect(aborted).toBe(3);
    expect(outcome).toMatchObject({ failed: 3, status: 'failed' });
    expect(outcome.items.every((i) => i.error?.code === 'RUNNER_ITEM_TIMEOUT' && i.error.retryable)).toBe(
      true,
    );
  });

  it('applies with concurrency 1 and a hung item does not hang the stage', async () => {
    const outcome = await runStage(
      {
        name: 'serial',
        plan: () => items(['hang', 'ok']),
        worker: async (x: string, ctx) => (x === 'hang' ? sleep(60_000, ctx.signal) : x),
      },
      { concurrency: 1, timeoutMs: 50 },
    );
    expect(outcome).toMatchObject({ failed: 1, succeeded: 1 });
  });

  it('never runs a timed-out attempt alongside its retry, and holds the slot until the work stopped', async () => {
    let live = 0;
    let maxLive = 0;
    let maxPerItem = 0;
    const perItem = new Map<string, number>();
    const outcome = await runStage(
      {
        name: 'overlap',
        plan: () => items(range(4)),
        worker: async (_n: number, ctx) => {
          live++;
          perItem.set(ctx.itemId, (perItem.get(ctx.itemId) ?? 0) + 1);
          maxLive = Math.max(maxLive, live);
          maxPerItem = Math.max(maxPerItem, ...perItem.values());
          try {
            // honours the signal, but only after 80 ms of clean-up
            await sleep(10_000, ctx.signal).catch(async () => sleep(80));
          } finally {
            live--;
            perItem.set(ctx.itemId, perItem.get(ctx.itemId)! - 1);
          }
          throw new Error('stopped after clean-up');
        },
      },
      {
        concurrency: 2,
        timeoutMs: 30,
        retries: 1,
        graceMs: 1000,
        backoff: { baseMs: 0, capMs: 0, jitter: 0 },
      },
    );
    expect(maxPerItem).toBe(1);
    expect(maxLive).toBeLessThanOrEqual(2);
    expect(outcome.attempts).toBe(8);
    expect(outcome.failed).toBe(4);
  });

  it('abandons an io worker that ignores its signal past graceMs, and never retries it', async () => {
    let calls = 0;
    const outcome = await runStage(
      {
        name: 'ignores-signal',
        plan: () => items([1]),
        worker: async () => {
          calls++;
          await sleep(400); // ignores ctx.signal
        },
      },
      { timeoutMs: 20, graceMs: 30, retries: 3 },
    );
    expect(calls).toBe(1);
    expect(outcome.failed).toBe(1);
    expect(outcome.items[0]?.error?.message).toMatch(/did not stop within 30 ms/);
  });

  it('a success that arrives after the timeout fired but before the worker stopped still counts', async () => {
    const outcome = await runStage(
      {
        name: 'late-success',
        plan: () => items([1]),
        worker: async (_n: number, ctx) => {
          await new Promise((r) => ctx.signal.addEventListener('abort', r));
          return 'done anyway';
        },
      },
      { timeoutMs: 20 },
    );
    expect(outcome.succeeded).toBe(1);
  });
});
