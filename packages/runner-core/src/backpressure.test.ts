import { describe, expect, it } from 'vitest';
import { sleep } from '../test/helpers.js';
import { runStage, type WorkItem } from './index.js';

describe('back-pressure (semantics 7)', () => {
  it('runs a plan of 1,000,000 items in bounded memory, never pulling more than maxQueue ahead', async () => {
    const N = 1_000_000;
    let pulled = 0;
    let finished = 0;
    let maxAhead = 0;
    let running = 0;
    let maxRunning = 0;
    function* plan(): Generator<WorkItem<number>> {
      for (let i = 0; i < N; i++) {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - finished);
        yield { id: String(i), input: i, fingerprint: 'f' };
      }
    }
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const outcome = await runStage(
      {
        name: 'million',
        plan,
        worker: async (i: number) => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          if (i % 100_000 === 0) {
            global.gc?.();
            heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
          }
          await undefined;
          running--;
          return i;
        },
        hooks: { afterItem: () => void finished++ },
      },
      { concurrency: 16, maxQueue: 256, keepItemOutcomes: 'none', detectDuplicateIds: false },
    );
    expect(outcome.succeeded).toBe(N);
    expect(maxRunning).toBeLessThanOrEqual(16);
    // pulled but not finished: at most the window, the running slots and records being written
    expect(maxAhead).toBeLessThanOrEqual(256 + 16 + 1);
    // retained heap stays flat: a materialised plan of a million items would hold well over 100 MB
    expect(typeof global.gc).toBe('function');
    expect(heapPeak - heapBefore).toBeLessThan(48 * 1024 * 1024);
  }, 120_000);

  it('pulls lazily from an async plan', async () => {
    let pulled = 0;
    async function* plan(): AsyncGenerator<WorkItem<number>> {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield { id: String(i), input: i, fingerprint: 'f' };
      }
    }
    let maxPulledAtStart = 0;
    await runStage(
      {
        name: 'lazy',
        plan,
        worker: async (i: number) => {
          if (i === 0) maxPulledAtStart = pulled;
          await sleep(1);
        },
      },
      { concurrency: 1, maxQueue: 5 },
    );
    expect(maxPulledAtStart).toBeLessThanOrEqual(6);
    expect(pulled).toBe(100);
  });

  it('uses no CPU while waiting (event-driven, no busy loop)', async () => {
    const before = process.cpuUsage();
    await runStage({
      name: 'idle',
      plan: () => [{ id: 'a', input: 0, fingerprint: 'f' }],
      worker: () => sleep(400),
    });
    const used = process.cpuUsage(before);
    // a busy-spinning loop would burn ~400 ms of CPU here
    expect((used.user + used.system) / 1000).toBeLessThan(150);
  });
});
