import { type Decimal, parseDecimal } from './money.js';

/** How a call is served; batch and flex are cheaper, priority dearer. */
export type ServiceTier = 'standard' | 'batch' | 'priority' | 'flex';
export const SERVICE_TIERS = ['standard', 'batch', 'priority', 'flex'] as const;

/** Exact rates in atto-dollars (1e-18 USD) per token; an absent rate is unknown, never 0. */
export interface Rates {
  input?: bigint;
  output?: bigint;
  cacheRead?: bigint;
  cacheWrite5m?: bigint;
  cacheWrite1h?: bigint;
  reasoning?: bigint;
}
export type RateName = keyof Rates;
export const RATE_NAMES = [
  'input',
  'output',
  'cacheRead',
  'cacheWrite5m',
  'cacheWrite1h',
  'reasoning',
] as const;

/** Rates that apply when the prompt (all input buckets) has MORE than `aboveInputTokens` tokens. */
export interface ContextTier {
  aboveInputTokens: number;
  rates: Rates;
}

export interface TierPrices {
  rates: Rates;
  /** Ascending by `aboveInputTokens`. */
  contextTiers: ContextTier[];
}

/** The price of one model, as the price table holds it. */
export interface ModelPrice extends TierPrices {
  /** The key it was found under (`claude-sonnet-4-5`, `gemini/gemini-2.5-flash`). */
  key: string;
  source: 'override' | 'builtin' | 'litellm' | 'fallback';
  provider?: string;
  /** LiteLLM `mode` (chat, embedding, image_generation, ...). */
  mode?: string;
  maxInputTokens?: number;
  maxOutputTokens?: number;
  /** Rates of the non-standard service tiers the provider publishes. */
  serviceTiers: Partial<Record<Exclude<ServiceTier, 'standard'>, TierPrices>>;
}

/** Human-written rates: USD per 1,000,000 tokens, as on the providers' pricing pages. */
export interface RatesSpec {
  input?: Decimal;
  output?: Decimal;
  cacheRead?: Decimal;
  cacheWrite5m?: Decimal;
  cacheWrite1h?: Decimal;
  reasoning?: Decimal;
}

/** A price written in a config or in the built-in table (USD per million tokens). */
export interface ModelPriceSpec extends RatesSpec {
  provider?: string;
  maxInputTokens?: number;
  maxOutputTokens?: number;
  contextTiers?: { aboveInputTokens: number; rates: RatesSpec }[];
  serviceTiers?: Partial<
    Record<
      Exclude<ServiceTier, 'standard'>,
      RatesSpec & { contextTiers?: { aboveInputTokens: number; rates: RatesSpec }[] }
    >
  >;
}

/** USD per million tokens -> atto-dollars per token: 1e18 / 1e6 = 1e12. */
const PER_MILLION_SCALE = 12;

export function ratesFromSpec(spec: RatesSpec, where: string): Rates {
  const out: Rates = {};
  for (const name of RATE_NAMES) {
    const v = spec[name];
    if (v !== undefined) out[name] = parseDecimal(v, PER_MILLION_SCALE, `${where}.${name}`);
  }
  return out;
}

export function priceFromSpec(key: string, spec: ModelPriceSpec, source: ModelPrice['source']): ModelPrice {
  const tiers = (list: ModelPriceSpec['contextTiers'], where: string): ContextTier[] =>
    (list ?? [])
      .map((t, i) => ({
        aboveInputTokens: t.aboveInputTokens,
        rates: ratesFromSpec(t.rates, `${where}[${i}].rates`),
      }))
      .sort((a, b) => a.aboveInputTokens - b.aboveInputTokens);
  const price: ModelPrice = {
    key,
    source,
    rates: ratesFromSpec(spec, key),
    contextTiers: tiers(spec.contextTiers, `${key}.contextTiers`),
    serviceTiers: {},
  };
  if (spec.provider !== undefined) price.provider = spec.provider;
  if (spec.maxInputTokens !== undefined) price.maxInputTokens = spec.maxInputTokens;
  if (spec.maxOutputTokens !== undefined) price.maxOutputTokens = spec.maxOutputTokens;
  for (const [tier, s] of Object.entries(spec.serviceTiers ?? {})) {
    if (!s) continue;
    price.serviceTiers[tier as Exclude<ServiceTier, 'standard'>] = {
      rates: ratesFromSpec(s, `${key}.serviceTiers.${tier}`),
      contextTiers: tiers(s.contextTiers, `${key}.serviceTiers.${tier}.contextTiers`),
    };
  }
  return price;
}

/** Atto-dollars per token -> `"3.75"` USD per million tokens, exactly. */
export function ratePerMillion(rate: bigint): string {
  const whole = rate / 10n ** 12n;
  const frac = (rate % 10n ** 12n).toString().padStart(12, '0').replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}`;
}
