// The BudgetStorage contract as a vitest suite. Every implementation runs it (the in-memory storage
// here, the PostgreSQL/PGlite storage of @jobintel/store). It tests only what the contract promises.
// This entry imports vitest (an optional peer dependency); the main entry does not.
import { afterEach, describe, expect, it } from 'vitest';
import type { BudgetLine, BudgetStorage, ReservationRecord } from './storage.js';

/** What the factory of `budgetStorageConformance` returns: a fresh, empty storage. */
export interface StorageUnderTest {
  storage: BudgetStorage;
  /** A second storage over the same data, as a new process would open it (enables the reopen test). */
  reopen?(): Promise<BudgetStorage>;
  /** Removes the data; called after each test. */
  cleanup?(): Promise<void>;
}

const T0 = new Date('2026-05-31T23:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3_600_000;

const line = (key: string, limitNanos: number, enforce = true): BudgetLine => ({
  key,
  budgetId: key.split('|')[0] ?? key,
  windowStart: null,
  limitNanos,
  enforce,
});
let seq = 0;
const res = (
  amountNanos: number,
  lines: BudgetLine[],
  over: Partial<ReservationRecord> = {},
): ReservationRecord => ({
  id: `r-${++seq}`,
  amountNanos,
  lines,
  expiresAt: later(HOUR).toISOString(),
  ...over,
});
const pick = (cs: { spentNanos: number; reservedNanos: number }[] | null) =>
  cs?.map((c) => [c.spentNanos, c.reservedNanos]) ?? null;

/**
 * Registers the budget storage contract as vitest tests. `factory` is called once per test and must
 * return a fresh, empty storage:
 *
 *     budgetStorageConformance('memory', () => ({ storage: createMemoryBudgetStorage() }));
 */
export function budgetStorageConformance(
  name: string,
  factory: () => StorageUnderTest | Promise<StorageUnderTest>,
): void {
  describe(`budget storage conformance: ${name}`, () => {
    const opened: StorageUnderTest[] = [];
    const open = async () => {
      const under = await factory();
      opened.push(under);
      return under;
    };
    afterEach(async () => {
      for (const under of opened.splice(0)) await under.cleanup?.();
    });

    it('records a reservation that fits and reports the counters it saw', async () => {
      const { storage } = await open();
      const out = await storage.reserve(res(300, [line('a|*|total', 1000), line('b|*|total', 5000)]), T0);
      expect(out.ok).toBe(true);
      expect(pick(out.counters)).toEqual([
        [0, 300],
        [0, 300],
      ]);
      expect(pick(await storage.counters(['b|*|total', 'a|*|total', 'unknown'], T0))).toEqual([
        [0, 300],
        [0, 300],
        [0, 0],
      ]);
    });

    it('fits exactly at the limit and refuses one nano more, recording nothing on any line', async () => {
      const { storage } = await open();
      expect((await storage.reserve(res(600, [line('a|*|total', 1000)]), T0)).ok).toBe(true);
      const fits = await storage.reserve(res(400, [line('a|*|total', 1000)]), T0);
      expect(fits.ok).toBe(true);
      const refused = await storage.reserve(
        res(1, [line('big|*|total', 10_000), line('a|*|total', 1000)]),
        T0,
      );
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.blocked).toEqual(['a|*|total']);
      expect(pick(await storage.counters(['a|*|total', 'big|*|total'], T0))).toEqual([
        [0, 1000],
        [0, 0],
      ]);
    });

    it('never blocks on a line that is not enforced, and still counts it', async () => {
      const { storage } = await open();
      const out = await storage.reserve(res(5000, [line('w|*|total', 1000, false)]), T0);
      expect(out.ok).toBe(true);
      expect(pick(out.counters)).toEqual([[0, 5000]]);
    });

    it('a reservation larger than the limit never fits, even on an empty budget', async () => {
      const { storage } = await open();
      expect((await storage.reserve(res(1001, [line('a|*|total', 1000)]), T0)).ok).toBe(false);
    });

    it('settles to the actual amount once: reserved becomes spent, a second settle is null', async () => {
      const { storage } = await open();
      const r = res(500, [line('a|*|total', 1000), line('b|*|total', 1000)]);
      await storage.reserve(r, T0);
      expect(pick(await storage.settle(r.id, 120, T0))).toEqual([
        [120, 0],
        [120, 0],
      ]);
      expect(await storage.settle(r.id, 120, T0)).toBeNull();
      expect(pick(await storage.counters(['a|*|total'], T0))).toEqual([[120, 0]]);
    });

    it('settles above the reservation too (the spend is what it is)', async () => {
      const { storage } = await open();
      const r = res(100, [line('a|*|total', 1000)]);
      await storage.reserve(r, T0);
      expect(pick(await storage.settle(r.id, 1500, T0))).toEqual([[1500, 0]]);
      expect((await storage.reserve(res(1, [line('a|*|total', 1000)]), T0)).ok).toBe(false);
    });

    it('release gives the reservation back; unknown ids answer false / null', async () => {
      const { storage } = await open();
      const r = res(700, [line('a|*|total', 1000)]);
      await storage.reserve(r, T0);
      expect(await storage.release(r.id, T0)).toBe(true);
      expect(await storage.release(r.id, T0)).toBe(false);
      expect(await storage.settle(r.id, 10, T0)).toBeNull();
      expect(await storage.settle('never-reserved', 10, T0)).toBeNull();
      expect(pick(await storage.counters(['a|*|total'], T0))).toEqual([[0, 0]]);
      expect((await storage.reserve(res(1000, [line('a|*|total', 1000)]), T0)).ok).toBe(true);
    });

    it('an expired reservation stops holding budget, but a late settle still records the spend', async () => {
      const { storage } = await open();
      const r = res(800, [line('a|*|total', 1000)], { expiresAt: later(60_000).toISOString() });
      await storage.reserve(r, T0);
      expect((await storage.reserve(res(300, [line('a|*|total', 1000)]), later(30_000))).ok).toBe(false);
      const after = later(61_000);
      expect(pick(await storage.counters(['a|*|total'], after))).toEqual([[0, 0]]);
      expect(pick(await storage.settle(r.id, 250, after))).toEqual([[250, 0]]);
    });

    it('refuses a reservation id that is still open', async () => {
      const { storage } = await open();
      const r = res(1, [line('a|*|total', 1000)]);
      await storage.reserve(r, T0);
      await expect(storage.reserve({ ...r }, T0)).rejects.toThrow();
    });

    it('records spend without a reservation', async () => {
      const { storage } = await open();
      expect(pick(await storage.record([line('a|*|total', 1000), line('b|*|total', 10)], 40, T0))).toEqual([
        [40, 0],
        [40, 0],
      ]);
      expect((await storage.reserve(res(961, [line('a|*|total', 1000)]), T0)).ok).toBe(false);
      expect((await storage.reserve(res(960, [line('a|*|total', 1000)]), T0)).ok).toBe(true);
    });

    it('keeps keys apart (another window or run is another counter)', async () => {
      const { storage } = await open();
      await storage.record([line('d|*|2026-05-31T00:00:00.000Z', 100)], 100, T0);
      expect((await storage.reserve(res(100, [line('d|*|2026-06-01T00:00:00.000Z', 100)]), T0)).ok).toBe(
        true,
      );
      expect((await storage.reserve(res(1, [line('d|*|2026-05-31T00:00:00.000Z', 100)]), T0)).ok).toBe(false);
    });

    it('claims an alert threshold once per key', async () => {
      const { storage } = await open();
      expect(await storage.claimAlert('a|*|total', 50)).toBe(true);
      expect(await storage.claimAlert('a|*|total', 50)).toBe(false);
      expect(await storage.claimAlert('a|*|total', 80)).toBe(true);
      expect(await storage.claimAlert('a|*|2026-06-01T00:00:00.000Z', 50)).toBe(true);
    });

    it('decides atomically under 100 concurrent reservations: the limit is never passed', async () => {
      const { storage } = await open();
      const lines = [line('tight|*|total', 10_000), line('loose|*|total', 1_000_000)];
      const outs = await Promise.all(Array.from({ length: 100 }, () => storage.reserve(res(700, lines), T0)));
      const ok = outs.filter((o) => o.ok).length;
      expect(ok).toBe(Math.floor(10_000 / 700));
      expect(pick(await storage.counters(['tight|*|total', 'loose|*|total'], T0))).toEqual([
        [0, ok * 700],
        [0, ok * 700],
      ]);
    });

    it('settles concurrently without losing an update', async () => {
      const { storage } = await open();
      const lines = [line('a|*|total', 1_000_000)];
      const rs = Array.from({ length: 50 }, () => res(1000, lines));
      await Promise.all(rs.map((r) => storage.reserve(r, T0)));
      await Promise.all(rs.map((r, i) => (i % 2 ? storage.settle(r.id, 10, T0) : storage.release(r.id, T0))));
      expect(pick(await storage.counters(['a|*|total'], T0))).toEqual([[250, 0]]);
    });

    it('keeps counters, open reservations and alerts when reopened', async (ctx) => {
      const under = await open();
      if (!under.reopen) return ctx.skip();
      const r = res(300, [line('a|*|total', 1000)]);
      await under.storage.reserve(r, T0);
      await under.storage.record([line('a|*|total', 1000)], 100, T0);
      await under.storage.claimAlert('a|*|total', 50);
      const again = await under.reopen();
      expect(pick(await again.counters(['a|*|total'], T0))).toEqual([[100, 300]]);
      expect(pick(await again.settle(r.id, 200, T0))).toEqual([[300, 0]]);
      expect(await again.claimAlert('a|*|total', 50)).toBe(false);
    });
  });
}
