import { describe, expect, it } from 'vitest';
import { detectUsageFormat, normalizeResponseUsage, normalizeUsage } from './normalize-usage.js';
import { USAGE_BUCKETS } from './usage.js';
import { createUsageAccumulator } from './usage-stream.js';

const row = (u: { buckets: Record<(typeof USAGE_BUCKETS)[number], number> }) =>
  USAGE_BUCKETS.map((b) => u.buckets[b]);

describe('normalizeUsage', () => {
  it('detects each shape from its field names', () => {
    expect(detectUsageFormat({ prompt_tokens: 1, completion_tokens: 2 })).toBe('openai-chat');
    expect(detectUsageFormat({ input_tokens: 1, output_tokens: 2, total_tokens: 3 })).toBe(
      'openai-responses',
    );
    expect(detectUsageFormat({ input_tokens: 1, output_tokens: 2 })).toBe('anthropic');
    expect(detectUsageFormat({ input_tokens: 1, cache_read_input_tokens: 0 })).toBe('anthropic');
    expect(detectUsageFormat({ promptTokenCount: 1 })).toBe('gemini');
    expect(detectUsageFormat({ total_input_tokens: 1 })).toBe('gemini-interactions');
    expect(detectUsageFormat({ inputTokens: 1, outputTokens: 1 })).toBe('bedrock');
    expect(detectUsageFormat({ billed_units: {} })).toBe('cohere');
    expect(detectUsageFormat({ type: 'duration', seconds: 3 })).toBeUndefined();
  });

  it('throws a typed error for anything that is not token usage', () => {
    for (const bad of [null, 42, 'x', [], { seconds: 3 }]) {
      expect(() => normalizeUsage(bad)).toThrow(
        expect.objectContaining({ code: 'TOKEN_TRACKER_UNKNOWN_USAGE_SHAPE' }),
      );
    }
  });

  it('a forced format that finds none of its fields is an error, not a silent 0', () => {
    expect(() => normalizeUsage({ input_tokens: 5, output_tokens: 1 }, { format: 'openai-chat' })).toThrow(
      expect.objectContaining({ code: 'TOKEN_TRACKER_UNKNOWN_USAGE_SHAPE' }),
    );
    expect(normalizeUsage({ input_tokens: 5, output_tokens: 1 }, { format: 'anthropic' }).total).toBe(6);
    expect(normalizeUsage({ prompt_tokens: 0, completion_tokens: 0 }, { format: 'openai-chat' }).total).toBe(
      0,
    );
  });

  it('warns with both numbers when the buckets do not add up to the reported total', () => {
    const u = normalizeUsage({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 17 });
    expect(u.total).toBe(15);
    expect(u.warnings).toEqual([
      expect.objectContaining({ code: 'TOTAL_MISMATCH', reported: 17, computed: 15 }),
    ]);
    expect(u.warnings[0]?.message).toContain('15');
    expect(u.warnings[0]?.message).toContain('17');
  });

  it('clamps a detail larger than its parent to 0 with a warning, never a negative bucket', () => {
    const u = normalizeUsage({
      prompt_tokens: 10,
      completion_tokens: 5,
      prompt_tokens_details: { cached_tokens: 12 },
    });
    expect(u.buckets.inputUncached).toBe(0);
    expect(u.buckets.cacheRead).toBe(12);
    expect(u.warnings.map((w) => w.code)).toEqual(['INCONSISTENT_DETAIL']);
  });

  it('xAI Chat: reasoning outside completion, by provider or by the reported total', () => {
    const usage = {
      prompt_tokens: 100,
      completion_tokens: 20,
      completion_tokens_details: { reasoning_tokens: 30 },
    };
    expect(row(normalizeUsage(usage, { provider: 'xai' }))).toEqual([100, 0, 0, 0, 20, 30]);
    // without a provider and a total, OpenAI semantics: reasoning inside completion, which cannot hold here
    const plain = normalizeUsage(usage);
    expect(row(plain)).toEqual([100, 0, 0, 0, 0, 30]);
    expect(plain.warnings.map((w) => w.code)).toEqual(['INCONSISTENT_DETAIL']);
    // ...unless the total says otherwise: 100 + 20 + 30 = 150
    const withTotal = normalizeUsage({ ...usage, total_tokens: 150 });
    expect(row(withTotal)).toEqual([100, 0, 0, 0, 20, 30]);
    expect(withTotal.warnings).toEqual([]);
    // and the total wins over the provider when it says "inside": 100 + 50 = 150
    const inside = normalizeUsage(
      {
        prompt_tokens: 100,
        completion_tokens: 50,
        completion_tokens_details: { reasoning_tokens: 30 },
        total_tokens: 150,
      },
      { provider: 'xai' },
    );
    expect(row(inside)).toEqual([100, 0, 0, 0, 20, 30]);
  });

  it('DeepSeek: hit + miss must equal prompt, else a warning', () => {
    const ok = normalizeUsage({
      prompt_tokens: 50,
      completion_tokens: 1,
      prompt_cache_hit_tokens: 30,
      prompt_cache_miss_tokens: 20,
    });
    expect(row(ok)).toEqual([20, 30, 0, 0, 1, 0]);
    const bad = normalizeUsage({
      prompt_tokens: 50,
      completion_tokens: 1,
      prompt_cache_hit_tokens: 30,
      prompt_cache_miss_tokens: 10,
    });
    expect(bad.warnings).toEqual([
      expect.objectContaining({ code: 'INCONSISTENT_DETAIL', reported: 50, computed: 40 }),
    ]);
  });

  it('OpenAI cache writes (Responses and OpenRouter-style Chat details) are a bucket of their own', () => {
    const u = normalizeUsage({
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 40, cache_write_tokens: 25 },
      output_tokens: 10,
      total_tokens: 110,
    });
    expect(row(u)).toEqual([35, 40, 25, 0, 10, 0]);
  });

  it('Anthropic: input excludes cache reads and writes; the 5m / 1h split is honoured', () => {
    const u = normalizeUsage({
      input_tokens: 5,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: 300,
      cache_creation: { ephemeral_5m_input_tokens: 120, ephemeral_1h_input_tokens: 180 },
      output_tokens: 50,
      output_tokens_details: { thinking_tokens: 20 },
    });
    expect(row(u)).toEqual([5, 100, 120, 180, 30, 20]);
    expect(u.total).toBe(455);
  });

  it('Anthropic iterations: each billed at the model it names, the top level checked against the answering model', () => {
    const usage = {
      input_tokens: 30,
      output_tokens: 7,
      iterations: [
        { type: 'message', model: 'asked', input_tokens: 20, output_tokens: 0 },
        { type: 'fallback_message', model: 'answered', input_tokens: 30, output_tokens: 7 },
        { type: 'compaction', input_tokens: 100, output_tokens: 9 },
      ],
    };
    // the caller passes the model it asked for: the answering model still comes from the iterations
    const u = normalizeUsage(usage, { model: 'asked' });
    expect(u.parts.map((p) => [p.model, p.kind, p.buckets.inputUncached])).toEqual([
      ['asked', 'message', 20],
      ['answered', 'fallback_message', 30],
      [null, 'compaction', 100],
    ]);
    expect(u.total).toBe(20 + 37 + 109);
    expect(u.warnings).toEqual([]);
    const off = normalizeUsage({ ...usage, input_tokens: 31 });
    expect(off.warnings).toEqual([
      expect.objectContaining({ code: 'ITERATIONS_MISMATCH', reported: 38, computed: 37 }),
    ]);
  });

  it('Gemini: cached content is part of the prompt, tool-use prompt tokens are input', () => {
    const u = normalizeUsage({
      promptTokenCount: 1000,
      cachedContentTokenCount: 600,
      toolUsePromptTokenCount: 50,
      candidatesTokenCount: 70,
      thoughtsTokenCount: 30,
      totalTokenCount: 1150,
    });
    expect(row(u)).toEqual([450, 600, 0, 0, 70, 30]);
    expect(u.warnings).toEqual([]);
  });

  it('coerces numeric strings and ignores junk counts', () => {
    expect(row(normalizeUsage({ prompt_tokens: '12', completion_tokens: 'n/a', total_tokens: 12 }))).toEqual([
      12, 0, 0, 0, 0, 0,
    ]);
  });

  it('normalizeResponseUsage finds usage in a whole body, or answers null', () => {
    expect(normalizeResponseUsage({ id: 'x', choices: [] })).toBeNull();
    expect(
      normalizeResponseUsage({ response: { usage: { input_tokens: 3, output_tokens: 1, total_tokens: 4 } } })
        ?.total,
    ).toBe(4);
  });
});

