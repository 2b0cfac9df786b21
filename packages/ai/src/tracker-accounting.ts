import {
  type ActiveReservation,
  BudgetExceededError,
  estimateTokens,
  type NormalizedUsage,
  normalizeUsage,
  type ServiceTier,
  type TokenTracker,
  usageFromBuckets,
} from '@jobintel/token-tracker';
import type { Accounting, CallEstimate, LlmApi } from './accounting.js';
import { AiError, AiErrorCode } from './errors.js';

export interface TrackerAccountingOptions {
  /** Required when a per-run budget applies. */
  runId?: string;
  serviceTier?: ServiceTier;
}

interface Open {
  active: ActiveReservation;
  call: CallEstimate;
}

/**
 * Accounting over a token tracker: estimates with its tokenizer, reserves the worst case on its
 * budgets, settles with its usage normalisation and prices. A budget that does not fit (a `fail`
 * budget throwing, or a `skip` budget answering `skipped`) becomes `AI_BUDGET_EXCEEDED`.
 */
export function createTrackerAccounting(
  tracker: TokenTracker,
  options: TrackerAccountingOptions = {},
): Accounting {
  const open = new Map<string, Open>();
  const callInfo = (call: CallEstimate) => ({
    provider: call.provider,
    model: call.model,
    ...(options.runId === undefined ? {} : { runId: options.runId }),
    ...(options.serviceTier === undefined ? {} : { serviceTier: options.serviceTier }),
  });
  const take = (id: string): Open => {
    const entry = open.get(id);
    if (!entry) throw new Error(`unknown or closed reservation ${id}`);
    open.delete(id);
    return entry;
  };
  const worstCaseUsage = (call: CallEstimate) =>
    usageFromBuckets({ inputUncached: call.inputTokens, outputText: call.maxOutputTokens });

  return {
    estimateInputTokens: (model, messages) => estimateTokens(messages, { model }).tokens,

    async reserve(call) {
      let reservation: Awaited<ReturnType<TokenTracker['reserve']>>;
      try {
        reservation = await tracker.reserve({
          ...callInfo(call),
          inputTokens: call.inputTokens,
          maxOutputTokens: call.maxOutputTokens,
        });
      } catch (cause) {
        if (cause instanceof BudgetExceededError) {
          throw new AiError(AiErrorCode.BudgetExceeded, cause.message, {
            cause,
            details: { budget: cause.budget.id },
          });
        }
        throw cause;
      }
      if (reservation.status === 'skipped') {
        const { error } = reservation;
        throw new AiError(AiErrorCode.BudgetExceeded, `skipped: ${error.message}`, {
          cause: error,
          details: { budget: error.budget.id },
        });
      }
      open.set(reservation.id, { active: reservation, call });
      return { id: reservation.id };
    },

    async settle(reservation, api: LlmApi, rawUsage) {
      const { active, call } = take(reservation.id);
      const warnings: string[] = [];
      let usage: NormalizedUsage;
      if (rawUsage === undefined) {
        usage = worstCaseUsage(call);
        warnings.push('no usage in the response: the worst case was recorded as the cost');
      } else {
        try {
          usage = normalizeUsage(rawUsage, {
            format: api === 'anthropic-messages' ? 'anthropic' : 'openai-chat',
            provider: call.provider,
            model: call.model,
          });
        } catch (error) {
          usage = worstCaseUsage(call);
          const reason = error instanceof Error ? error.message : String(error);
          warnings.push(`unreadable usage (${reason}): the worst case was recorded as the cost`);
        }
      }
      const { cost } = await active.settle(usage);
      warnings.push(...usage.warnings.map((w) => w.message), ...cost.warnings.map((w) => w.message));
      return { buckets: usage.buckets, totalTokens: usage.total, costNanos: cost.nanos, warnings };
    },

    async release(reservation) {
      await take(reservation.id).active.release();
    },
  };
}
