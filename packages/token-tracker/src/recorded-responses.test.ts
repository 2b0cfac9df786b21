import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasFile, RESPONSES_DIR, readFixture } from '../test/fixtures.js';
import { computeCost } from './cost.js';
import { normalizeResponseUsage, normalizeUsage } from './normalize-usage.js';
import { createPriceTable } from './price-table.js';
import { addUsage, type NormalizedUsage, USAGE_BUCKETS } from './usage.js';
import { createUsageAccumulator } from './usage-stream.js';

/**
 * Golden values for every recorded response in ../shared/fixtures/llm/responses, computed by hand.
 *
 * The pinned price table (USD per million tokens) gives every bucket its own whole number of
 * nano-dollars per token, so each cost below is a plain sum you can check with a pencil:
 *   input 1 -> 1000 n/token, cacheRead 0.1 -> 100, cacheWrite5m 1.25 -> 1250, cacheWrite1h 2 -> 2000,
 *   output 4 -> 4000, reasoning 8 -> 8000.
 * Models named by Anthropic iterations are priced at their own pinned prices: `claude-opus-4-7` (the
 * advisor) at 5x, `claude-fable-5` (the model that fell back) at 10x, `claude-opus-4-8` (the model it
 * fell back to) at 1x.
 */
const PINNED = createPriceTable({
  builtin: false,
  overrides: {
    pinned: {
      input: '1',
      cacheRead: '0.1',
      cacheWrite5m: '1.25',
      cacheWrite1h: '2',
      output: '4',
      reasoning: '8',
    },
    'claude-opus-4-7': {
      input: '5',
      cacheRead: '0.5',
      cacheWrite5m: '6.25',
      cacheWrite1h: '10',
      output: '20',
    },
    'claude-opus-4-8': { input: '1', cacheRead: '0.1', cacheWrite5m: '1.25', cacheWrite1h: '2', output: '4' },
    'claude-fable-5': { input: '10', cacheRead: '1', cacheWrite5m: '12.5', cacheWrite1h: '20', output: '40' },
  },
});

/** [inputUncached, cacheRead, cacheWrite5m, cacheWrite1h, outputText, outputReasoning] */
type Row = [number, number, number, number, number, number];
interface Golden {
  buckets: Row;
  reportedTotal: number | null;
  nanos: number;
  why: string;
  warnings?: string[];
  webSearchRequests?: number;
}

