import { describe, expect, it } from 'vitest';
import { items, range, sleep } from '../test/helpers.js';
import { createMemorySink, failure, RetryableError, runStage, skip } from './index.js';

describe('runStage basics', () => {
  it('runs every item once and reports per-item outcomes', async () => {
    const outcome = await runStage({
      name: 'double',
      plan: () => items(range(10)),
      worker: async (n: number) => n * 2,
    });
    expect(outcome.status).toBe('succeeded');
    expect(outcome.planned).toBe(10);
    expect(outcome.succeeded).toBe(10);
    expect(outcome.items.map((i) => i.output)).toEqual(range(10).map((n) => n * 2));
  });

  it('counts per item, not per attempt: fails twice then succeeds = one success with attempts 3', async () => {
    const seen = new Map<number, number>();
    const outcome = await runStage(
      {
        name: 'flaky',
        plan: () => items(range(4)),
        worker: async (n: number) => {
          const tries = (seen.get(n) ?? 0) + 1;
          seen.set(n, tries);
          if (n === 0 && tries < 3) throw new RetryableError('flaky');
          if (n === 1) return failure('broken', { retryable: false });
          if (n === 2) throw new Error('plain errors are not retryable');
          return n;
        },
      },
      { retries: 3, backoff: { baseMs: 1, capMs: 5, jitter: 0 } },
    );
    expect(outcome).toMatchObject({
      planned: 4,
      succeeded: 2,
      failed: 2,
      attempts: 6,
      retries: 2,
      status: 'partial',
    });
    expect(outcome.items.find((i) => i.id === 'item-0')).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(outcome.items.find((i) => i.id === 'item-1')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(outcome.items.find((i) => i.id === 'item-2')).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('records manifest rows and skips', async () => {
    const manifest = createMemorySink();
    const outcome = await runStage(
      { name: 's', plan: () => items(range(3)), worker: async (n: number) => (n === 1 ? skip('empty') : n) },
      { manifest },
    );
    expect(outcome).toMatchObject({ succeeded: 2, skipped: 1, skipReasons: { empty: 1 } });
    const rows = [];
    for await (const r of manifest.rows('s')) rows.push(r);
    expect(rows.map((r) => r.status).sort()).toEqual(['skip', 'success', 'success']);
  });

  it('times out with concurrency 1', async () => {
    const outcome = await runStage(
      {
        name: 't',
        plan: () => items(range(2)),
        worker: async (_n: number, ctx) => sleep(10_000, ctx.signal),
      },
      { concurrency: 1, timeoutMs: 50 },
    );
    expect(outcome).toMatchObject({ failed: 2, status: 'failed' });
    expect(outcome.errors[0]?.code).toBe('RUNNER_ITEM_TIMEOUT');
  });
});
