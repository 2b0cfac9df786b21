import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BudgetExceededError } from './errors.js';
import { createMemoryBudgetStorage } from './memory-storage.js';
import { createPriceTable } from './price-table.js';
import { createTokenTracker, type TrackerEvent } from './tracker.js';
import { usageFromBuckets } from './usage.js';

// 1 USD per million input tokens (1000 nanos/token), 4 USD per million output tokens (4000 nanos/token)
const prices = createPriceTable({
  builtin: false,
  overrides: { m: { input: '1', output: '4' }, other: { input: '1', output: '4' } },
});
const call = { provider: 'p', model: 'm' };
// worst case of a call: 1000 in + 250 out = 1,000,000 + 1,000,000 nanos = $0.002
const request = { ...call, inputTokens: 1000, maxOutputTokens: 250 };
const WORST = 2_000_000;
// the real usage of such a call: 1000 in + 100 out = $0.0014
const actual = () => usageFromBuckets({ inputUncached: 1000, outputText: 100 });
const ACTUAL = 1_400_000;

function tracker(
  budgets: Parameters<typeof createTokenTracker>[0]['budgets'],
  storage = createMemoryBudgetStorage(),
) {
  const events: TrackerEvent[] = [];
  const t = createTokenTracker({ prices, budgets, storage, onEvent: (e) => events.push(e) });
  return { t, events, storage };
}

describe('reservations', () => {
  it('reserve, then settle to the real cost', async () => {
    const { t } = tracker([{ id: 'all', limitUsd: '1' }]);
    const r = await t.reserve(request);
    expect(r.status).toBe('reserved');
    if (r.status !== 'reserved') return;
    expect(r.worstCaseNanos).toBe(WORST);
    expect((await t.status())[0]).toMatchObject({ spentNanos: 0, reservedNanos: WORST });
    const s = await r.settle(actual());
    expect(s.cost.nanos).toBe(ACTUAL);
    expect((await t.status())[0]).toMatchObject({
      spentNanos: ACTUAL,
      reservedNanos: 0,
      remainingNanos: 1e9 - ACTUAL,
    });
    await expect(r.settle(actual())).rejects.toMatchObject({ code: 'TOKEN_TRACKER_RESERVATION_CLOSED' });
    await r.release(); // a no-op once settled
    expect((await t.status())[0]?.spentNanos).toBe(ACTUAL);
  });

  it('release on failure gives the budget back', async () => {
    const { t } = tracker([{ id: 'tight', limitUsd: '0.002' }]);
    const r = await t.reserve(request);
    await expect(t.reserve(request)).rejects.toBeInstanceOf(BudgetExceededError);
    if (r.status === 'reserved') await r.release();
    expect((await t.reserve(request)).status).toBe('reserved');
  });

  it('settles at the worst case and throws when the real cost cannot be computed', async () => {
    const { t } = tracker([{ id: 'all', limitUsd: '1' }]);
    const r = await t.reserve(request);
    const u = actual();
    u.parts = [{ model: 'unpriced-advisor', kind: 'advisor_message', buckets: u.buckets }];
    if (r.status === 'reserved')
      await expect(r.settle(u)).rejects.toMatchObject({ code: 'TOKEN_TRACKER_UNKNOWN_MODEL' });
    expect((await t.status())[0]).toMatchObject({ spentNanos: WORST, reservedNanos: 0 });
  });

  it('under 100 concurrent calls no budget is exceeded by more than one worst case', async () => {
    // limits that are not multiples of the worst case, several budgets at once
    const budgets = [
      { id: 'global', limitUsd: '0.0413' },
      { id: 'provider', limitUsd: '0.0297', provider: 'p' },
      { id: 'model', limitUsd: '0.05', model: 'm' },
      { id: 'run', limitUsd: '0.0333', perRun: true },
    ];
    const { t } = tracker(budgets);
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let made = 0;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, Math.floor(random() * 5)));
        const r = await t.reserve({ ...request, runId: 'run-1' });
        if (r.status !== 'reserved') return;
        made++;
        await new Promise((res) => setTimeout(res, Math.floor(random() * 5)));
        if (i % 7 === 0) return r.release(); // a failed call
        await r.settle(actual());
      }),
    );
    const status = await t.status({ ...call, runId: 'run-1' });
    for (const s of status) {
      expect(s.reservedNanos).toBe(0);
      expect(s.spentNanos).toBeLessThanOrEqual(s.limitNanos + WORST);
      // and with worst cases that hold, not at all
      expect(s.spentNanos).toBeLessThanOrEqual(s.limitNanos);
    }
    const rejected = outcomes.filter((o) => o.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const o of rejected) expect((o as PromiseRejectedResult).reason).toBeInstanceOf(BudgetExceededError);
    // the tightest budget (provider, $0.0297) admits 14 worst cases at once; released calls make room for more
    expect(made).toBeGreaterThanOrEqual(14);
  });

  it('without reservations, the same check-then-spend overspends (why reservations exist)', async () => {
    const { t } = tracker([{ id: 'global', limitUsd: '0.01', action: 'warn' }]);
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        const [s] = await t.status();
        if (s && s.spentNanos + WORST > s.limitNanos) return;
        await new Promise((r) => setTimeout(r, 1));
        await t.record(call, actual());
      }),
    );
    expect((await t.status())[0]!.spentNanos).toBeGreaterThan(1e7 + WORST);
  });
});