const GOLDEN: Record<string, Golden> = {
  'alibaba__alibaba-reasoning.json': {
    buckets: [24, 0, 0, 0, 315, 1353],
    reportedTotal: 1692,
    nanos: 12_108_000,
    why: 'Chat: completion 1668 includes reasoning 1353 -> text 315. 24*1000 + 315*4000 + 1353*8000',
  },
  'amazon-bedrock__amazon-bedrock-text.json': {
    buckets: [22, 0, 0, 0, 57, 0],
    reportedTotal: 79,
    nanos: 250_000,
    why: 'Converse: inputTokens 22 (excludes cache, here 0), outputTokens 57. 22*1000 + 57*4000',
  },
  'amazon-bedrock__amazon-bedrock-reasoning.json': {
    buckets: [51, 0, 0, 0, 78, 0],
    reportedTotal: 129,
    nanos: 363_000,
    why: 'Converse: 51 in, 78 out. 51*1000 + 78*4000',
  },
  'anthropic__anthropic-advisor-20260301.1.json': {
    buckets: [5142, 0, 0, 0, 4074, 0],
    reportedTotal: null,
    nanos: 46_334_000,
    why:
      'Iterations are all billed: message 1051/35 + message 1363/3165 (= the top-level 2414/3200, the response model) ' +
      'and advisor_message 2728/874 at claude-opus-4-7. Own: 2414*1000 + 3200*4000 = 15,214,000; ' +
      'advisor: 2728*5000 + 874*20000 = 31,120,000',
  },
  'anthropic__anthropic-claude-opus-5-reasoning-high.1.json': {
    buckets: [51, 0, 0, 0, 1560, 139],
    reportedTotal: null,
    nanos: 7_403_000,
    why: 'output_tokens 1699 includes thinking_tokens 139 -> text 1560. 51*1000 + 1560*4000 + 139*8000',
  },
  'anthropic__anthropic-code-execution-20260120-prompt-cache.1.chunks.txt': {
    buckets: [6, 6289, 3337, 0, 198, 0],
    reportedTotal: null,
    nanos: 5_598_150,
    why:
      'message_start says input 2 / cache write 3068 / read 0 / output 69; the final message_delta REVISES them to ' +
      'input 6 / write 3337 / read 6289 / output 198 without a new 5m/1h split -> all 3337 writes are 5-minute. ' +
      '6*1000 + 6289*100 + 3337*1250 + 198*4000',
  },
  'anthropic__anthropic-compaction.1.json': {
    buckets: [61067, 0, 0, 0, 1912, 0],
    reportedTotal: null,
    nanos: 68_715_000,
    why:
      'The top level (682/1320) covers only the message iteration; the compaction iteration (60385/592) is billed ' +
      'too. 61067*1000 + 1912*4000',
  },
  'anthropic__anthropic-fallback.json': {
    buckets: [820, 0, 0, 0, 264, 0],
    reportedTotal: null,
    nanos: 5_548_000,
    why:
      'claude-fable-5 read 408 tokens before falling back to claude-opus-4-8 (412/264 = the top level). ' +
      'fable: 408*10000; opus-4-8: 412*1000 + 264*4000',
  },
  'anthropic__anthropic-message-delta-input-tokens.chunks.txt': {
    buckets: [61, 0, 0, 0, 2, 0],
    reportedTotal: null,
    nanos: 69_000,
    why: 'message_start input 43 is revised by message_delta to 61 (output 2). 61*1000 + 2*4000',
  },
  'anthropic__anthropic-text.chunks.txt': {
    buckets: [12, 0, 0, 0, 30, 0],
    reportedTotal: null,
    nanos: 132_000,
    why: 'message_start output 1, final message_delta output 30 (cumulative, not added). 12*1000 + 30*4000',
  },
  'anthropic__anthropic-text.json': {
    buckets: [12, 0, 0, 0, 29, 0],
    reportedTotal: null,
    nanos: 128_000,
    why: '12*1000 + 29*4000',
  },
  'anthropic__anthropic-web-search-tool.1.json': {
    buckets: [27118, 0, 0, 0, 600, 0],
    reportedTotal: null,
    nanos: 29_518_000,
    webSearchRequests: 2,
    why: '27118*1000 + 600*4000; the 2 web searches are reported, not priced',
  },
  'azure__azure-deepseek-reasoning.1.json': {
    buckets: [19, 0, 0, 0, 1969, 0],
    reportedTotal: 1988,
    nanos: 7_895_000,
    why: 'Chat without details: 19*1000 + 1969*4000',
  },
  'cohere__cohere-citations.json': {
    buckets: [39, 0, 0, 0, 27, 0],
    reportedTotal: null,
    nanos: 147_000,
    why: 'Cohere bills billed_units (39/27), not the raw tokens (1683/62). 39*1000 + 27*4000',
  },
  'deepseek__deepseek-json.json': {
    buckets: [175, 320, 0, 0, 26, 118],
    reportedTotal: 639,
    nanos: 1_255_000,
    why: 'prompt 495 = hit 320 + miss 175; completion 144 includes reasoning 118. 175*1000 + 320*100 + 26*4000 + 118*8000',
  },
  'deepseek__deepseek-tool-call.chunks.txt': {
    buckets: [19, 320, 0, 0, 44, 39],
    reportedTotal: 422,
    nanos: 539_000,
    why: 'Final chunk: prompt 339 = hit 320 + miss 19; completion 83 includes reasoning 39. 19*1000 + 320*100 + 44*4000 + 39*8000',
  },
  'google__google-reasoning.json': {
    buckets: [9, 0, 0, 0, 29, 282],
    reportedTotal: 320,
    nanos: 2_381_000,
    why: 'Gemini thoughts are NOT part of candidates: 9 + 29 + 282 = 320. 9*1000 + 29*4000 + 282*8000',
  },
  'google__google-search.json': {
    buckets: [151, 0, 0, 0, 973, 249],
    reportedTotal: 1373,
    nanos: 6_035_000,
    why: 'Interactions API: input 22 + tool-use prompt 129 = 151; output 973; thoughts 249. 151*1000 + 973*4000 + 249*8000',
  },
  'google__google-text.chunks.txt': {
    buckets: [9, 0, 0, 0, 23, 185],
    reportedTotal: 217,
    nanos: 1_581_000,
    why: 'Each chunk is cumulative, the last wins (candidates 5 -> 23). 9*1000 + 23*4000 + 185*8000',
  },
  'google__google-text.json': {
    buckets: [9, 0, 0, 0, 28, 244],
    reportedTotal: 281,
    nanos: 2_073_000,
    why: '9*1000 + 28*4000 + 244*8000',
  },
  'google__google-tool-call.json': {
    buckets: [29, 0, 0, 0, 15, 893],
    reportedTotal: 937,
    nanos: 7_233_000,
    why: '29*1000 + 15*4000 + 893*8000',
  },
  'groq__groq-reasoning.json': {
    buckets: [17, 0, 0, 0, 79, 570],
    reportedTotal: 666,
    nanos: 4_893_000,
    why: 'completion 649 includes reasoning 570. 17*1000 + 79*4000 + 570*8000',
  },
  'harness-claude-code__subagent-step-stream.json': {
    buckets: [4, 5817, 10629, 0, 9, 0],
    reportedTotal: null,
    nanos: 13_907_950,
    why:
      'A Claude Code transcript: one line per content block, each repeating its API message usage. Two distinct ' +
      'messages (main agent 2/2298 read/5605 write/5 out, subagent 2/3519/5024/4), summed once each. ' +
      '4*1000 + 5817*100 + 10629*1250 + 9*4000',
  },
  'mistral__mistral-text.json': {
    buckets: [13, 0, 0, 0, 434, 0],
    reportedTotal: 447,
    nanos: 1_749_000,
    why: '13*1000 + 434*4000',
  },
  'moonshotai__moonshotai-reasoning.json': {
    buckets: [10, 10, 0, 0, 8, 22],
    reportedTotal: 50,
    nanos: 219_000,
    why: 'Moonshot puts cached_tokens (10) at the top level, part of prompt 20; reasoning 22 inside completion 30. 10*1000 + 10*100 + 8*4000 + 22*8000',
  },
  'openai__openai-completion-text.json': {
    buckets: [14, 0, 0, 0, 16, 0],
    reportedTotal: 30,
    nanos: 78_000,
    why: '14*1000 + 16*4000',
  },
  'openai__openai-embedding.json': {
    buckets: [12, 0, 0, 0, 0, 0],
    reportedTotal: 12,
    nanos: 12_000,
    why: 'Embeddings have prompt tokens only. 12*1000',
  },
  'openai__openai-phase.1.chunks.txt': {
    buckets: [4040, 3072, 0, 0, 399, 64],
    reportedTotal: 7575,
    nanos: 6_455_200,
    why: 'Responses stream, response.completed: input 7112 - cached 3072; output 463 - reasoning 64. 4040*1000 + 3072*100 + 399*4000 + 64*8000',
  },
  'openai__openai-phase.1.json': {
    buckets: [4171, 3072, 0, 0, 365, 58],
    reportedTotal: 7666,
    nanos: 6_402_200,
    why: 'Responses: 7243 - 3072; 423 - 58. 4171*1000 + 3072*100 + 365*4000 + 58*8000',
  },
  'openai__openai-shell-skills.1.json': {
    buckets: [475, 1024, 0, 0, 231, 100],
    reportedTotal: 1830,
    nanos: 2_301_400,
    why: 'Responses: 1499 - 1024; 331 - 100. 475*1000 + 1024*100 + 231*4000 + 100*8000',
  },
  'openai__openai-text.chunks.txt': {
    buckets: [16, 0, 0, 0, 300, 0],
    reportedTotal: 316,
    nanos: 1_216_000,
    why: 'Chat stream: usage only in the final chunk with choices: []. 16*1000 + 300*4000',
  },
  'openai__openai-text.json': {
    buckets: [16, 0, 0, 0, 363, 0],
    reportedTotal: 379,
    nanos: 1_468_000,
    why: '16*1000 + 363*4000',
  },
  'openai__openai-web-search-tool.1.json': {
    buckets: [15969, 3712, 0, 0, 637, 3136],
    reportedTotal: 23454,
    nanos: 43_976_200,
    why: 'Responses: 19681 - 3712; 3773 - 3136. 15969*1000 + 3712*100 + 637*4000 + 3136*8000',
  },
  'openai__programmatic-tool-calling.1.json': {
    buckets: [631, 0, 0, 0, 84, 55],
    reportedTotal: 770,
    nanos: 1_407_000,
    why: 'Responses with cache_write_tokens 0: 631; 139 - 55. 631*1000 + 84*4000 + 55*8000',
  },
  'perplexity__perplexity-citations.json': {
    buckets: [10, 0, 0, 0, 251, 0],
    reportedTotal: 261,
    nanos: 1_014_000,
    why: '10*1000 + 251*4000',
  },
  'xai__xai-tool-call.json': {
    buckets: [47, 244, 0, 0, 26, 189],
    reportedTotal: 506,
    nanos: 1_687_400,
    why: 'xAI Chat: reasoning 189 is OUTSIDE completion 26 (291 + 26 + 189 = 506). 47*1000 + 244*100 + 26*4000 + 189*8000',
  },
  'xai__xai-web-search-tool.1.json': {
    buckets: [994, 947, 0, 0, 203, 380],
    reportedTotal: 2524,
    nanos: 4_940_700,
    why: 'xAI Responses: reasoning inside output (1941 + 583 = 2524). 994*1000 + 947*100 + 203*4000 + 380*8000',
  },
};

