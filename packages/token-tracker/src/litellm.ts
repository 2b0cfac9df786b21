import { readFile } from 'node:fs/promises';
import { TokenTrackerError, TokenTrackerErrorCode } from './errors.js';
import { parseDecimal } from './money.js';
import type { ContextTier, ModelPrice, RateName, Rates, ServiceTier, TierPrices } from './prices.js';
import { isObject, type Json } from './read-fields.js';

/** A LiteLLM-format price map, loaded. */
export interface LiteLLMPrices {
  prices: Map<string, ModelPrice>;
  /** Top-level keys that are not models (`last_updated`, `sample_spec`, ...), with the reason. */
  skipped: { key: string; reason: string }[];
  /** Fields that could not be read (the rest of their entry loaded). */
  issues: { key: string; field: string; reason: string }[];
}

/** LiteLLM field (USD per token) -> our rate name. */
const FIELDS: Record<string, RateName> = {
  input_cost_per_token: 'input',
  output_cost_per_token: 'output',
  cache_read_input_token_cost: 'cacheRead',
  input_cost_per_token_cache_hit: 'cacheRead',
  cache_creation_input_token_cost: 'cacheWrite5m',
  cache_creation_input_token_cost_above_1hr: 'cacheWrite1h',
  output_cost_per_reasoning_token: 'reasoning',
};
const TIER_SUFFIX: Record<string, Exclude<ServiceTier, 'standard'>> = {
  batches: 'batch',
  priority: 'priority',
  flex: 'flex',
};
// <field>[_above_<N>k_tokens][_batches|_priority|_flex]
const FIELD = /^(.+?)(?:_above_(\d+(?:\.\d+)?)k_tokens)?(?:_(batches|priority|flex))?$/;
const NOT_MODELS = new Set(['sample_spec']);

/** Reads a LiteLLM map file (`model_prices_and_context_window.json`). */
export async function loadLiteLLMPrices(path: string | URL): Promise<LiteLLMPrices> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new TokenTrackerError(
      TokenTrackerErrorCode.InvalidPriceMap,
      `cannot read the price map ${String(path)}`,
      {
        cause,
      },
    );
  }
  return parseLiteLLMPrices(json);
}

/**
 * Loads every model entry of a LiteLLM-format map. Types are coerced (numbers may be ints, floats or
 * numeric strings); a field that cannot be read is listed in `issues` and the rest of its entry loads.
 * Per-image, per-second and other non-token prices are not read.
 */
export function parseLiteLLMPrices(json: unknown): LiteLLMPrices {
  if (!isObject(json)) {
    throw new TokenTrackerError(
      TokenTrackerErrorCode.InvalidPriceMap,
      'a LiteLLM price map must be a JSON object',
    );
  }
  const out: LiteLLMPrices = { prices: new Map(), skipped: [], issues: [] };
  for (const [key, entry] of Object.entries(json)) {
    if (!isObject(entry)) out.skipped.push({ key, reason: `not an object (${typeof entry})` });
    else if (NOT_MODELS.has(key)) out.skipped.push({ key, reason: 'documentation entry' });
    else if (
      typeof entry.litellm_provider !== 'string' &&
      !Object.keys(entry).some((f) => f.includes('cost'))
    )
      out.skipped.push({ key, reason: 'no provider and no prices' });
    else out.prices.set(key, entryPrice(key, entry, out.issues));
  }
  return out;
}

function entryPrice(key: string, entry: Json, issues: LiteLLMPrices['issues']): ModelPrice {
  const std: TierBuilder = new TierBuilder();
  const tiers: Partial<Record<Exclude<ServiceTier, 'standard'>, TierBuilder>> = {};
  for (const [field, value] of Object.entries(entry)) {
    const m = FIELD.exec(field);
    const rate = m?.[1] === undefined ? undefined : FIELDS[m[1]];
    if (!m || rate === undefined) continue;
    const atto = perToken(value);
    if (atto === undefined) {
      issues.push({ key, field, reason: `not a price: ${JSON.stringify(value)}` });
      continue;
    }
    const tierName = m[3] === undefined ? undefined : TIER_SUFFIX[m[3]];
    let builder = std;
    if (tierName !== undefined) {
      builder = tiers[tierName] ?? new TierBuilder();
      tiers[tierName] = builder;
    }
    const above = m[2] === undefined ? null : Math.round(Number(m[2]) * 1000);
    builder.set(rate, above, atto, m[1] === 'input_cost_per_token_cache_hit');
  }
  const price: ModelPrice = { key, source: 'litellm', ...std.build(), serviceTiers: {} };
  for (const [name, b] of Object.entries(tiers)) price.serviceTiers[name as keyof typeof tiers] = b.build();
  if (typeof entry.litellm_provider === 'string') price.provider = entry.litellm_provider;
  if (typeof entry.mode === 'string') price.mode = entry.mode;
  const maxIn = tokenLimit(entry.max_input_tokens);
  const maxOut = tokenLimit(entry.max_output_tokens) ?? tokenLimit(entry.max_tokens);
  if (maxIn !== undefined) price.maxInputTokens = maxIn;
  if (maxOut !== undefined) price.maxOutputTokens = maxOut;
  return price;
}

class TierBuilder {
  private readonly base: Rates = {};
  private readonly ctx = new Map<number, Rates>();
  /** An alias (`input_cost_per_token_cache_hit`) never replaces the canonical field. */
  set(rate: RateName, above: number | null, atto: bigint, alias: boolean): void {
    const target = above === null ? this.base : (this.ctx.get(above) ?? this.ctx.set(above, {}).get(above)!);
    if (!alias || target[rate] === undefined) target[rate] = atto;
  }
  build(): TierPrices {
    const contextTiers: ContextTier[] = [...this.ctx.entries()]
      .map(([aboveInputTokens, rates]) => ({ aboveInputTokens, rates }))
      .sort((a, b) => a.aboveInputTokens - b.aboveInputTokens);
    return { rates: this.base, contextTiers };
  }
}

/** USD per token (number or numeric string) -> atto-dollars per token. */
function perToken(value: unknown): bigint | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  try {
    return parseDecimal(value, 18);
  } catch {
    return undefined;
  }
}

/** `max_*_tokens` come as int, float or string (sometimes prose): a positive integer or undefined. */
function tokenLimit(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value.replace(/[_,\s]/g, '')) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
}
