import { randomUUID } from 'node:crypto';
import { type Logger, silentLogger } from '@jobintel/runner-core';
import { type Budget, type BudgetAction, type BudgetSpec, parseBudgets } from './budgets.js';
import { type CostResult, computeCost } from './cost.js';
import type { CostWarning } from './effective-rates.js';
import { BudgetExceededError, type BudgetRef, TokenTrackerError, TokenTrackerErrorCode } from './errors.js';
import { createMemoryBudgetStorage } from './memory-storage.js';
import type { Nanos } from './money.js';
import type { PriceTable } from './price-table.js';
import type { ServiceTier } from './prices.js';
import type { BudgetCounter, BudgetLine, BudgetStorage } from './storage.js';
import type { NormalizedUsage, UsageWarning } from './usage.js';
import { windowStart } from './windows.js';
import { worstCaseCost } from './worst-case.js';

export interface TokenTrackerOptions {
  prices: PriceTable;
  /** Validated here (`TOKEN_TRACKER_INVALID_CONFIG` lists every problem). */
  budgets?: BudgetSpec[];
  /** Default: in memory (lost with the process). */
  storage?: BudgetStorage;
  /** Thresholds, exceeded `warn`/`skip` budgets, price and usage warnings. Must not throw. */
  onEvent?: (event: TrackerEvent) => void;
  logger?: Logger;
  /** Default `() => new Date()` (fake timers work). */
  now?: () => Date;
  /** How long an unsettled reservation holds budget if its process dies (default 15 minutes). */
  reservationTtlMs?: number;
}

/** The call being accounted. */
export interface CallInfo {
  provider: string;
  model: string;
  /** Required when a per-run budget applies. */
  runId?: string;
  /** Default `standard`. */
  serviceTier?: ServiceTier;
}

export interface ReserveRequest extends CallInfo {
  /** Prompt tokens (see `estimateTokens`). */
  inputTokens: number;
  /** The `max_tokens` / `max_output_tokens` the call sends: the output's worst case. */
  maxOutputTokens: number;
  /** Set when the prompt may be written to the cache: the worst case prices it as cache writes. */
  cacheWrite?: '5m' | '1h';
}

export type TrackerEvent =
  | { type: 'threshold'; budget: BudgetRef; thresholdPercent: number; spentNanos: Nanos; limitNanos: Nanos }
  | { type: 'budget-exceeded'; action: BudgetAction; error: BudgetExceededError }
  | { type: 'cost-warning'; call: CallInfo; warning: CostWarning }
  | { type: 'usage-warning'; call: CallInfo; warning: UsageWarning };

export interface Settlement {
  usage: NormalizedUsage;
  cost: CostResult;
}

export interface ActiveReservation {
  status: 'reserved';
  id: string;
  worstCaseNanos: Nanos;
  /** `warn` budgets this call goes past (it was allowed). */
  exceeded: BudgetExceededError[];
  /**
   * Replaces the reservation by the real cost. If the cost cannot be computed (no rate for a model an
   * iteration names), the worst case is recorded as spend and the error is thrown.
   */
  settle(usage: NormalizedUsage): Promise<Settlement>;
  /** Gives the reservation back (the call failed before any usage). A no-op once settled or released. */
  release(): Promise<void>;
}

/** A `skip` budget did not fit: do not make the call. */
export interface SkippedReservation {
  status: 'skipped';
  worstCaseNanos: Nanos;
  error: BudgetExceededError;
}

export type Reservation = ActiveReservation | SkippedReservation;

export interface BudgetStatus {
  budget: BudgetRef;
  limitNanos: Nanos;
  spentNanos: Nanos;
  reservedNanos: Nanos;
  /** `limit - spent - reserved`, at least 0. */
  remainingNanos: Nanos;
}

