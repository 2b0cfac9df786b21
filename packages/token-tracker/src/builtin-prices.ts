import type { ModelPriceSpec } from './prices.js';

/**
 * The curated built-in prices: USD per 1,000,000 tokens, standard tier unless a service tier says
 * otherwise. Prices are facts, so each has a source and a date:
 *
 * Source: LiteLLM's model_prices_and_context_window.json (BerriAI/litellm main, as synced by
 * RoCry/llm-api-price @ 8442b939a6ead479f7995b5d74d8dce488bd0966, `last_updated`
 * 2026-07-24T18:23:43Z), which transcribes the providers' pricing pages (openai.com/api/pricing,
 * anthropic.com/pricing, ai.google.dev/gemini-api/docs/pricing, api-docs.deepseek.com/quick_start/pricing,
 * docs.x.ai/docs/models, mistral.ai/pricing, groq.com/pricing). Curated 2026-11-29.
 *
 * Everything else comes from a LiteLLM map you load (`loadLiteLLMPrices`), and anything can be
 * replaced with `overrides`. Anthropic's 1-hour cache writes cost 2x input, 5-minute writes 1.25x,
 * reads 0.1x; OpenAI and Gemini do not charge for cache writes.
 */
export const BUILTIN_PRICES_AS_OF = '2026-07-24';

