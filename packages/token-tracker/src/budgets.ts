import { z } from 'zod';
import { TokenTrackerError, TokenTrackerErrorCode } from './errors.js';
import { type Decimal, type Nanos, usdToNanos } from './money.js';
import { BUDGET_WINDOWS, type BudgetWindow } from './windows.js';

/** What happens when a call does not fit a budget: throw, go ahead with a warning, or skip the call. */
export type BudgetAction = 'fail' | 'warn' | 'skip';

/** A budget as written in a config. */
export interface BudgetSpec {
  /** Unique; part of the storage key, so keep it stable across runs. */
  id: string;
  /** USD, as a decimal string or number (`"10"`, `2.5`). */
  limitUsd: Decimal;
  /** Default `total` (never resets). */
  window?: BudgetWindow;
  /** Only calls to this provider count (default: every provider). */
  provider?: string;
  /** Only calls to this model count (default: every model). */
  model?: string;
  /** A separate budget for each run (calls must carry a `runId`). */
  perRun?: boolean;
  /** Default `fail`. */
  action?: BudgetAction;
  /** Percentages of the limit that fire a `threshold` event once per window (default 50, 80, 100). */
  alertThresholds?: number[];
}

/** A validated budget. */
export interface Budget {
  id: string;
  limitNanos: Nanos;
  window: BudgetWindow;
  provider: string | null;
  model: string | null;
  perRun: boolean;
  action: BudgetAction;
  alertThresholds: number[];
}

const decimal = z.union([
  z.number().finite().nonnegative(),
  z.string().regex(/^\d+(\.\d+)?$/, 'a decimal number of USD such as "12.50"'),
]);

/** One budget as written in a config (compose it into a config file's schema). */
export const budgetSpecSchema = z
  .object({
    id: z.string().min(1).max(200),
    limitUsd: decimal,
    window: z.enum(BUDGET_WINDOWS).default('total'),
    provider: z.string().min(1).optional(),
    model: z.string().min(1).optional(),
    perRun: z.boolean().default(false),
    action: z.enum(['fail', 'warn', 'skip']).default('fail'),
    alertThresholds: z.array(z.number().positive().max(1000)).default([50, 80, 100]),
  })
  .strict();

/** Validates budgets once, at the edge; every problem is reported with its path. */
export function parseBudgets(input: unknown): Budget[] {
  const parsed = z.array(budgetSpecSchema).safeParse(input);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `budgets.${i.path.join('.')}: ${i.message}`);
  // checked on the raw input, so a duplicate is reported alongside the other problems
  const seen = new Set<unknown>();
  (Array.isArray(input) ? input : []).forEach((b: unknown, i) => {
    const id = (b as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && seen.has(id)) problems.push(`budgets.${i}.id: duplicate budget id "${id}"`);
    seen.add(id);
  });
  if (!parsed.success || problems.length > 0) {
    throw new TokenTrackerError(
      TokenTrackerErrorCode.InvalidConfig,
      `invalid budgets:\n${problems.join('\n')}`,
      {
        details: { problems },
      },
    );
  }
  return parsed.data.map((b) => ({
    id: b.id,
    limitNanos: usdToNanos(b.limitUsd),
    window: b.window,
    provider: b.provider ?? null,
    model: b.model ?? null,
    perRun: b.perRun,
    action: b.action,
    alertThresholds: [...new Set(b.alertThresholds)].sort((x, y) => x - y),
  }));
}