export interface TokenTracker {
  readonly prices: PriceTable;
  /** The cost of a finished call (no budgets touched). */
  cost(call: CallInfo, usage: NormalizedUsage): CostResult;
  /** The worst-case cost a reservation would hold. */
  worstCase(request: ReserveRequest): CostResult;
  /**
   * Reserves the worst case on every budget that applies, atomically in the storage. Throws
   * `BudgetExceededError` when a `fail` budget does not fit; answers `skipped` when only `skip`
   * budgets do not fit; goes ahead (with a `budget-exceeded` event) past `warn` budgets.
   */
  reserve(request: ReserveRequest): Promise<Reservation>;
  /** Records the spend of a call made without a reservation. */
  record(call: CallInfo, usage: NormalizedUsage): Promise<Settlement>;
  /** Budgets that apply to the filter, in their current window. */
  status(filter?: Partial<CallInfo>): Promise<BudgetStatus[]>;
}

const STRICTNESS: Record<BudgetAction, number> = { warn: 0, skip: 1, fail: 2 };

export function createTokenTracker(options: TokenTrackerOptions): TokenTracker {
  const budgets = parseBudgets(options.budgets ?? []);
  const storage = options.storage ?? createMemoryBudgetStorage();
  const now = options.now ?? (() => new Date());
  const ttl = options.reservationTtlMs ?? 15 * 60_000;
  if (!Number.isSafeInteger(ttl) || ttl <= 0) {
    throw new TokenTrackerError(
      TokenTrackerErrorCode.InvalidConfig,
      `reservationTtlMs must be a positive integer of milliseconds, got ${ttl}`,
    );
  }
  const logger = options.logger ?? silentLogger;
  const emit = (event: TrackerEvent) => {
    try {
      options.onEvent?.(event);
    } catch (error) {
      logger.error({ err: error, event: event.type }, 'token-tracker: onEvent threw');
    }
  };

  const same = (a: string | null, b: string | undefined) =>
    a === null || a.toLowerCase() === b?.toLowerCase();
  const lineFor = (b: Budget, call: Partial<CallInfo>, at: Date) => {
    if (b.perRun && !call.runId) {
      throw new TokenTrackerError(
        TokenTrackerErrorCode.InvalidConfig,
        `budget "${b.id}" is per run: pass a runId with the call`,
      );
    }
    const start = windowStart(b.window, at)?.toISOString() ?? null;
    const runId = b.perRun ? (call.runId ?? null) : null;
    const ref: BudgetRef = {
      id: b.id,
      window: b.window,
      windowStart: start,
      provider: b.provider,
      model: b.model,
      runId,
      action: b.action,
    };
    const line: BudgetLine = {
      key: `${b.id}|${runId === null ? '*' : `run=${runId}`}|${start ?? 'total'}`,
      budgetId: b.id,
      windowStart: start,
      limitNanos: b.limitNanos,
      enforce: b.action !== 'warn',
    };
    return { budget: b, ref, line };
  };
  const applicable = (call: Partial<CallInfo>, at: Date) =>
    budgets
      .filter((b) => same(b.provider, call.provider) && same(b.model, call.model))
      .map((b) => lineFor(b, call, at));

  const costOf = (call: CallInfo, usage: NormalizedUsage) => {
    const cost = computeCost(usage, call.model, options.prices, {
      provider: call.provider,
      ...(call.serviceTier ? { serviceTier: call.serviceTier } : {}),
    });
    for (const warning of usage.warnings) emit({ type: 'usage-warning', call, warning });
    for (const warning of cost.warnings) emit({ type: 'cost-warning', call, warning });
    return cost;
  };

  const alerts = async (lines: ReturnType<typeof lineFor>[], counters: BudgetCounter[]) => {
    for (const [i, { budget, ref, line }] of lines.entries()) {
      const spent = counters[i]?.spentNanos ?? 0;
      for (const t of budget.alertThresholds) {
        // spent / limit >= t / 100, in integers
        if (BigInt(spent) * 100_000n < BigInt(Math.round(t * 1000)) * BigInt(line.limitNanos)) break;
        if (await storage.claimAlert(line.key, t)) {
          emit({
            type: 'threshold',
            budget: ref,
            thresholdPercent: t,
            spentNanos: spent,
            limitNanos: line.limitNanos,
          });
          logger.info(
            { budget: ref.id, thresholdPercent: t, spentNanos: spent },
            'token-tracker: budget threshold',
          );
        }
      }
    }
  };

  const exceeded = (
    l: ReturnType<typeof lineFor>,
    c: BudgetCounter | undefined,
    requested: Nanos,
    counted: boolean,
  ) =>
    new BudgetExceededError(
      l.ref,
      c?.spentNanos ?? 0,
      (c?.reservedNanos ?? 0) - (counted ? requested : 0),
      l.line.limitNanos,
      requested,
    );

  return {
    prices: options.prices,
    cost: costOf,
    worstCase: (request) => worstCaseCost(request, options.prices),

    async reserve(request) {
      const worst = worstCaseCost(request, options.prices).nanos;
      const at = now();
      const lines = applicable(request, at);
      const id = randomUUID();
      const outcome = await storage.reserve(
        {
          id,
          amountNanos: worst,
          lines: lines.map((l) => l.line),
          expiresAt: new Date(at.getTime() + ttl).toISOString(),
        },
        at,
      );
      if (!outcome.ok) {
        const blocked = lines
          .map((l, i) => ({ l, c: outcome.counters[i] }))
          .filter(({ l }) => outcome.blocked.includes(l.line.key))
          .sort((a, b) => STRICTNESS[b.l.budget.action] - STRICTNESS[a.l.budget.action]);
        const first = blocked[0];
        if (!first) throw new Error(`storage blocked unknown keys: ${outcome.blocked.join(', ')}`);
        const error = exceeded(first.l, first.c, worst, false);
        emit({ type: 'budget-exceeded', action: first.l.budget.action, error });
        logger.warn({ budget: first.l.ref.id, action: first.l.budget.action }, error.message);
        if (first.l.budget.action === 'fail') throw error;
        return { status: 'skipped', worstCaseNanos: worst, error };
      }
      const over = lines
        .map((l, i) => ({ l, c: outcome.counters[i] }))
        .filter(
          ({ l, c }) =>
            !l.line.enforce && c !== undefined && c.spentNanos + c.reservedNanos > l.line.limitNanos,
        )
        .map(({ l, c }) => exceeded(l, c, worst, true));
      for (const error of over) emit({ type: 'budget-exceeded', action: 'warn', error });
      let closed = false;
      const settleWith = async (nanos: Nanos) => {
        const counters = await storage.settle(id, nanos, now());
        if (counters) await alerts(lines, counters);
      };
      return {
        status: 'reserved',
        id,
        worstCaseNanos: worst,
        exceeded: over,
        async settle(usage) {
          if (closed) {
            throw new TokenTrackerError(
              TokenTrackerErrorCode.ReservationClosed,
              `reservation ${id} is already settled or released`,
            );
          }
          closed = true;
          let cost: CostResult;
          try {
            cost = costOf(request, usage);
          } catch (error) {
            await settleWith(worst);
            throw error;
          }
          await settleWith(cost.nanos);
          return { usage, cost };
        },
        async release() {
          if (closed) return;
          closed = true;
          await storage.release(id, now());
        },
      };
    },

    async record(call, usage) {
      const cost = costOf(call, usage);
      const at = now();
      const lines = applicable(call, at);
      const counters = await storage.record(
        lines.map((l) => l.line),
        cost.nanos,
        at,
      );
      await alerts(lines, counters);
      return { usage, cost };
    },

    async status(filter = {}) {
      const at = now();
      const lines = budgets
        .filter(
          (b) =>
            (!b.perRun || filter.runId) &&
            (filter.provider === undefined || same(b.provider, filter.provider)),
        )
        .filter((b) => filter.model === undefined || same(b.model, filter.model))
        .map((b) => lineFor(b, filter, at));
      const counters = await storage.counters(
        lines.map((l) => l.line.key),
        at,
      );
      return lines.map((l, i) => {
        const c = counters[i] ?? { spentNanos: 0, reservedNanos: 0 };
        return {
          budget: l.ref,
          limitNanos: l.line.limitNanos,
          spentNanos: c.spentNanos,
          reservedNanos: c.reservedNanos,
          remainingNanos: Math.max(0, l.line.limitNanos - c.spentNanos - c.reservedNanos),
        };
      });
    },
  };
}
