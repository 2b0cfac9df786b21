import { type CostResult, computeCost } from './cost.js';
import { TokenTrackerError, TokenTrackerErrorCode } from './errors.js';
import type { PriceTable } from './price-table.js';
import type { ServiceTier } from './prices.js';
import { emptyBuckets } from './usage.js';

export interface WorstCaseRequest {
  provider?: string;
  model: string;
  serviceTier?: ServiceTier;
  inputTokens: number;
  maxOutputTokens: number;
  cacheWrite?: '5m' | '1h';
}

/**
 * The most a call can cost: every prompt token at the uncached input rate (or at the cache-write
 * rate when `cacheWrite` is set), in the context tier its size reaches, and every output token at
 * the dearer of the output and reasoning rates.
 */
export function worstCaseCost(request: WorstCaseRequest, prices: PriceTable): CostResult {
  for (const [name, v] of [
    ['inputTokens', request.inputTokens],
    ['maxOutputTokens', request.maxOutputTokens],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new TokenTrackerError(
        TokenTrackerErrorCode.InvalidConfig,
        `${name} must be a non-negative integer, got ${v}`,
      );
    }
  }
  const options = {
    ...(request.provider ? { provider: request.provider } : {}),
    ...(request.serviceTier ? { serviceTier: request.serviceTier } : {}),
  };
  const input = emptyBuckets();
  const bucket =
    request.cacheWrite === '1h'
      ? 'cacheWrite1h'
      : request.cacheWrite === '5m'
        ? 'cacheWrite5m'
        : 'inputUncached';
  input[bucket] = request.inputTokens;
  const asText = computeCost(
    { ...input, outputText: request.maxOutputTokens },
    request.model,
    prices,
    options,
  );
  const asReasoning = computeCost(
    { ...input, outputReasoning: request.maxOutputTokens },
    request.model,
    prices,
    options,
  );
  return asReasoning.nanos > asText.nanos ? asReasoning : asText;
}
