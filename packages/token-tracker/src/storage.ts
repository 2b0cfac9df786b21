import type { Nanos } from './money.js';

/**
 * One budget counter a call touches: a budget, narrowed to a run when it is per run, in one window.
 * The storage treats `key` as opaque; the other fields are there so it can store them for inspection.
 */
export interface BudgetLine {
  /** `<budgetId>|<scope>|<windowStart or "total">`, e.g. `daily|*|2026-05-31T00:00:00.000Z`. */
  key: string;
  budgetId: string;
  /** ISO start of the window, or null for a `total` budget. */
  windowStart: string | null;
  limitNanos: Nanos;
  /** When false (action `warn`), the reservation is recorded even when it does not fit. */
  enforce: boolean;
}

export interface BudgetCounter {
  key: string;
  /** Settled spend. */
  spentNanos: Nanos;
  /** Open (unsettled, unexpired) reservations. */
  reservedNanos: Nanos;
}

export interface ReservationRecord {
  id: string;
  amountNanos: Nanos;
  lines: BudgetLine[];
  /** ISO time after which an unsettled reservation no longer holds budget (its process died). */
  expiresAt: string;
}

export type ReserveOutcome =
  | { ok: true; counters: BudgetCounter[] }
  | { ok: false; counters: BudgetCounter[]; blocked: string[] };

/**
 * Where budget counters live: in memory (`createMemoryBudgetStorage`), or in a database (the store
 * package). Every method must be atomic with respect to every other call on the same storage, also
 * across processes for a shared database: `reserve` decides and records in one step (one transaction
 * with row locks, or one conditional UPDATE), which is what makes budgets hold under concurrency.
 * Run `budgetStorageConformance` from `@jobintel/token-tracker/conformance` against an implementation.
 */
export interface BudgetStorage {
  /**
   * Atomically: when `spent + reserved + amount <= limitNanos` holds for every line with `enforce`,
   * record the reservation on all its lines and answer `ok: true`; otherwise record nothing and list
   * the enforced lines that do not fit in `blocked`. `counters` (one per line, in line order) are the
   * values the decision saw, plus this reservation when it was recorded. Expired reservations do not
   * count. Reusing the id of a reservation that is still known is an error.
   */
  reserve(reservation: ReservationRecord, now: Date): Promise<ReserveOutcome>;
  /**
   * Atomically replaces the reservation by `actualNanos` of spend on each of its lines (also after it
   * expired) and forgets it. Returns the counters of its lines afterwards, or null when the id is
   * unknown (never reserved, released, or settled already): settling twice never counts twice.
   */
  settle(id: string, actualNanos: Nanos, now: Date): Promise<BudgetCounter[] | null>;
  /** Drops the reservation without spend; false when the id is unknown. */
  release(id: string, now: Date): Promise<boolean>;
  /** Adds spend that had no reservation; returns the counters of the lines afterwards. */
  record(lines: BudgetLine[], amountNanos: Nanos, now: Date): Promise<BudgetCounter[]>;
  /** Current counters of the keys, in order (zeros for unknown keys). */
  counters(keys: string[], now: Date): Promise<BudgetCounter[]>;
  /** Atomically marks an alert threshold of a key as fired: true the first time only. */
  claimAlert(key: string, thresholdPercent: number): Promise<boolean>;
}
