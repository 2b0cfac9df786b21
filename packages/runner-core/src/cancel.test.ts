import { describe, expect, it } from 'vitest';
import { items, range, sleep } from '../test/helpers.js';
import { createMemorySink, runStage } from './index.js';

describe('cancellation (semantics 5)', () => {
  for (const concurrency of [1, 4]) {
    it(`stops scheduling, aborts in-flight work and records every unfinished item as cancelled (concurrency ${concurrency})`, async () => {
      const controller = new AbortController();
      const manifest = createMemorySink();
      const started: string[] = [];
      let afterStage = 0;
      const outcome = await runStage(
        {
          name: 'c',
          plan: () => items(range(30)),
          worker: async (n: number, ctx) => {
            started.push(ctx.itemId);
            if (n === 5) controller.abort(new Error('SIGINT'));
            await sleep(20, ctx.signal);
          },
          hooks: { afterStage: () => void afterStage++ },
        },
        { concurrency, signal: controller.signal, manifest },
      );
      expect(outcome.status).toBe('cancelled');
      expect(outcome.stopReason?.message).toMatch(/SIGINT/);
      expect(afterStage).toBe(1);
      expect(outcome.planned).toBe(30);
      expect(outcome.succeeded + outcome.cancelled).toBe(30);
      expect(outcome.succeeded).toBeLessThan(6);
      // the item that was running when the signal came was aborted, not counted as a failure
      expect(outcome.failed).toBe(0);
      expect(started.length).toBeLessThanOrEqual(6 + concurrency);
      const rows = new Map<string, string>();
      for await (const row of manifest.rows('c')) rows.set(row.itemId, row.status);
      expect(rows.size).toBe(30);
    });
  }

  it('an already aborted signal runs nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    const outcome = await runStage(
      { name: 'pre', plan: () => items(range(5)), worker: async () => void calls++ },
      { signal: controller.signal },
    );
    expect(calls).toBe(0);
    expect(outcome).toMatchObject({ status: 'cancelled', cancelled: 5 });
  });
});
