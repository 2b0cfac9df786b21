import { describe, expect, it } from 'vitest';
import { BUILTIN_PRICES } from './builtin-prices.js';
import { computeCost } from './cost.js';
import { createPriceTable } from './price-table.js';
import { emptyBuckets, type UsageBuckets, usageFromBuckets } from './usage.js';
import { worstCaseCost } from './worst-case.js';

const b = (over: Partial<UsageBuckets>): UsageBuckets => ({ ...emptyBuckets(), ...over });

const table = createPriceTable({
  builtin: false,
  overrides: {
    tiered: {
      input: '1',
      output: '4',
      cacheRead: '0.1',
      contextTiers: [
        { aboveInputTokens: 100, rates: { input: '2', output: '8' } },
        { aboveInputTokens: 1000, rates: { input: '3' } },
      ],
      serviceTiers: {
        batch: { input: '0.5', output: '2' },
        priority: { input: '1.5', contextTiers: [{ aboveInputTokens: 100, rates: { input: '5' } }] },
      },
    },
    plain: { input: '1', output: '4' },
    embedding: { input: '0.02' },
    tiny: { input: '0.0001', output: '0.0001' },
  },
});

describe('computeCost', () => {
  it('applies the context tier the prompt reaches (strictly above the threshold), to all of it', () => {
    expect(computeCost(b({ inputUncached: 100, outputText: 10 }), 'tiered', table).nanos).toBe(
      100 * 1000 + 10 * 4000,
    );
    const over = computeCost(b({ inputUncached: 60, cacheRead: 41, outputText: 10 }), 'tiered', table);
    // 101 prompt tokens: tier 100 -> input 2, output 8; cache read keeps its base rate 0.1
    expect(over.parts[0]?.contextTier).toBe(100);
    expect(over.nanos).toBe(60 * 2000 + 41 * 100 + 10 * 8000);
    // tier 1000 overrides input only; output keeps tier 100's 8
    expect(computeCost(b({ inputUncached: 1001, outputText: 1 }), 'tiered', table).nanos).toBe(
      1001 * 3000 + 8000,
    );
  });

  it('applies service tiers, with their own context tiers', () => {
    expect(
      computeCost(b({ inputUncached: 10, outputText: 10 }), 'tiered', table, { serviceTier: 'batch' }).nanos,
    ).toBe(10 * 500 + 10 * 2000);
    const priority = computeCost(b({ inputUncached: 10, outputText: 10 }), 'tiered', table, {
      serviceTier: 'priority',
    });
    expect(priority.nanos).toBe(10 * 1500 + 10 * 4000); // output: no priority rate -> the standard one below it
    const priorityLarge = computeCost(b({ inputUncached: 200 }), 'tiered', table, {
      serviceTier: 'priority',
    });
    expect(priorityLarge.nanos).toBe(200 * 5000);
  });

  it('a missing cheaper tier falls back to standard with a warning; a missing priority tier is an error', () => {
    const flex = computeCost(b({ inputUncached: 10 }), 'plain', table, { serviceTier: 'flex' });
    expect(flex.nanos).toBe(10_000);
    expect(flex.warnings.map((w) => w.code)).toEqual(['SERVICE_TIER_FALLBACK']);
    expect(() => computeCost(b({ inputUncached: 10 }), 'plain', table, { serviceTier: 'priority' })).toThrow(
      expect.objectContaining({ code: 'TOKEN_TRACKER_MISSING_RATE' }),
    );
  });

  it('falls back along documented rate chains; reasoning at the output rate is silent', () => {
    const r = computeCost(b({ cacheRead: 10, cacheWrite1h: 10, outputReasoning: 10 }), 'plain', table);
    expect(r.nanos).toBe(10 * 1000 + 10 * 1000 + 10 * 4000);
    expect(r.warnings.map((w) => w.code)).toEqual(['RATE_FALLBACK', 'RATE_FALLBACK']);
  });

  it('a non-zero bucket without any rate is a typed error, never $0', () => {
    expect(computeCost(b({ inputUncached: 100 }), 'embedding', table).nanos).toBe(2000);
    expect(() => computeCost(b({ outputText: 1 }), 'embedding', table)).toThrow(
      expect.objectContaining({ code: 'TOKEN_TRACKER_MISSING_RATE' }),
    );
  });

  it('an unknown model is an UnknownModelError, or the fallback price with a warning', () => {
    expect(() => computeCost(b({ inputUncached: 1 }), 'nope', table)).toThrow(
      expect.objectContaining({
        name: 'UnknownModelError',
        code: 'TOKEN_TRACKER_UNKNOWN_MODEL',
        model: 'nope',
      }),
    );
    const withFallback = createPriceTable({ builtin: false, fallback: { input: '10', output: '30' } });
    const r = computeCost(b({ inputUncached: 1, outputText: 1 }), 'nope', withFallback);
    expect(r.nanos).toBe(40_000);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'FALLBACK_PRICE', model: 'nope' })]);
  });

  it('rounds each line up to a whole nano-dollar; the total is the sum of the lines', () => {
    // 0.0001 USD per million = 0.1 nano per token
    const r = computeCost(b({ inputUncached: 1, outputText: 15 }), 'tiny', table);
    expect(r.parts[0]?.lines.map((l) => l.nanos)).toEqual([1, 2]);
    expect(r.nanos).toBe(3);
    expect(r.usd).toBe('0.000000003');
  });

  it('is exact and deterministic where floating point is not', () => {
    const t = createPriceTable({ builtin: false, overrides: { m: { input: 0.1, output: 0.2 } } });
    const once = computeCost(b({ inputUncached: 3_000_000, outputText: 3_000_000 }), 'm', t);
    expect(once.nanos).toBe(900_000_000); // 0.3 + 0.6 USD exactly
    expect(JSON.stringify(once)).toBe(
      JSON.stringify(computeCost(b({ inputUncached: 3_000_000, outputText: 3_000_000 }), 'm', t)),
    );
  });

  it('prices each part of a usage at its own model', () => {
    const u = usageFromBuckets({ inputUncached: 10 });
    u.parts = [
      { model: null, kind: 'message', buckets: b({ inputUncached: 10 }) },
      { model: 'tiny', kind: 'advisor_message', buckets: b({ inputUncached: 10 }) },
    ];
    const r = computeCost(u, 'plain', table);
    expect(r.parts.map((p) => [p.model, p.nanos])).toEqual([
      ['plain', 10_000],
      ['tiny', 1],
    ]);
  });
});