/** Fixtures that carry no token usage at all: normalising them must fail loudly, not give $0. */
const NOT_TOKEN_USAGE = new Set(['openai__openai-transcription.json']);

function usageOf(file: string): NormalizedUsage {
  const provider = file.split('__')[0];
  const data = readFixture(file);
  if (file.startsWith('harness-claude-code__')) {
    const seen = new Set<string>();
    const steps: NormalizedUsage[] = [];
    for (const line of data as { parent_tool_use_id: string | null; message: { usage?: unknown } }[]) {
      if (!line.message.usage) continue;
      const key = JSON.stringify([line.parent_tool_use_id, line.message.usage]);
      if (seen.has(key)) continue;
      seen.add(key);
      steps.push(normalizeUsage(line.message.usage, { format: 'anthropic' }));
    }
    return addUsage(steps);
  }
  if (Array.isArray(data)) {
    const acc = createUsageAccumulator({ ...(provider ? { provider } : {}) });
    for (const event of data) acc.push(event);
    const out = acc.result();
    if (!out) throw new Error(`${file}: no usage in the stream`);
    return out;
  }
  const out = normalizeResponseUsage(data, { ...(provider ? { provider } : {}) });
  if (!out) throw new Error(`${file}: no usage in the response`);
  return out;
}

const present = hasFile(RESPONSES_DIR)
  ? readdirSync(RESPONSES_DIR).filter(
      (f) => !f.startsWith('_') && (f.endsWith('.json') || f.endsWith('.chunks.txt')),
    )
  : [];

