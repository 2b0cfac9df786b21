import { describe, expect, it } from 'vitest';
import { items, range, sleep } from '../test/helpers.js';
import { createMemorySink, runStage } from './index.js';

const failingOn =
  (bad: Set<number>, ms = 5) =>
  async (n: number, ctx: { signal: AbortSignal }) => {
    await sleep(ms, ctx.signal);
    if (bad.has(n)) throw new Error(`bad ${n}`);
    return n;
  };

describe('error budget (semantics 4)', () => {
  it('undefined means unlimited: every item runs', async () => {
    const outcome = await runStage({
      name: 'b',
      plan: () => items(range(20)),
      worker: failingOn(new Set([1, 3, 5, 7])),
    });
    expect(outcome).toMatchObject({ planned: 20, succeeded: 16, failed: 4, cancelled: 0, status: 'partial' });
  });

  it('0 stops at the first failed item; every unfinished item is reported as cancelled', async () => {
    const manifest = createMemorySink();
    const outcome = await runStage(
      { name: 'b0', plan: () => items(range(50)), worker: failingOn(new Set([3])) },
      { errorBudget: 0, concurrency: 2, maxQueue: 5, manifest },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.stopReason?.code).toBe('RUNNER_ERROR_BUDGET_EXCEEDED');
    expect(outcome.failed).toBe(1);
    expect(outcome.planned).toBe(50);
    expect(outcome.succeeded + outcome.failed + outcome.cancelled).toBe(50);
    expect(outcome.cancelled).toBeGreaterThan(40);
    expect(outcome.cancelReasons).toEqual({ RUNNER_ERROR_BUDGET_EXCEEDED: outcome.cancelled });
    // none vanish: every item has exactly one manifest row
    const ids = new Set<string>();
    for await (const row of manifest.rows('b0')) ids.add(row.itemId);
    expect(ids.size).toBe(50);
  });

  it('n stops when failures exceed n', async () => {
    const outcome = await runStage(
      { name: 'bn', plan: () => items(range(40)), worker: failingOn(new Set([2, 4, 6, 8, 10])) },
      { errorBudget: 2, concurrency: 1 },
    );
    expect(outcome.failed).toBe(3);
    expect(outcome.status).toBe('failed');
    expect(outcome.succeeded).toBe(4); // 0,1,3,5,7 would be 5: stops at the 3rd failure (item 6)
    expect(outcome.cancelled).toBe(40 - 3 - 4);
  });

  it('does not trip when failures equal n', async () => {
    const outcome = await runStage(
      { name: 'beq', plan: () => items(range(10)), worker: failingOn(new Set([1, 2])) },
      { errorBudget: 2 },
    );
    expect(outcome).toMatchObject({ failed: 2, succeeded: 8, cancelled: 0, status: 'partial' });
  });

  it('items that complete successfully as the budget trips are recorded as successes, in-flight ones are aborted', async () => {
    const outcome = await runStage(
      {
        name: 'same-instant',
        plan: () => items(range(6)),
        worker: async (n: number, ctx) => {
          if (n === 0) {
            await sleep(20);
            throw new Error('first failure');
          }
          if (n === 1) {
            // finishes without looking at the signal, in the same tick as the failure
            await sleep(20);
            return 'made it';
          }
          await sleep(5_000, ctx.signal);
        },
      },
      { errorBudget: 0, concurrency: 6 },
    );
    expect(outcome.items.find((i) => i.id === 'item-1')?.status).toBe('succeeded');
    expect(outcome).toMatchObject({ failed: 1, succeeded: 1, cancelled: 4 });
  });
});
