import { bucketRate, type CostWarning, CostWarningCode, effectiveRates } from './effective-rates.js';
import { attoToNanosCeil, type Nanos, nanosToUsd, toSafeNanos } from './money.js';
import type { PriceTable } from './price-table.js';
import { ratePerMillion, type ServiceTier } from './prices.js';
import {
  inputTokens,
  type NormalizedUsage,
  USAGE_BUCKETS,
  type UsageBucket,
  type UsageBuckets,
} from './usage.js';

export interface CostOptions {
  /** Default `standard`. */
  serviceTier?: ServiceTier;
  /** Helps find the price (`xai` + `grok-4` -> `xai/grok-4`). */
  provider?: string;
}

export interface CostLine {
  bucket: UsageBucket;
  tokens: number;
  /** The rate applied, USD per million tokens (exact decimal). */
  usdPerMillion: string;
  /** tokens x rate, rounded UP to a whole nano-dollar. */
  nanos: Nanos;
}

export interface PartCost {
  /** The model priced (the call's model, or the one an Anthropic iteration names). */
  model: string;
  kind: string;
  /** The price table key and where it came from. */
  priceKey: string;
  priceSource: 'override' | 'builtin' | 'litellm' | 'fallback';
  /** The context-size tier applied (its threshold in prompt tokens), or null. */
  contextTier: number | null;
  serviceTier: ServiceTier;
  /** Non-zero buckets only. */
  lines: CostLine[];
  nanos: Nanos;
}

export interface CostResult {
  /** The sum of every line: integer nano-dollars. */
  nanos: Nanos;
  /** `nanos` as an exact USD decimal string. */
  usd: string;
  parts: PartCost[];
  warnings: CostWarning[];
}

/**
 * The cost of a usage at `model`'s price. Each line (bucket x rate) is computed exactly and rounded up
 * to a whole nano-dollar; the total is the sum of the lines, so it is deterministic and never
 * under-counts by rounding. An unknown model throws `UnknownModelError` unless the table has a
 * fallback price (then a FALLBACK_PRICE warning); a non-zero bucket with no rate throws
 * `TOKEN_TRACKER_MISSING_RATE`. Never a silent $0.
 */
export function computeCost(
  usage: NormalizedUsage | UsageBuckets,
  model: string,
  prices: PriceTable,
  options: CostOptions = {},
): CostResult {
  const parts = 'parts' in usage ? usage.parts : [{ model: null, kind: 'response', buckets: usage }];
  const warnings: CostWarning[] = [];
  const out: PartCost[] = [];
  let total = 0n;
  for (const part of parts) {
    const partModel = part.model ?? model;
    const price = prices.resolve(partModel, options.provider);
    if (price.source === 'fallback') {
      warnings.push({
        code: CostWarningCode.FallbackPrice,
        message: `no price for model "${partModel}"; priced with the configured fallback price`,
        model: partModel,
      });
    }
    const resolved = effectiveRates(price, inputTokens(part.buckets), options.serviceTier ?? 'standard');
    warnings.push(...resolved.warnings);
    const lines: CostLine[] = [];
    let partNanos = 0n;
    for (const bucket of USAGE_BUCKETS) {
      const tokens = part.buckets[bucket];
      if (tokens === 0) continue;
      const rate = bucketRate(resolved, bucket, partModel, warnings);
      const nanos = attoToNanosCeil(BigInt(tokens) * rate);
      partNanos += nanos;
      lines.push({ bucket, tokens, usdPerMillion: ratePerMillion(rate), nanos: toSafeNanos(nanos) });
    }
    total += partNanos;
    out.push({
      model: partModel,
      kind: part.kind,
      priceKey: price.key,
      priceSource: price.source,
      contextTier: resolved.contextTier,
      serviceTier: resolved.serviceTier,
      lines,
      nanos: toSafeNanos(partNanos),
    });
  }
  const nanos = toSafeNanos(total);
  return { nanos, usd: nanosToUsd(nanos), parts: out, warnings };
}
