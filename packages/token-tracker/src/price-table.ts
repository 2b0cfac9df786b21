import { BUILTIN_PRICES } from './builtin-prices.js';
import { UnknownModelError } from './errors.js';
import type { LiteLLMPrices } from './litellm.js';
import { type ModelPrice, type ModelPriceSpec, priceFromSpec } from './prices.js';

export interface PriceTableOptions {
  /** Include the curated built-in table (default true). */
  builtin?: boolean;
  /** Maps loaded with `loadLiteLLMPrices` / `parseLiteLLMPrices`, for every model the table lacks. */
  litellm?: LiteLLMPrices | LiteLLMPrices[];
  /** Your own prices (USD per million tokens); they win over everything else. */
  overrides?: Record<string, ModelPriceSpec>;
  /** Used for any unknown model, with a FALLBACK_PRICE warning. Without it, unknown models throw. */
  fallback?: ModelPriceSpec;
}

export interface PriceTable {
  /** The price of a model, or undefined (the fallback price is never returned here). */
  find(model: string, provider?: string): ModelPrice | undefined;
  /** The price of a model, else the fallback price, else an `UnknownModelError`. */
  resolve(model: string, provider?: string): ModelPrice;
  /** Number of distinct keys across all layers. */
  readonly size: number;
}

const DATE_SUFFIX = /(?:-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8})$/;

/**
 * The names a model is looked up under, most specific first: as given, with the provider prefix,
 * without a provider prefix, lower-cased, and without a date suffix (`claude-sonnet-4-5-20250929`).
 */
export function candidateKeys(model: string, provider?: string): string[] {
  const out: string[] = [];
  const add = (k: string) => {
    if (k && !out.includes(k)) out.push(k);
  };
  const bases = [model, model.toLowerCase()];
  const slash = model.indexOf('/');
  if (slash > 0) bases.push(model.slice(slash + 1), model.slice(slash + 1).toLowerCase());
  const undated = bases.map((b) => b.replace(DATE_SUFFIX, '')).filter((b, i) => b !== bases[i]);
  for (const b of [...bases, ...undated]) {
    add(b);
    if (provider) add(`${provider.toLowerCase()}/${b}`);
  }
  return out;
}

/**
 * Layers, first hit wins for each candidate name: overrides, the built-in table, the LiteLLM maps in
 * the order given. Candidate names go first, so an exact name in a LiteLLM map beats a date-stripped
 * match in the built-in table.
 */
export function createPriceTable(options: PriceTableOptions = {}): PriceTable {
  const layers: Map<string, ModelPrice>[] = [];
  const fromSpecs = (specs: Record<string, ModelPriceSpec>, source: ModelPrice['source']) =>
    new Map(Object.entries(specs).map(([k, s]) => [k, priceFromSpec(k, s, source)]));
  if (options.overrides) layers.push(fromSpecs(options.overrides, 'override'));
  if (options.builtin !== false) layers.push(fromSpecs(BUILTIN_PRICES, 'builtin'));
  const maps =
    options.litellm === undefined ? [] : Array.isArray(options.litellm) ? options.litellm : [options.litellm];
  for (const m of maps) layers.push(m.prices);
  const fallback = options.fallback ? priceFromSpec('(fallback)', options.fallback, 'fallback') : undefined;
  const keys = new Set(layers.flatMap((l) => [...l.keys()]));

  const find = (model: string, provider?: string) => {
    for (const key of candidateKeys(model, provider)) {
      for (const layer of layers) {
        const hit = layer.get(key);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  return {
    find,
    resolve(model, provider) {
      const hit = find(model, provider);
      if (hit) return hit;
      if (fallback) return fallback;
      throw new UnknownModelError(model, provider);
    },
    size: keys.size,
  };
}
