/**
 * Budget windows, all in UTC so that every process and every database agree: `day` starts at
 * 00:00 UTC, `week` on Monday 00:00 UTC (ISO weeks), `month` on the 1st 00:00 UTC (calendar months),
 * `total` never resets.
 */
export type BudgetWindow = 'total' | 'day' | 'week' | 'month';
export const BUDGET_WINDOWS = ['total', 'day', 'week', 'month'] as const;

/** The start of the window that contains `at`, or null for `total`. */
export function windowStart(window: BudgetWindow, at: Date): Date | null {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  const d = at.getUTCDate();
  switch (window) {
    case 'total':
      return null;
    case 'day':
      return new Date(Date.UTC(y, m, d));
    case 'week': {
      const sinceMonday = (at.getUTCDay() + 6) % 7;
      return new Date(Date.UTC(y, m, d - sinceMonday));
    }
    case 'month':
      return new Date(Date.UTC(y, m, 1));
  }
}

/** The end (exclusive) of the window that starts at `start`. */
export function windowEnd(window: Exclude<BudgetWindow, 'total'>, start: Date): Date {
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth();
  const d = start.getUTCDate();
  if (window === 'day') return new Date(Date.UTC(y, m, d + 1));
  if (window === 'week') return new Date(Date.UTC(y, m, d + 7));
  return new Date(Date.UTC(y, m + 1, 1));
}
