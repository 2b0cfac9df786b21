import type { BudgetCounter, BudgetLine, BudgetStorage, ReservationRecord } from '@jobintel/token-tracker';
import { TokenTrackerError, TokenTrackerErrorCode } from '@jobintel/token-tracker';
import { eq, lt, sql } from 'drizzle-orm';
import { type Db, execute, type Queryable } from './driver.js';
import { budgetAlerts, budgetCounters, budgetReservations } from './schema.js';

// An expired reservation stays known this long, so that a late settle still records its spend; then
// it is swept (its process is long gone).
const FORGET_EXPIRED_MS = 7 * 86_400_000;

/**
 * The token tracker's `BudgetStorage` on the registry database (PGlite or PostgreSQL), shared by every
 * process on it. `reserve` locks the counter rows of its lines (in key order, so two reservations never
 * deadlock), sums the open reservations, decides and records in one transaction. Passes the token
 * tracker's storage conformance suite.
 */
export function createDbBudgetStorage(db: Db): BudgetStorage {
  async function ensureCounters(q: Queryable, lines: readonly BudgetLine[], now: Date) {
    if (lines.length === 0) return;
    await q
      .insert(budgetCounters)
      .values(
        lines.map((l) => ({
          key: l.key,
          budgetId: l.budgetId,
          windowStart: l.windowStart === null ? null : new Date(l.windowStart),
          limitNanos: l.limitNanos,
          updatedAt: now,
        })),
      )
      .onConflictDoNothing();
  }

  async function read(
    q: Queryable,
    keys: readonly string[],
    now: Date,
    lock: boolean,
  ): Promise<BudgetCounter[]> {
    if (keys.length === 0) return [];
    const unique = [...new Set(keys)].toSorted();
    const spentRows = await execute<{ key: string; spent: string | number }>(
      q,
      lock
        ? sql`select key, spent_nanos as spent from budget_counters where key in ${unique} order by key for update`
        : sql`select key, spent_nanos as spent from budget_counters where key in ${unique}`,
    );
    const reservedRows = await execute<{ key: string; reserved: string | number }>(
      q,
      sql`select k as key, sum(amount_nanos) as reserved
          from budget_reservations, unnest(keys) as k
          where expires_at > ${now.toISOString()}::timestamptz and k in ${unique}
          group by k`,
    );
    const spent = new Map(spentRows.map((r) => [r.key, Number(r.spent)]));
    const reserved = new Map(reservedRows.map((r) => [r.key, Number(r.reserved)]));
    return keys.map((key) => ({
      key,
      spentNanos: spent.get(key) ?? 0,
      reservedNanos: reserved.get(key) ?? 0,
    }));
  }

  async function addSpend(q: Queryable, lines: readonly BudgetLine[], amount: number, now: Date) {
    await ensureCounters(q, lines, now);
    for (const key of [...new Set(lines.map((l) => l.key))].toSorted()) {
      await q
        .update(budgetCounters)
        .set({ spentNanos: sql`${budgetCounters.spentNanos} + ${amount}`, updatedAt: now })
        .where(eq(budgetCounters.key, key));
    }
  }

  return {
    reserve: (r: ReservationRecord, now: Date) =>
      db.transaction(async (tx) => {
        await tx
          .delete(budgetReservations)
          .where(lt(budgetReservations.expiresAt, new Date(now.getTime() - FORGET_EXPIRED_MS)));
        await ensureCounters(tx, r.lines, now);
        const counters = await read(
          tx,
          r.lines.map((l) => l.key),
          now,
          true,
        );
        const blocked = r.lines
          .filter((l, i) => {
            const c = counters[i] as BudgetCounter;
            return l.enforce && c.spentNanos + c.reservedNanos + r.amountNanos > l.limitNanos;
          })
          .map((l) => l.key);
        if (blocked.length > 0) return { ok: false as const, counters, blocked };
        const inserted = await tx
          .insert(budgetReservations)
          .values({
            id: r.id,
            amountNanos: r.amountNanos,
            keys: r.lines.map((l) => l.key),
            lines: r.lines,
            expiresAt: new Date(r.expiresAt),
            createdAt: now,
          })
          .onConflictDoNothing()
          .returning({ id: budgetReservations.id });
        if (inserted.length === 0) {
          throw new TokenTrackerError(
            TokenTrackerErrorCode.DuplicateReservation,
            `reservation id "${r.id}" is already in use`,
          );
        }
        const live = Date.parse(r.expiresAt) > now.getTime();
        return {
          ok: true as const,
          counters: counters.map((c) =>
            live ? { ...c, reservedNanos: c.reservedNanos + r.amountNanos } : c,
          ),
        };
      }),

    settle: (id, actualNanos, now) =>
      db.transaction(async (tx) => {
        const [gone] = await tx.delete(budgetReservations).where(eq(budgetReservations.id, id)).returning();
        if (!gone) return null;
        const lines = gone.lines as BudgetLine[];
        await addSpend(tx, lines, actualNanos, now);
        return read(
          tx,
          lines.map((l) => l.key),
          now,
          false,
        );
      }),

    async release(id) {
      const gone = await db.delete(budgetReservations).where(eq(budgetReservations.id, id)).returning();
      return gone.length > 0;
    },

    record: (lines, amountNanos, now) =>
      db.transaction(async (tx) => {
        await addSpend(tx, lines, amountNanos, now);
        return read(
          tx,
          lines.map((l) => l.key),
          now,
          false,
        );
      }),

    counters: (keys, now) => read(db, keys, now, false),

    async claimAlert(key, thresholdPercent) {
      const rows = await db
        .insert(budgetAlerts)
        .values({ key, thresholdPercent, firedAt: new Date() })
        .onConflictDoNothing()
        .returning();
      return rows.length > 0;
    },
  };
}
