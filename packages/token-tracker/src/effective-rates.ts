import { TokenTrackerError, TokenTrackerErrorCode } from './errors.js';
import type { ModelPrice, Rates, ServiceTier, TierPrices } from './prices.js';
import type { UsageBucket } from './usage.js';

export const CostWarningCode = {
  /** An unknown model was priced with the configured fallback price. */
  FallbackPrice: 'FALLBACK_PRICE',
  /** A bucket had no rate of its own and was priced at another rate (e.g. cache read at input). */
  RateFallback: 'RATE_FALLBACK',
  /** The model publishes no rates for the requested service tier; standard rates were used. */
  ServiceTierFallback: 'SERVICE_TIER_FALLBACK',
} as const;
export type CostWarningCode = (typeof CostWarningCode)[keyof typeof CostWarningCode];

export interface CostWarning {
  code: CostWarningCode;
  message: string;
  model: string;
}

/** The rate names tried, in order, for each bucket. Reasoning at the output rate is the norm. */
const CHAIN: Record<UsageBucket, (keyof Rates)[]> = {
  inputUncached: ['input'],
  cacheRead: ['cacheRead', 'input'],
  cacheWrite5m: ['cacheWrite5m', 'input'],
  cacheWrite1h: ['cacheWrite1h', 'cacheWrite5m', 'input'],
  outputText: ['output'],
  outputReasoning: ['reasoning', 'output'],
};
const SILENT_FALLBACK: Partial<Record<UsageBucket, keyof Rates>> = { outputReasoning: 'output' };

export interface Resolved {
  rates: Rates;
  /** The context tier applied (its threshold), or null. */
  contextTier: number | null;
  serviceTier: ServiceTier;
  warnings: CostWarning[];
}

/** Every tier the prompt exceeds, lowest first, overlaid: a field takes the highest tier defining it. */
function reachedTiers(tiers: TierPrices['contextTiers'], promptTokens: number) {
  const reached = tiers.filter((t) => promptTokens > t.aboveInputTokens);
  const rates: Rates = Object.assign({}, ...reached.map((t) => t.rates));
  return { rates, above: reached.at(-1)?.aboveInputTokens ?? null };
}

/**
 * The rates of a call: standard base, overlaid by the context tiers the prompt size reaches, then by
 * the service tier's base and context tiers. A field a layer does not define keeps the value below it.
 */
export function effectiveRates(price: ModelPrice, promptTokens: number, serviceTier: ServiceTier): Resolved {
  const warnings: CostWarning[] = [];
  const std = reachedTiers(price.contextTiers, promptTokens);
  let rates: Rates = { ...price.rates, ...std.rates };
  let contextTier = std.above;
  let tier = serviceTier;
  if (serviceTier !== 'standard') {
    const sp = price.serviceTiers[serviceTier];
    if (sp) {
      const ctx = reachedTiers(sp.contextTiers, promptTokens);
      rates = { ...rates, ...sp.rates, ...ctx.rates };
      contextTier = ctx.above ?? contextTier;
    } else if (serviceTier === 'priority') {
      // priority costs more than standard: pricing it at standard would under-count
      throw new TokenTrackerError(
        TokenTrackerErrorCode.MissingRate,
        `model "${price.key}" has no priority-tier rates: add them to the price overrides`,
        { details: { model: price.key, serviceTier } },
      );
    } else {
      warnings.push({
        code: CostWarningCode.ServiceTierFallback,
        message: `model "${price.key}" has no ${serviceTier}-tier rates; priced at standard rates (an over-estimate)`,
        model: price.key,
      });
      tier = 'standard';
    }
  }
  return { rates, contextTier, serviceTier: tier, warnings };
}

/** The rate of a bucket, following the fallback chain; a typed error when there is none. */
export function bucketRate(
  resolved: Resolved,
  bucket: UsageBucket,
  model: string,
  warnings: CostWarning[],
): bigint {
  const chain = CHAIN[bucket];
  for (const name of chain) {
    const rate = resolved.rates[name];
    if (rate === undefined) continue;
    if (name !== chain[0] && SILENT_FALLBACK[bucket] !== name) {
      warnings.push({
        code: CostWarningCode.RateFallback,
        message: `model "${model}" has no ${chain[0]} rate; ${bucket} tokens priced at its ${name} rate`,
        model,
      });
    }
    return rate;
  }
  throw new TokenTrackerError(
    TokenTrackerErrorCode.MissingRate,
    `model "${model}" has no rate for ${bucket} tokens (tried ${chain.join(', ')}): add it to the price overrides`,
    { details: { model, bucket, serviceTier: resolved.serviceTier } },
  );
}