describe.skipIf(!hasFile(RESPONSES_DIR))(`recorded responses in ${RESPONSES_DIR}`, () => {
  it('every recorded response has a golden value here (or is known not to carry token usage)', () => {
    const missing = present.filter((f) => !(f in GOLDEN) && !NOT_TOKEN_USAGE.has(f));
    expect(missing).toEqual([]);
  });

  for (const [file, golden] of Object.entries(GOLDEN)) {
    it.skipIf(!hasFile(`${RESPONSES_DIR}${file}`))(`${file} (skipped when the fixture is absent)`, () => {
      const usage = usageOf(file);
      expect(
        USAGE_BUCKETS.map((b) => usage.buckets[b]),
        golden.why,
      ).toEqual(golden.buckets);
      expect(usage.total).toBe(golden.buckets.reduce((a, b) => a + b, 0));
      expect(usage.reportedTotal).toBe(golden.reportedTotal);
      expect(usage.warnings.map((w) => w.code)).toEqual(golden.warnings ?? []);
      expect(usage.serverToolUse.webSearchRequests).toBe(golden.webSearchRequests ?? 0);
      const cost = computeCost(usage, 'pinned', PINNED);
      expect(cost.nanos, golden.why).toBe(golden.nanos);
      expect(cost.warnings).toEqual([]);
    });
  }

  for (const file of NOT_TOKEN_USAGE) {
    it.skipIf(!hasFile(`${RESPONSES_DIR}${file}`))(
      `${file} is not token usage: a typed error, never $0`,
      () => {
        expect(() => usageOf(file)).toThrow(
          expect.objectContaining({ code: 'TOKEN_TRACKER_UNKNOWN_USAGE_SHAPE' }),
        );
      },
    );
  }
});