describe('worstCaseCost', () => {
  it('prices the prompt at input (or cache-write) rate and all output at the dearer output rate', () => {
    const t = createPriceTable({
      builtin: false,
      overrides: { r: { input: '1', output: '4', reasoning: '6', cacheWrite5m: '1.25', cacheWrite1h: '2' } },
    });
    expect(worstCaseCost({ model: 'r', inputTokens: 100, maxOutputTokens: 10 }, t).nanos).toBe(
      100_000 + 60_000,
    );
    expect(
      worstCaseCost({ model: 'r', inputTokens: 100, maxOutputTokens: 10, cacheWrite: '1h' }, t).nanos,
    ).toBe(200_000 + 60_000);
    expect(() => worstCaseCost({ model: 'r', inputTokens: -1, maxOutputTokens: 1 }, t)).toThrow(
      expect.objectContaining({ code: 'TOKEN_TRACKER_INVALID_CONFIG' }),
    );
  });
});

describe('the price table', () => {
  it('loads every built-in entry and finds models by dated, prefixed and provider-qualified names', () => {
    const t = createPriceTable();
    expect(t.size).toBe(Object.keys(BUILTIN_PRICES).length);
    for (const key of Object.keys(BUILTIN_PRICES)) expect(t.find(key)?.source).toBe('builtin');
    expect(t.find('claude-sonnet-4-5-20250929')?.key).toBe('claude-sonnet-4-5');
    expect(t.find('gpt-4.1-nano-2025-04-14')?.key).toBe('gpt-4.1-nano');
    expect(t.find('openai/gpt-5')?.key).toBe('gpt-5');
    expect(t.find('Gemini-2.5-Flash')?.key).toBe('gemini-2.5-flash');
  });

  it('overrides win over the built-in table; an exact name wins over a date-stripped one', () => {
    const t = createPriceTable({ overrides: { 'gpt-5': { input: '99', output: '99' } } });
    expect(t.find('gpt-5')?.source).toBe('override');
    const withDated = createPriceTable({ overrides: { 'gpt-4o-2024-05-13': { input: '5', output: '15' } } });
    expect(withDated.find('gpt-4o-2024-05-13')?.key).toBe('gpt-4o-2024-05-13');
  });

  it('rejects a malformed price in an override with a typed error naming the field', () => {
    expect(() => createPriceTable({ overrides: { bad: { input: '-1' } } })).toThrow(/bad\.input/);
  });
});

describe('the example in docs/token-tracker.md', () => {
  it('prices the streamed prompt-cache buckets at the built-in claude-sonnet-4-5 rates', () => {
    const cost = computeCost(
      b({ inputUncached: 6, cacheRead: 6289, cacheWrite5m: 3337, outputText: 198 }),
      'claude-sonnet-4-5',
      createPriceTable(),
      { provider: 'anthropic' },
    );
    expect(cost.nanos).toBe(17_388_450);
    expect(cost.usd).toBe('0.01738845');
    expect(cost.parts[0]?.lines[1]).toEqual({
      bucket: 'cacheRead',
      tokens: 6289,
      usdPerMillion: '0.3',
      nanos: 1_886_700,
    });
    expect(cost.warnings).toEqual([]);
  });
});
