import {
  type BudgetSpec,
  createPriceTable,
  createTokenTracker,
  type ModelPriceSpec,
} from '@jobintel/token-tracker';
import { createTrackerAccounting } from '../src/tracker-accounting.js';
import { recordAccounting } from './recording-accounting.js';

/** Pinned test prices, USD per million tokens: $1 input, $0.10 cache read, $2 output. */
export const TEST_PRICE: ModelPriceSpec = { input: 1, cacheRead: 0.1, output: 2 };

/** The real token tracker with pinned prices (and optionally budgets), wrapped to record every event. */
export function testAccounting(
  options: {
    budgets?: BudgetSpec[];
    prices?: Record<string, ModelPriceSpec>;
    fallback?: ModelPriceSpec;
  } = {},
) {
  const prices = createPriceTable({
    builtin: false,
    overrides: options.prices ?? { 'test-model': TEST_PRICE, 'other-model': TEST_PRICE },
    ...(options.fallback ? { fallback: options.fallback } : {}),
  });
  const tracker = createTokenTracker({ prices, budgets: options.budgets ?? [] });
  return { tracker, accounting: recordAccounting(createTrackerAccounting(tracker)) };
}

/** A budget of `limitUsd` over every call. */
export const budget = (limitUsd: string): BudgetSpec[] => [{ id: 'test', limitUsd }];