export const BUILTIN_PRICES: Record<string, ModelPriceSpec> = {
  // OpenAI
  'gpt-5.5': {
    provider: 'openai',
    input: '5',
    output: '30',
    cacheRead: '0.5',
    maxInputTokens: 1_050_000,
    maxOutputTokens: 128_000,
    contextTiers: [{ aboveInputTokens: 272_000, rates: { input: '10', output: '45', cacheRead: '1' } }],
    serviceTiers: {
      batch: { input: '2.5', output: '15' },
      flex: { input: '2.5', output: '15', cacheRead: '0.25' },
      priority: { input: '10', output: '60', cacheRead: '1' },
    },
  },
  'gpt-5.4': {
    provider: 'openai',
    input: '2.5',
    output: '15',
    cacheRead: '0.25',
    maxInputTokens: 1_050_000,
    maxOutputTokens: 128_000,
    contextTiers: [{ aboveInputTokens: 272_000, rates: { input: '5', output: '22.5', cacheRead: '0.5' } }],
    serviceTiers: {
      batch: { input: '1.25', output: '7.5' },
      flex: { input: '1.25', output: '7.5', cacheRead: '0.13' },
      priority: { input: '5', output: '30', cacheRead: '0.5' },
    },
  },
  'gpt-5.4-mini': {
    provider: 'openai',
    input: '0.75',
    output: '4.5',
    cacheRead: '0.075',
    serviceTiers: {
      batch: { input: '0.375', output: '2.25' },
      flex: { input: '0.375', output: '2.25', cacheRead: '0.0375' },
      priority: { input: '1.5', output: '9', cacheRead: '0.15' },
    },
  },
  'gpt-5.4-nano': {
    provider: 'openai',
    input: '0.2',
    output: '1.25',
    cacheRead: '0.02',
    serviceTiers: {
      batch: { input: '0.1', output: '0.625' },
      flex: { input: '0.1', output: '0.625', cacheRead: '0.01' },
    },
  },
  'gpt-5': {
    provider: 'openai',
    input: '1.25',
    output: '10',
    cacheRead: '0.125',
    maxInputTokens: 272_000,
    maxOutputTokens: 128_000,
    serviceTiers: {
      flex: { input: '0.625', output: '5', cacheRead: '0.0625' },
      priority: { input: '2.5', output: '20', cacheRead: '0.25' },
    },
  },
  'gpt-5-mini': {
    provider: 'openai',
    input: '0.25',
    output: '2',
    cacheRead: '0.025',
    serviceTiers: {
      flex: { input: '0.125', output: '1', cacheRead: '0.0125' },
      priority: { input: '0.45', output: '3.6', cacheRead: '0.045' },
    },
  },
  'gpt-4.1': {
    provider: 'openai',
    input: '2',
    output: '8',
    cacheRead: '0.5',
    serviceTiers: {
      batch: { input: '1', output: '4' },
      priority: { input: '3.5', output: '14', cacheRead: '0.875' },
    },
  },
  'gpt-4.1-mini': {
    provider: 'openai',
    input: '0.4',
    output: '1.6',
    cacheRead: '0.1',
    serviceTiers: {
      batch: { input: '0.2', output: '0.8' },
      priority: { input: '0.7', output: '2.8', cacheRead: '0.175' },
    },
  },
  'gpt-4.1-nano': {
    provider: 'openai',
    input: '0.1',
    output: '0.4',
    cacheRead: '0.025',
    serviceTiers: {
      batch: { input: '0.05', output: '0.2' },
      priority: { input: '0.2', output: '0.8', cacheRead: '0.05' },
    },
  },
  'gpt-4o-mini': {
    provider: 'openai',
    input: '0.15',
    output: '0.6',
    cacheRead: '0.075',
    serviceTiers: {
      batch: { input: '0.075', output: '0.3' },
      priority: { input: '0.25', output: '1', cacheRead: '0.125' },
    },
  },
  // Anthropic
  'claude-opus-5': {
    provider: 'anthropic',
    ...anthropic('5', '25', '0.5', '6.25', '10'),
    maxOutputTokens: 128_000,
  },
  'claude-opus-4-7': {
    provider: 'anthropic',
    ...anthropic('5', '25', '0.5', '6.25', '10'),
    maxOutputTokens: 128_000,
  },
  'claude-sonnet-5': { provider: 'anthropic', ...anthropic('2', '10', '0.2', '2.5', '4') },
  'claude-sonnet-4-6': {
    provider: 'anthropic',
    ...anthropic('3', '15', '0.3', '3.75', '6'),
    maxOutputTokens: 64_000,
  },
  'claude-sonnet-4-5': {
    provider: 'anthropic',
    ...anthropic('3', '15', '0.3', '3.75', '6'),
    maxOutputTokens: 64_000,
    contextTiers: [{ aboveInputTokens: 200_000, rates: anthropic('6', '22.5', '0.6', '7.5', '12') }],
  },
  'claude-haiku-4-5': {
    provider: 'anthropic',
    ...anthropic('1', '5', '0.1', '1.25', '2'),
    maxOutputTokens: 64_000,
  },
  // Google Gemini (API key, not Vertex)
  'gemini-3.1-pro-preview': {
    provider: 'gemini',
    input: '2',
    output: '12',
    cacheRead: '0.2',
    contextTiers: [{ aboveInputTokens: 200_000, rates: { input: '4', output: '18', cacheRead: '0.4' } }],
    serviceTiers: {
      batch: { input: '1', output: '6' },
      priority: {
        input: '3.6',
        output: '21.6',
        cacheRead: '0.36',
        contextTiers: [
          { aboveInputTokens: 200_000, rates: { input: '7.2', output: '32.4', cacheRead: '0.72' } },
        ],
      },
    },
  },
  'gemini-2.5-pro': {
    provider: 'gemini',
    input: '1.25',
    output: '10',
    cacheRead: '0.125',
    maxOutputTokens: 65_535,
    contextTiers: [{ aboveInputTokens: 200_000, rates: { input: '2.5', output: '15', cacheRead: '0.25' } }],
  },
  'gemini-2.5-flash': {
    provider: 'gemini',
    input: '0.3',
    output: '2.5',
    cacheRead: '0.03',
    maxOutputTokens: 65_535,
  },
  'gemini-2.5-flash-lite': {
    provider: 'gemini',
    input: '0.1',
    output: '0.4',
    cacheRead: '0.01',
    maxOutputTokens: 65_535,
  },
  // DeepSeek (cache hits at the cache-read rate)
  'deepseek-chat': {
    provider: 'deepseek',
    input: '0.28',
    output: '0.42',
    cacheRead: '0.028',
    maxOutputTokens: 8_192,
  },
  'deepseek-reasoner': { provider: 'deepseek', input: '0.28', output: '0.42', cacheRead: '0.028' },
  // xAI
  'grok-4': {
    provider: 'xai',
    input: '3',
    output: '15',
    contextTiers: [{ aboveInputTokens: 128_000, rates: { input: '6', output: '30' } }],
  },
  'grok-4-1-fast-reasoning': {
    provider: 'xai',
    input: '0.2',
    output: '0.5',
    cacheRead: '0.05',
    contextTiers: [{ aboveInputTokens: 128_000, rates: { input: '0.4', output: '1' } }],
  },
  // Mistral, Groq
  'mistral-large-latest': { provider: 'mistral', input: '0.5', output: '1.5' },
  'mistral-small-latest': { provider: 'mistral', input: '0.06', output: '0.18' },
  'llama-3.3-70b-versatile': { provider: 'groq', input: '0.59', output: '0.79' },
};

/** Anthropic's rate card: reads 0.1x input, 5-minute writes 1.25x, 1-hour writes 2x (written out exactly). */
function anthropic(
  input: string,
  output: string,
  cacheRead: string,
  cacheWrite5m: string,
  cacheWrite1h: string,
) {
  return { input, output, cacheRead, cacheWrite5m, cacheWrite1h };
}
