import { countTokens as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { approximateTokens, estimateTokens, openAiEncoding } from './estimate.js';

const text = 'Senior TypeScript engineer, remote (EU). Node 22, PostgreSQL, queues; salary €90k–110k.';

describe('estimateTokens', () => {
  it('counts OpenAI prompts exactly with the model encoding', () => {
    expect(estimateTokens(text, { model: 'gpt-5-mini' })).toEqual({
      tokens: o200k(text),
      method: 'o200k_base',
    });
    expect(estimateTokens(text, { model: 'gpt-4-turbo', provider: 'openai' })).toEqual({
      tokens: cl100k(text),
      method: 'cl100k_base',
    });
    expect(openAiEncoding({ model: 'gpt-4o-mini' })).toBe('o200k_base');
    expect(openAiEncoding({ model: 'gpt-4.1' })).toBe('o200k_base');
    expect(openAiEncoding({ model: 'o4-mini' })).toBe('o200k_base');
    expect(openAiEncoding({ model: 'openai/gpt-3.5-turbo' })).toBe('cl100k_base');
  });

  it('approximates other models: ceil(ASCII chars / 3) + one per non-ASCII character', () => {
    expect(approximateTokens('abcdef')).toBe(2);
    expect(approximateTokens('abcdefg')).toBe(3);
    expect(approximateTokens('日本語')).toBe(3);
    expect(approximateTokens('')).toBe(0);
    expect(estimateTokens(text, { model: 'claude-sonnet-4-5', provider: 'anthropic' })).toEqual({
      tokens: approximateTokens(text),
      method: 'approximation',
    });
    // a gpt-named model behind another provider is not tokenised as OpenAI
    expect(openAiEncoding({ model: 'gpt-oss-120b', provider: 'groq' })).toBeUndefined();
  });

  it('over-estimates English prose compared with the OpenAI tokenizer (a reservation must not be short)', () => {
    const prose =
      'The weekly insights summarise the themes of the jobs that matched the profile this week. '.repeat(20);
    expect(approximateTokens(prose)).toBeGreaterThan(o200k(prose));
  });

  it('adds per-message framing for chat messages', () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: text },
    ];
    const exact = estimateTokens(messages, { model: 'gpt-5' });
    expect(exact.tokens).toBe(3 + 2 * 4 + o200k('system') + o200k('Be brief.') + o200k('user') + o200k(text));
    const approx = estimateTokens(messages, { model: 'gemini-2.5-flash' });
    expect(approx.tokens).toBe(
      3 +
        8 +
        approximateTokens('system') +
        approximateTokens('Be brief.') +
        approximateTokens('user') +
        approximateTokens(text),
    );
  });
});