describe('createUsageAccumulator', () => {
  it('Anthropic: message_delta replaces earlier values, including a revised input_tokens', () => {
    const acc = createUsageAccumulator();
    acc.push({
      type: 'message_start',
      message: { model: 'm', usage: { input_tokens: 40, output_tokens: 1 } },
    });
    acc.push({ type: 'content_block_delta', delta: { type: 'text_delta', text: 'hi' } });
    acc.push({ type: 'message_delta', usage: { input_tokens: 55, output_tokens: 7 } });
    acc.push({ type: 'message_delta', usage: { output_tokens: 9 } });
    expect(row(acc.result()!)).toEqual([55, 0, 0, 0, 9, 0]);
  });

  it('OpenAI Chat: no usage chunk (include_usage off) gives null, not zero', () => {
    const acc = createUsageAccumulator();
    acc.push({ choices: [{ delta: { content: 'a' } }], usage: null });
    expect(acc.result()).toBeNull();
    acc.push({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } });
    expect(acc.result()?.total).toBe(5);
  });

  it('Gemini: cumulative chunks, the last wins', () => {
    const acc = createUsageAccumulator();
    acc.push({ usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 1, totalTokenCount: 5 } });
    acc.push({ usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 9, totalTokenCount: 13 } });
    expect(row(acc.result()!)).toEqual([4, 0, 0, 0, 9, 0]);
  });
});
