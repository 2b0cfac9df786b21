import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasFile, LITELLM_MAP } from '../test/fixtures.js';
import { computeCost } from './cost.js';
import { loadLiteLLMPrices, parseLiteLLMPrices } from './litellm.js';
import { parseDecimal } from './money.js';
import { createPriceTable } from './price-table.js';

describe('parseLiteLLMPrices', () => {
  it('coerces messy types: ints, floats, numeric strings; prose limits are dropped, bad prices listed', () => {
    const map = parseLiteLLMPrices({
      a: {
        litellm_provider: 'x',
        mode: 'chat',
        input_cost_per_token: 1,
        output_cost_per_token: '0.000002',
        cache_read_input_token_cost: 'free',
        max_input_tokens: '128000',
        max_output_tokens: 4096.0,
        max_tokens: 'LEGACY parameter',
      },
      b: { litellm_provider: 'x', max_input_tokens: 'lots', max_tokens: 1000.7 },
    });
    const a = map.prices.get('a')!;
    expect(a.rates.input).toBe(10n ** 18n);
    expect(a.rates.output).toBe(2_000_000_000_000n);
    expect(a.rates.cacheRead).toBeUndefined();
    expect(a.maxInputTokens).toBe(128_000);
    expect(a.maxOutputTokens).toBe(4096);
    expect(map.issues).toEqual([
      { key: 'a', field: 'cache_read_input_token_cost', reason: 'not a price: "free"' },
    ]);
    const b = map.prices.get('b')!;
    expect(b.maxInputTokens).toBeUndefined();
    expect(b.maxOutputTokens).toBe(1000);
  });

  it('reads context tiers, service tiers and both together', () => {
    const { prices } = parseLiteLLMPrices({
      m: {
        litellm_provider: 'x',
        input_cost_per_token: 1e-6,
        input_cost_per_token_above_200k_tokens: 2e-6,
        input_cost_per_token_batches: 5e-7,
        input_cost_per_token_priority: 1.5e-6,
        input_cost_per_token_above_200k_tokens_priority: 3e-6,
        cache_creation_input_token_cost: 1.25e-6,
        cache_creation_input_token_cost_above_1hr: 2e-6,
        cache_creation_input_token_cost_above_1hr_above_200k_tokens: 4e-6,
        input_cost_per_token_cache_hit: 9e-8,
        cache_read_input_token_cost: 1e-7,
        output_cost_per_reasoning_token: 3e-6,
      },
    });
    const m = prices.get('m')!;
    expect(m.rates).toEqual({
      input: 1_000_000_000_000n,
      cacheWrite5m: 1_250_000_000_000n,
      cacheWrite1h: 2_000_000_000_000n,
      cacheRead: 100_000_000_000n, // the canonical field wins over the cache_hit alias
      reasoning: 3_000_000_000_000n,
    });
    expect(m.contextTiers).toEqual([
      { aboveInputTokens: 200_000, rates: { input: 2_000_000_000_000n, cacheWrite1h: 4_000_000_000_000n } },
    ]);
    expect(m.serviceTiers.batch).toEqual({ rates: { input: 500_000_000_000n }, contextTiers: [] });
    expect(m.serviceTiers.priority).toEqual({
      rates: { input: 1_500_000_000_000n },
      contextTiers: [{ aboveInputTokens: 200_000, rates: { input: 3_000_000_000_000n } }],
    });
  });

  it('rejects a map that is not an object, and a file that cannot be read, with typed errors', async () => {
    expect(() => parseLiteLLMPrices([])).toThrow(
      expect.objectContaining({ code: 'TOKEN_TRACKER_INVALID_PRICE_MAP' }),
    );
    await expect(loadLiteLLMPrices('/nonexistent/prices.json')).rejects.toMatchObject({
      code: 'TOKEN_TRACKER_INVALID_PRICE_MAP',
    });
  });
});

describe.skipIf(!hasFile(LITELLM_MAP))(`the shared LiteLLM map ${LITELLM_MAP}`, () => {
  const raw = hasFile(LITELLM_MAP)
    ? (JSON.parse(readFileSync(LITELLM_MAP, 'utf8')) as Record<string, unknown>)
    : {};

  it('loads every entry: each key is a model or is skipped with a reason, and no field fails', async () => {
    const map = await loadLiteLLMPrices(LITELLM_MAP);
    const keys = Object.keys(raw);
    expect(keys.length).toBeGreaterThan(2900);
    expect(map.prices.size + map.skipped.length).toBe(keys.length);
    expect(map.skipped.map((s) => s.key).sort()).toEqual([
      'fallback_generalizations',
      'last_updated',
      'sample_spec',
    ]);
    expect(map.issues).toEqual([]);
  });

  it('every token price of every entry is read exactly', async () => {
    const map = await loadLiteLLMPrices(LITELLM_MAP);
    let checked = 0;
    for (const [key, entry] of Object.entries(raw)) {
      const price = map.prices.get(key);
      if (!price) continue;
      const e = entry as Record<string, unknown>;
      for (const [field, rate] of [
        ['input_cost_per_token', 'input'],
        ['output_cost_per_token', 'output'],
        ['cache_read_input_token_cost', 'cacheRead'],
        ['cache_creation_input_token_cost', 'cacheWrite5m'],
        ['cache_creation_input_token_cost_above_1hr', 'cacheWrite1h'],
        ['output_cost_per_reasoning_token', 'reasoning'],
      ] as const) {
        const v = e[field];
        if (typeof v !== 'number') continue;
        expect(price.rates[rate], `${key}.${field}`).toBe(parseDecimal(v, 18));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('prices a real model with cache writes (5m, 1h) and its 200k context tier', async () => {
    const table = createPriceTable({ builtin: false, litellm: await loadLiteLLMPrices(LITELLM_MAP) });
    // claude-sonnet-4-5: input 3, read 0.3, write 3.75 / 6 (1h), output 15; above 200k: 6, 0.6, 7.5 / 12, 22.5
    const small = computeCost(
      {
        inputUncached: 1000,
        cacheRead: 1000,
        cacheWrite5m: 1000,
        cacheWrite1h: 1000,
        outputText: 1000,
        outputReasoning: 0,
      },
      'claude-sonnet-4-5-20250929',
      table,
    );
    expect(small.nanos).toBe(3_000_000 + 300_000 + 3_750_000 + 6_000_000 + 15_000_000);
    expect(small.parts[0]?.priceKey).toBe('claude-sonnet-4-5-20250929');
    const large = computeCost(
      {
        inputUncached: 200_001,
        cacheRead: 0,
        cacheWrite5m: 0,
        cacheWrite1h: 1000,
        outputText: 1000,
        outputReasoning: 0,
      },
      'claude-sonnet-4-5',
      table,
    );
    expect(large.parts[0]?.contextTier).toBe(200_000);
    expect(large.nanos).toBe(200_001 * 6000 + 1000 * 12_000 + 1000 * 22_500);
  });
});
