import { describe, expect, it } from 'vitest';
import { collectEvents, items, range, sleep } from '../test/helpers.js';
import { backoffDelay, RetryableError, type RunnerEvent, runStage, seededRandom } from './index.js';

const retryDelays = (events: RunnerEvent[]) =>
  events.filter((e) => e.type === 'item:retry').map((e) => (e as { delayMs: number }).delayMs);

describe('retries (semantics 2)', () => {
  it('retries only errors marked retryable; total attempts = retries + 1', async () => {
    const attempts = new Map<string, number>();
    const outcome = await runStage(
      {
        name: 'r',
        plan: () => items(['retryable', 'fatal']),
        worker: async (kind: string, ctx) => {
          attempts.set(kind, ctx.attempt);
          throw kind === 'retryable' ? new RetryableError('again') : new Error('fatal');
        },
      },
      { retries: 2, backoff: { baseMs: 1, capMs: 1, jitter: 0 } },
    );
    expect(attempts.get('retryable')).toBe(3);
    expect(attempts.get('fatal')).toBe(1);
    expect(outcome).toMatchObject({ failed: 2, attempts: 4, retries: 2, status: 'failed' });
    const byId = (id: string) => outcome.items.find((i) => i.id === id);
    expect(byId('item-0')?.error?.retryable).toBe(true);
    expect(byId('item-1')?.error?.retryable).toBe(false);
  });

  it('treats any error with retryable: true as retryable (duck typing across packages)', async () => {
    let calls = 0;
    const outcome = await runStage(
      {
        name: 'duck',
        plan: () => items([1]),
        worker: async () => {
          calls++;
          if (calls === 1) throw Object.assign(new Error('429'), { retryable: true });
          return 'ok';
        },
      },
      { retries: 1, backoff: { baseMs: 1, capMs: 1, jitter: 0 } },
    );
    expect(outcome.succeeded).toBe(1);
    expect(calls).toBe(2);
  });

  it('computes exponential backoff with a cap and jitter per attempt', () => {
    const none = () => 0;
    const opts = { baseMs: 100, capMs: 1000, jitter: 0 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, opts, none))).toEqual([100, 200, 400, 800, 1000]);
    const full = { baseMs: 100, capMs: 1000, jitter: 1 };
    expect(backoffDelay(3, full, () => 0.5)).toBe(200);
    expect(backoffDelay(3, full, () => 0)).toBe(400);
  });

  it('gives reproducible delays with a seed, different delays with another seed', async () => {
    const run = async (seed: number) => {
      const { events, onEvent } = collectEvents();
      await runStage(
        {
          name: 'seeded',
          plan: () => items(range(4)),
          worker: async (_n: number, ctx) => {
            if (ctx.attempt < 3) throw new RetryableError('again');
          },
        },
        { retries: 2, seed, onEvent, concurrency: 1, backoff: { baseMs: 10, capMs: 40, jitter: 1 } },
      );
      return retryDelays(events);
    };
    const a = await run(42);
    expect(a).toHaveLength(8);
    expect(await run(42)).toEqual(a);
    expect(await run(7)).not.toEqual(a);
    const r = seededRandom(42);
    expect(a[0]).toBe(Math.round(10 * (1 - r())));
  });

  it('never blocks: other items run and timeouts fire while an item waits for its retry', async () => {
    const finished: string[] = [];
    const outcome = await runStage(
      {
        name: 'nonblocking',
        plan: () => [
          { id: 'slow-retry', input: 'retry', fingerprint: 'a' },
          { id: 'hang', input: 'hang', fingerprint: 'b' },
          ...range(5).map((i) => ({ id: `quick-${i}`, input: 'quick', fingerprint: `q${i}` })),
        ],
        worker: async (kind: string, ctx) => {
          if (kind === 'retry' && ctx.attempt === 1) throw new RetryableError('later');
          if (kind === 'hang') await sleep(60_000, ctx.signal);
          finished.push(ctx.itemId);
        },
      },
      { concurrency: 2, retries: 1, timeoutMs: 100, backoff: { baseMs: 400, capMs: 400, jitter: 0 } },
    );
    // every quick item and the hang's timeout finished while slow-retry was waiting 400 ms
    expect(finished.indexOf('slow-retry')).toBe(finished.length - 1);
    expect(finished.filter((f) => f.startsWith('quick'))).toHaveLength(5);
    expect(outcome).toMatchObject({ succeeded: 6, failed: 1 });
    expect(outcome.items.find((i) => i.id === 'hang')?.error?.code).toBe('RUNNER_ITEM_TIMEOUT');
  });

  it('honours retryAfterMs on an error (e.g. from a 429 Retry-After header)', async () => {
    const { events, onEvent } = collectEvents();
    await runStage(
      {
        name: 'retry-after',
        plan: () => items([1]),
        worker: async (_n: number, ctx) => {
          if (ctx.attempt === 1) throw Object.assign(new RetryableError('429'), { retryAfterMs: 120 });
        },
      },
      { retries: 1, onEvent, backoff: { baseMs: 1, capMs: 1, jitter: 0 } },
    );
    expect(retryDelays(events)).toEqual([120]);
  });

  it('puts a retry that is due at the front of the queue', async () => {
    const order: string[] = [];
    await runStage(
      {
        name: 'front',
        plan: () => items(['a', 'b', 'c', 'd']),
        worker: async (x: string, ctx) => {
          order.push(`${x}${ctx.attempt}`);
          if (x === 'a' && ctx.attempt === 1) throw new RetryableError('again');
          await sleep(20);
        },
      },
      { concurrency: 1, retries: 1, backoff: { baseMs: 0, capMs: 0, jitter: 0 } },
    );
    // a's retry became due while b ran: it goes before c and d, which were queued earlier
    expect(order).toEqual(['a1', 'b1', 'a2', 'c1', 'd1']);
  });
});
