// The public surface: usage normalisation, prices and cost, token estimates, budgets and reservations,
// storage, errors. See docs/token-tracker.md.
export type { Budget, BudgetAction, BudgetSpec } from './budgets.js';
export { budgetSpecSchema, parseBudgets } from './budgets.js';
export { BUILTIN_PRICES, BUILTIN_PRICES_AS_OF } from './builtin-prices.js';
export type { CostLine, CostOptions, CostResult, PartCost } from './cost.js';
export { computeCost } from './cost.js';
export type { CostWarning } from './effective-rates.js';
export { CostWarningCode } from './effective-rates.js';
export type { BudgetRef } from './errors.js';
export {
  BudgetExceededError,
  TokenTrackerError,
  TokenTrackerErrorCode,
  UnknownModelError,
} from './errors.js';
export type { EstimateMessage, EstimateOptions, TokenEstimate } from './estimate.js';
export { approximateTokens, estimateTokens } from './estimate.js';
export type { LiteLLMPrices } from './litellm.js';
export { loadLiteLLMPrices, parseLiteLLMPrices } from './litellm.js';
export { createMemoryBudgetStorage } from './memory-storage.js';
export type { Decimal, Nanos } from './money.js';
export { nanosToUsd, usdToNanos } from './money.js';
export type { NormalizeUsageOptions } from './normalize-usage.js';
export { detectUsageFormat, normalizeResponseUsage, normalizeUsage } from './normalize-usage.js';
export type { PriceTable, PriceTableOptions } from './price-table.js';
export { createPriceTable } from './price-table.js';
export type { ModelPrice, ModelPriceSpec, RatesSpec, ServiceTier } from './prices.js';
export type {
  BudgetCounter,
  BudgetLine,
  BudgetStorage,
  ReservationRecord,
  ReserveOutcome,
} from './storage.js';
export type {
  ActiveReservation,
  BudgetStatus,
  CallInfo,
  Reservation,
  ReserveRequest,
  Settlement,
  SkippedReservation,
  TokenTracker,
  TokenTrackerOptions,
  TrackerEvent,
} from './tracker.js';
export { createTokenTracker } from './tracker.js';
export type {
  NormalizedUsage,
  UsageBucket,
  UsageBuckets,
  UsageFormat,
  UsagePart,
  UsageWarning,
} from './usage.js';
export { addUsage, emptyBuckets, USAGE_BUCKETS, UsageWarningCode, usageFromBuckets } from './usage.js';
export type { UsageAccumulator } from './usage-stream.js';
export { createUsageAccumulator } from './usage-stream.js';
export type { BudgetWindow } from './windows.js';
export { windowEnd, windowStart } from './windows.js';
export type { WorstCaseRequest } from './worst-case.js';
export { worstCaseCost } from './worst-case.js';
