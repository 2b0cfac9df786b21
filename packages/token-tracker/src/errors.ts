import { CodedError, type CodedErrorOptions } from '@jobintel/runner-core';
import { nanosToUsd } from './format-usd.js';
import type { Nanos } from './money.js';
import type { BudgetWindow } from './windows.js';

/** Stable error codes of the token tracker. Each is listed in docs/token-tracker.md and checked by a test. */
export const TokenTrackerErrorCode = {
  InvalidConfig: 'TOKEN_TRACKER_INVALID_CONFIG',
  UnknownUsageShape: 'TOKEN_TRACKER_UNKNOWN_USAGE_SHAPE',
  UnknownModel: 'TOKEN_TRACKER_UNKNOWN_MODEL',
  MissingRate: 'TOKEN_TRACKER_MISSING_RATE',
  InvalidPriceMap: 'TOKEN_TRACKER_INVALID_PRICE_MAP',
  BudgetExceeded: 'TOKEN_TRACKER_BUDGET_EXCEEDED',
  ReservationClosed: 'TOKEN_TRACKER_RESERVATION_CLOSED',
  DuplicateReservation: 'TOKEN_TRACKER_DUPLICATE_RESERVATION',
  AmountOutOfRange: 'TOKEN_TRACKER_AMOUNT_OUT_OF_RANGE',
} as const;
export type TokenTrackerErrorCode = (typeof TokenTrackerErrorCode)[keyof typeof TokenTrackerErrorCode];

/** Every error this package throws. `code` tells them apart; none is retryable. */
export class TokenTrackerError extends CodedError {
  declare readonly code: TokenTrackerErrorCode;
  constructor(code: TokenTrackerErrorCode, message: string, options: CodedErrorOptions = {}) {
    super(code, message, options);
  }
}

/** No price for the model (and no configured fallback price). Never a silent $0. */
export class UnknownModelError extends TokenTrackerError {
  readonly model: string;
  readonly provider: string | undefined;
  constructor(model: string, provider: string | undefined) {
    super(
      TokenTrackerErrorCode.UnknownModel,
      `no price for model "${model}"${provider ? ` (provider "${provider}")` : ''}: add it to the price overrides, load a LiteLLM price map that has it, or configure a fallback price`,
      { details: { model, provider } },
    );
    this.model = model;
    this.provider = provider;
  }
}

/** A budget in one window (and run), as errors, events and status name it. */
export interface BudgetRef {
  id: string;
  window: BudgetWindow;
  /** ISO start of the window, or null for a `total` budget. */
  windowStart: string | null;
  provider: string | null;
  model: string | null;
  /** The run, for a per-run budget. */
  runId: string | null;
  action: 'fail' | 'warn' | 'skip';
}

/**
 * The one error for "budget exceeded", whatever the budget: which budget, what was already spent and
 * reserved, the limit, and the worst case of the call that did not fit.
 */
export class BudgetExceededError extends TokenTrackerError {
  readonly budget: BudgetRef;
  readonly spentNanos: Nanos;
  readonly reservedNanos: Nanos;
  readonly limitNanos: Nanos;
  readonly requestedNanos: Nanos;
  constructor(
    budget: BudgetRef,
    spentNanos: Nanos,
    reservedNanos: Nanos,
    limitNanos: Nanos,
    requestedNanos: Nanos,
  ) {
    const window = budget.windowStart ? ` (${budget.window} window from ${budget.windowStart})` : '';
    super(
      TokenTrackerErrorCode.BudgetExceeded,
      `budget "${budget.id}"${window} exceeded: spent $${nanosToUsd(spentNanos)} + reserved $${nanosToUsd(reservedNanos)} + this call's worst case $${nanosToUsd(requestedNanos)} > limit $${nanosToUsd(limitNanos)}`,
      { details: { budget, spentNanos, reservedNanos, limitNanos, requestedNanos } },
    );
    this.budget = budget;
    this.spentNanos = spentNanos;
    this.reservedNanos = reservedNanos;
    this.limitNanos = limitNanos;
    this.requestedNanos = requestedNanos;
  }
}