describe('budget actions', () => {
  it('fail: one typed BudgetExceededError with the budget, the spend and the limit', async () => {
    const { t, events } = tracker([{ id: 'daily', limitUsd: '0.003', window: 'day' }]);
    const r = await t.reserve(request);
    if (r.status === 'reserved') await r.settle(actual());
    const error = await t.reserve(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    const e = error as BudgetExceededError;
    expect(e.code).toBe('TOKEN_TRACKER_BUDGET_EXCEEDED');
    expect(e.retryable).toBe(false);
    expect(e.budget).toMatchObject({ id: 'daily', window: 'day', action: 'fail' });
    expect([e.spentNanos, e.reservedNanos, e.limitNanos, e.requestedNanos]).toEqual([
      ACTUAL,
      0,
      3_000_000,
      WORST,
    ]);
    expect(e.message).toContain('$0.0014');
    expect(e.message).toContain('$0.003');
    expect(events.filter((x) => x.type === 'budget-exceeded')).toHaveLength(1);
  });

  it('skip: the call is not made, the reservation says why', async () => {
    const { t } = tracker([{ id: 'small', limitUsd: '0.001', action: 'skip' }]);
    const r = await t.reserve(request);
    expect(r.status).toBe('skipped');
    if (r.status === 'skipped') expect(r.error.budget.id).toBe('small');
    expect((await t.status())[0]?.reservedNanos).toBe(0);
  });

  it('warn: the call goes ahead, with an event', async () => {
    const { t, events } = tracker([{ id: 'soft', limitUsd: '0.001', action: 'warn' }]);
    const r = await t.reserve(request);
    expect(r.status).toBe('reserved');
    if (r.status === 'reserved') expect(r.exceeded.map((e) => e.budget.id)).toEqual(['soft']);
    expect(events).toEqual([expect.objectContaining({ type: 'budget-exceeded', action: 'warn' })]);
  });

  it('the strictest action wins when several budgets do not fit', async () => {
    const { t } = tracker([
      { id: 'a', limitUsd: '0.001', action: 'skip' },
      { id: 'b', limitUsd: '0.001', action: 'fail' },
    ]);
    await expect(t.reserve(request)).rejects.toMatchObject({ budget: { id: 'b' } });
  });

  it('provider, model and per-run budgets apply only to their calls', async () => {
    const { t } = tracker([
      { id: 'prov', limitUsd: '0.002', provider: 'P' },
      { id: 'mod', limitUsd: '0.002', model: 'other' },
      { id: 'run', limitUsd: '0.002', perRun: true },
    ]);
    const r1 = await t.reserve({ ...request, runId: 'a' });
    expect(r1.status).toBe('reserved');
    await expect(t.reserve({ ...request, runId: 'b' })).rejects.toMatchObject({ budget: { id: 'prov' } });
    const r2 = await t.reserve({ ...request, provider: 'q', model: 'other', runId: 'b' });
    expect(r2.status).toBe('reserved');
    await expect(t.reserve({ ...request, provider: 'q', model: 'other', runId: 'c' })).rejects.toMatchObject({
      budget: { id: 'mod' },
    });
    await expect(t.reserve({ ...request, provider: 'q', runId: 'a' })).rejects.toMatchObject({
      budget: { id: 'run', runId: 'a' },
    });
    await expect(t.reserve({ ...request, provider: 'q' })).rejects.toMatchObject({
      code: 'TOKEN_TRACKER_INVALID_CONFIG',
    });
  });

  it('validates budgets once, naming every bad field', () => {
    expect(() =>
      createTokenTracker({
        prices,
        budgets: [
          { id: 'x', limitUsd: '-1' },
          { id: 'x', limitUsd: 1, window: 'year' as 'day' },
        ],
      }),
    ).toThrow(/budgets\.0\.limitUsd[\s\S]*budgets\.1\.window[\s\S]*budgets\.1\.id/);
  });

  it('keeps counters in the storage: a second tracker (a later run) sees the spend', async () => {
    const storage = createMemoryBudgetStorage();
    const first = tracker([{ id: 'm', limitUsd: '0.002', window: 'month' }], storage);
    await first.t.record(call, actual());
    const second = tracker([{ id: 'm', limitUsd: '0.002', window: 'month' }], storage);
    expect((await second.t.status())[0]?.spentNanos).toBe(ACTUAL);
    await expect(second.t.reserve(request)).rejects.toBeInstanceOf(BudgetExceededError);
  });
});

describe('windows and thresholds (fake timers, UTC)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-05-31T23:58:00.000Z')); // a Sunday, the last day of May
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('daily, weekly and monthly windows reset across the month boundary, several at once', async () => {
    const { t } = tracker([
      { id: 'day', limitUsd: '0.003', window: 'day' },
      { id: 'week', limitUsd: '0.01', window: 'week' },
      { id: 'month', limitUsd: '0.005', window: 'month' },
      { id: 'ever', limitUsd: '1' },
    ]);
    await t.record(call, actual());
    await t.record(call, actual()); // 0.0028 today
    await expect(t.reserve(request)).rejects.toMatchObject({ budget: { id: 'day' } });
    vi.setSystemTime(new Date('2026-06-01T00:00:30.000Z')); // Monday 1 June: new day, week and month
    const status = Object.fromEntries((await t.status()).map((s) => [s.budget.id, s]));
    expect(status.day).toMatchObject({ spentNanos: 0, budget: { windowStart: '2026-06-01T00:00:00.000Z' } });
    expect(status.week).toMatchObject({ spentNanos: 0, budget: { windowStart: '2026-06-01T00:00:00.000Z' } });
    expect(status.month).toMatchObject({
      spentNanos: 0,
      budget: { windowStart: '2026-06-01T00:00:00.000Z' },
    });
    expect(status.ever).toMatchObject({ spentNanos: 2 * ACTUAL, budget: { windowStart: null } });
    const r = await t.reserve(request);
    expect(r.status).toBe('reserved');
    // two more days: the week (from Monday) and the month keep counting, the day resets
    if (r.status === 'reserved') await r.settle(actual());
    vi.setSystemTime(new Date('2026-06-03T12:00:00.000Z'));
    const later = Object.fromEntries((await t.status()).map((s) => [s.budget.id, s.spentNanos]));
    expect(later).toEqual({ day: 0, week: ACTUAL, month: ACTUAL, ever: 3 * ACTUAL });
  });

  it('alert thresholds fire once per window, as events', async () => {
    const { t, events } = tracker([
      { id: 'day', limitUsd: '0.005', window: 'day', alertThresholds: [50, 80, 100] },
    ]);
    const fired = () =>
      events.flatMap((e) =>
        e.type === 'threshold' ? [`${e.budget.windowStart?.slice(0, 10)}:${e.thresholdPercent}`] : [],
      );
    await t.record(call, actual()); // 28%
    expect(fired()).toEqual([]);
    await t.record(call, actual()); // 56%
    expect(fired()).toEqual(['2026-05-31:50']);
    await t.record(call, actual()); // 84%
    await t.record(call, usageFromBuckets({ inputUncached: 100 })); // 86%: nothing new
    expect(fired()).toEqual(['2026-05-31:50', '2026-05-31:80']);
    const r = await t.reserve({ ...request, maxOutputTokens: 0, inputTokens: 700 }); // fits exactly
    if (r.status === 'reserved') await r.settle(usageFromBuckets({ inputUncached: 700 })); // 100%
    await t.record(call, actual());
    expect(fired()).toEqual(['2026-05-31:50', '2026-05-31:80', '2026-05-31:100']);
    vi.setSystemTime(new Date('2026-06-01T08:00:00.000Z'));
    await t.record(call, actual());
    await t.record(call, actual());
    expect(fired()).toEqual(['2026-05-31:50', '2026-05-31:80', '2026-05-31:100', '2026-06-01:50']);
  });

  it('an unsettled reservation stops holding budget after its TTL', async () => {
    const t = createTokenTracker({
      prices,
      budgets: [{ id: 'b', limitUsd: '0.002' }],
      reservationTtlMs: 60_000,
    });
    await t.reserve(request); // its process "dies": never settled
    await expect(t.reserve(request)).rejects.toBeInstanceOf(BudgetExceededError);
    vi.advanceTimersByTime(60_001);
    expect((await t.reserve(request)).status).toBe('reserved');
  });
});
