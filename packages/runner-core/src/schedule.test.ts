import { describe, expect, it } from 'vitest';
import { runStage, type WorkItem } from './index.js';

const plan = (costs: number[]): WorkItem<number>[] =>
  costs.map((c, i) => ({ id: `i${i}`, input: c, fingerprint: 'f', costHint: c }));

async function order(costs: number[], schedule: 'fifo' | 'sjf'): Promise<string[]> {
  const seen: string[] = [];
  await runStage(
    { name: 'order', plan: () => plan(costs), worker: async (_c: number, ctx) => void seen.push(ctx.itemId) },
    { concurrency: 1, schedule },
  );
  return seen;
}

describe('scheduling (semantics 8)', () => {
  it('fifo keeps plan order', async () => {
    expect(await order([5, 1, 3, 2, 4], 'fifo')).toEqual(['i0', 'i1', 'i2', 'i3', 'i4']);
  });

  it('sjf orders the look-ahead window by costHint ascending, ties by plan order', async () => {
    // the first item starts as soon as it is pulled; the rest are ordered within the window
    const seen = await order([9, 5, 1, 3, 1, 2, 4], 'sjf');
    expect(seen.slice(1)).toEqual(['i2', 'i4', 'i5', 'i3', 'i6', 'i1']);
  });

  it('sjf only reorders within maxQueue', async () => {
    const seen: string[] = [];
    await runStage(
      {
        name: 'window',
        plan: () => plan([5, 4, 3, 2, 1, 0]),
        worker: async (_c: number, ctx) => void seen.push(ctx.itemId),
      },
      { concurrency: 1, schedule: 'sjf', maxQueue: 2 },
    );
    expect(seen[0]).toBe('i0');
    expect(seen).toHaveLength(6);
    expect(seen).not.toEqual(['i0', 'i5', 'i4', 'i3', 'i2', 'i1']);
  });
});
