import { describe, expect, it } from 'vitest';
import { collectEvents, items, range, sleep } from '../test/helpers.js';
import { formatProgressLine, percentile, type RunnerEvent, renderProgressBar, runStage } from './index.js';

type Progress = Extract<RunnerEvent, { type: 'progress' }>;

describe('progress events (semantics 10)', () => {
  it('emits stage:start, periodic progress, a final progress and stage:end', async () => {
    const { events, onEvent } = collectEvents();
    await runStage(
      { name: 'p', plan: () => ({ total: 20, items: items(range(20)) }), worker: async () => sleep(10) },
      { concurrency: 2, progressIntervalMs: 25, onEvent },
    );
    expect(events[0]?.type).toBe('stage:start');
    expect(events.at(-1)?.type).toBe('stage:end');
    const progress = events.filter((e): e is Progress => e.type === 'progress');
    expect(progress.length).toBeGreaterThan(2);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({
      final: true,
      planned: 20,
      total: 20,
      succeeded: 20,
      running: 0,
      pending: 0,
      planDone: true,
    });
    const mid = progress.find((p) => !p.final && p.succeeded > 0 && p.succeeded < 20);
    expect(mid?.total).toBe(20);
    expect(mid?.etaMs).not.toBeNull();
    expect(JSON.parse(JSON.stringify(events))).toEqual(events); // plain JSON: a server can stream them
  });

  it('renders a line and a bar', () => {
    const e: Progress = {
      type: 'progress',
      runId: 'r',
      stage: 'normalize',
      stageIndex: 2,
      stageCount: 5,
      elapsedMs: 1000,
      final: false,
      planned: 300,
      total: 300,
      planDone: true,
      running: 4,
      pending: 10,
      succeeded: 118,
      failed: 2,
      skipped: 0,
      cancelled: 0,
      itemsPerSec: 35.2,
      etaMs: 5000,
    };
    expect(formatProgressLine(e)).toBe(
      '[2/5] normalize 120/300 (40%) ok 118 failed 2 skipped 0 running 4 | 35.2 items/s | eta 5s',
    );
    expect(renderProgressBar(e, 10)).toBe('[2/5] normalize [####------] 40% 120/300 2 failed eta 5s');
  });
});

describe('percentiles (semantics 11)', () => {
  it('interpolates linearly between closest ranks (type 7)', () => {
    const xs = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(percentile(xs, 0.5)).toBe(5.5);
    expect(percentile(xs, 0.95)).toBeCloseTo(9.55, 10);
    expect(percentile(xs, 0.99)).toBeCloseTo(9.91, 10);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 1)).toBe(10);
    expect(percentile([42], 0.95)).toBe(42);
    expect(percentile([], 0.5)).toBe(0);
    expect(percentile([10, 20], 0.25)).toBe(12.5);
  });

  it('reports queue and execution percentiles in the outcome', async () => {
    const outcome = await runStage(
      { name: 'pct', plan: () => items(range(10)), worker: async (n: number) => sleep(n * 5) },
      { concurrency: 10 },
    );
    expect(outcome.execMs.p50).toBeGreaterThan(15);
    expect(outcome.execMs.p99).toBeGreaterThanOrEqual(outcome.execMs.p95);
    expect(outcome.execMs.p95).toBeGreaterThanOrEqual(outcome.execMs.p50);
    expect(outcome.queueMs.p50).toBeGreaterThanOrEqual(0);
  });
});
