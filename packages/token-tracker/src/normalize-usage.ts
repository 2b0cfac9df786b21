import { TokenTrackerError, TokenTrackerErrorCode } from './errors.js';
import { count, has, isObject, type Json, obj } from './read-fields.js';
import {
  addBuckets,
  emptyBuckets,
  type NormalizedUsage,
  sumBuckets,
  type UsageBuckets,
  type UsageFormat,
  type UsagePart,
  type UsageWarning,
  UsageWarningCode,
} from './usage.js';

export interface NormalizeUsageOptions {
  /** Skip shape detection (the caller knows the API it called). */
  format?: UsageFormat;
  /**
   * The provider (`openai`, `xai`, `deepseek`, ...). Only xAI changes the reading: its Chat Completions
   * `reasoning_tokens` are NOT part of `completion_tokens`. When the reported total tells which way it
   * is, the total wins over the provider.
   */
  provider?: string;
  /** The model the response names; Anthropic iterations of this model are billed as the call's model. */
  model?: string;
}

/** Detects the usage shape from its field names, or undefined when it is not a token usage object. */
export function detectUsageFormat(usage: unknown): UsageFormat | undefined {
  if (!isObject(usage)) return undefined;
  if (has(usage, 'promptTokenCount', 'candidatesTokenCount', 'totalTokenCount')) return 'gemini';
  if (has(usage, 'total_input_tokens', 'total_output_tokens')) return 'gemini-interactions';
  if (has(usage, 'inputTokens', 'outputTokens')) return 'bedrock';
  if (has(usage, 'billed_units')) return 'cohere';
  if (has(usage, 'prompt_tokens', 'completion_tokens')) return 'openai-chat';
  if (has(usage, 'cache_creation_input_tokens', 'cache_read_input_tokens', 'cache_creation'))
    return 'anthropic';
  if (has(usage, 'input_tokens_details', 'output_tokens_details', 'total_tokens')) {
    // Anthropic puts `output_tokens_details.thinking_tokens` but never `total_tokens`
    return has(usage, 'total_tokens', 'input_tokens_details') ? 'openai-responses' : 'anthropic';
  }
  if (has(usage, 'input_tokens', 'output_tokens')) return 'anthropic';
  return undefined;
}

/**
 * Reads a provider's usage object into disjoint buckets that add up to the total. A total reported
 * by the provider that differs from the sum of the buckets gives a `TOTAL_MISMATCH` warning with both
 * numbers. Throws `TOKEN_TRACKER_UNKNOWN_USAGE_SHAPE` for anything that is not a token usage object
 * (for example a transcription's `{ type: 'duration', seconds }`).
 */
export function normalizeUsage(usage: unknown, options: NormalizeUsageOptions = {}): NormalizedUsage {
  const format = options.format ?? detectUsageFormat(usage);
  // a forced format must find its own fields: reading another shape with it would give a silent 0
  if (format === undefined || !isObject(usage) || !has(usage, ...KEY_FIELDS[format])) {
    throw new TokenTrackerError(
      TokenTrackerErrorCode.UnknownUsageShape,
      `not a ${options.format ?? 'token'} usage object (fields: ${isObject(usage) ? Object.keys(usage).join(', ') || 'none' : typeof usage}); pass the response's usage object, or the right format option`,
    );
  }
  const warnings: UsageWarning[] = [];
  const read = READERS[format];
  const { buckets, reportedTotal, parts } = read(usage, options, warnings);
  const total = sumBuckets(buckets);
  if (reportedTotal !== null && reportedTotal !== total) {
    warnings.push({
      code: UsageWarningCode.TotalMismatch,
      message: `the buckets add up to ${total} tokens but the provider reported a total of ${reportedTotal}`,
      reported: reportedTotal,
      computed: total,
    });
  }
  return {
    format,
    buckets,
    total,
    reportedTotal,
    parts: parts ?? [{ model: null, kind: 'response', buckets }],
    serverToolUse: {
      webSearchRequests: count(obj(usage, 'server_tool_use'), 'web_search_requests') ?? 0,
      webFetchRequests: count(obj(usage, 'server_tool_use'), 'web_fetch_requests') ?? 0,
    },
    warnings,
  };
}

/**
 * Finds and normalises the usage of a whole response body (`usage`, `usageMetadata`, or a
 * Responses-API `response.usage`); null when the body carries none. Takes the model from the body.
 */
export function normalizeResponseUsage(
  body: unknown,
  options: NormalizeUsageOptions = {},
): NormalizedUsage | null {
  if (!isObject(body)) return null;
  const usage =
    body.usage ?? body.usageMetadata ?? obj(body, 'response')?.usage ?? obj(body, 'message')?.usage;
  if (!isObject(usage)) return null;
  const model = typeof body.model === 'string' ? body.model : undefined;
  return normalizeUsage(usage, { ...(model === undefined ? {} : { model }), ...options });
}

interface Read {
  buckets: UsageBuckets;
  reportedTotal: number | null;
  parts?: UsagePart[];
}
type Reader = (usage: Json, options: NormalizeUsageOptions, warnings: UsageWarning[]) => Read;

/** `part - detail`, clamped at 0 with a warning when the provider's detail exceeds its parent. */
function minus(part: number, detail: number, what: string, warnings: UsageWarning[]): number {
  if (detail <= part) return part - detail;
  warnings.push({
    code: UsageWarningCode.InconsistentDetail,
    message: `${what}: the detail (${detail}) exceeds its parent (${part}); counted as 0`,
    reported: part,
    computed: detail,
  });
  return 0;
}

/**
 * OpenAI-style counts: `prompt` includes cache reads and writes; `completion` includes reasoning
 * unless the provider reports it outside (xAI Chat). The reported total decides when it can.
 */
function openAiLike(
  c: {
    prompt: number;
    cached: number;
    cacheWrite: number;
    completion: number;
    reasoning: number;
    total: number | null;
  },
  reasoningOutside: boolean,
  warnings: UsageWarning[],
): Read {
  const b = emptyBuckets();
  b.cacheRead = c.cached;
  b.cacheWrite5m = c.cacheWrite;
  b.inputUncached = minus(c.prompt, c.cached + c.cacheWrite, 'prompt tokens minus cached tokens', warnings);
  b.outputReasoning = c.reasoning;
  if (c.total !== null && c.reasoning > 0) {
    const inside = c.prompt + c.completion;
    if (c.total === inside) reasoningOutside = false;
    else if (c.total === inside + c.reasoning) reasoningOutside = true;
  }
  b.outputText = reasoningOutside
    ? c.completion
    : minus(c.completion, c.reasoning, 'completion tokens minus reasoning tokens', warnings);
  return { buckets: b, reportedTotal: c.total };
}

const openAiChat: Reader = (u, options, warnings) => {
  const prompt = count(u, 'prompt_tokens') ?? 0;
  const details = obj(u, 'prompt_tokens_details');
  const hit = count(u, 'prompt_cache_hit_tokens'); // DeepSeek: hit + miss = prompt
  const miss = count(u, 'prompt_cache_miss_tokens');
  if (hit !== undefined && miss !== undefined && hit + miss !== prompt) {
    warnings.push({
      code: UsageWarningCode.InconsistentDetail,
      message: `prompt_cache_hit_tokens + prompt_cache_miss_tokens = ${hit + miss}, but prompt_tokens = ${prompt}`,
      reported: prompt,
      computed: hit + miss,
    });
  }
  return openAiLike(
    {
      prompt,
      // Moonshot reports `cached_tokens` at the top level
      cached: count(details, 'cached_tokens') ?? hit ?? count(u, 'cached_tokens') ?? 0,
      cacheWrite: count(details, 'cache_write_tokens') ?? 0,
      completion: count(u, 'completion_tokens') ?? 0,
      reasoning: count(obj(u, 'completion_tokens_details'), 'reasoning_tokens') ?? 0,
      total: count(u, 'total_tokens') ?? null,
    },
    options.provider?.toLowerCase() === 'xai',
    warnings,
  );
};

const openAiResponses: Reader = (u, _options, warnings) => {
  const details = obj(u, 'input_tokens_details');
  return openAiLike(
    {
      prompt: count(u, 'input_tokens') ?? 0,
      cached: count(details, 'cached_tokens') ?? 0,
      cacheWrite: count(details, 'cache_write_tokens') ?? 0,
      completion: count(u, 'output_tokens') ?? 0,
      reasoning: count(obj(u, 'output_tokens_details'), 'reasoning_tokens') ?? 0,
      total: count(u, 'total_tokens') ?? null,
    },
    false,
    warnings,
  );
};

/** Anthropic: `input_tokens` EXCLUDES cache reads and writes; thinking is part of `output_tokens`. */
function anthropicBuckets(u: Json, warnings: UsageWarning[]): UsageBuckets {
  const b = emptyBuckets();
  b.inputUncached = count(u, 'input_tokens') ?? 0;
  b.cacheRead = count(u, 'cache_read_input_tokens') ?? 0;
  const split = obj(u, 'cache_creation');
  const oneHour = count(split, 'ephemeral_1h_input_tokens') ?? 0;
  const written =
    count(u, 'cache_creation_input_tokens') ?? oneHour + (count(split, 'ephemeral_5m_input_tokens') ?? 0);
  // Writes not covered by the split are 5-minute writes (the default TTL). A streamed message_delta
  // revises the total without repeating the split.
  b.cacheWrite1h = Math.min(oneHour, written);
  b.cacheWrite5m = written - b.cacheWrite1h;
  const output = count(u, 'output_tokens') ?? 0;
  b.outputReasoning = count(obj(u, 'output_tokens_details'), 'thinking_tokens') ?? 0;
  b.outputText = minus(output, b.outputReasoning, 'output tokens minus thinking tokens', warnings);
  return b;
}

/**
 * With `iterations` (advisor, compaction, fallback), every iteration is billed, each at the model it
 * names (else the call's model), while the top-level usage covers only the message-like iterations of
 * the model that answered. That relation is checked; a mismatch is an ITERATIONS_MISMATCH warning.
 */
const anthropic: Reader = (u, options, warnings) => {
  const top = anthropicBuckets(u, warnings);
  const iterations = Array.isArray(u.iterations) ? u.iterations.filter(isObject) : [];
  if (iterations.length === 0) return { buckets: top, reportedTotal: null };
  const kindOf = (it: Json) => (typeof it.type === 'string' ? it.type : 'message');
  const modelOf = (it: Json) => (typeof it.model === 'string' ? it.model : undefined);
  const messageLike = (it: Json) => kindOf(it) === 'message' || kindOf(it) === 'fallback_message';
  // The model that produced the answer: the last message-like iteration that names one (after a
  // fallback), else the response's model. The caller's `model` may be the one it asked for.
  const own = iterations.filter(messageLike).map(modelOf).filter(Boolean).at(-1) ?? options.model;
  const parts: UsagePart[] = [];
  let billed = emptyBuckets();
  let covered = emptyBuckets();
  for (const it of iterations) {
    const model = modelOf(it);
    const buckets = anthropicBuckets(it, warnings);
    const isOwn = model === undefined || model === own;
    // a named model is priced at that model; an unnamed iteration at the call's model
    parts.push({ model: model ?? null, kind: kindOf(it), buckets });
    billed = addBuckets(billed, buckets);
    if (isOwn && messageLike(it)) covered = addBuckets(covered, buckets);
  }
  if (sumBuckets(covered) !== sumBuckets(top)) {
    warnings.push({
      code: UsageWarningCode.IterationsMismatch,
      message: `the top-level usage has ${sumBuckets(top)} tokens but its iterations of the response's model have ${sumBuckets(covered)}`,
      reported: sumBuckets(top),
      computed: sumBuckets(covered),
    });
  }
  return { buckets: billed, reportedTotal: null, parts };
};

/** Gemini: `promptTokenCount` includes cached content; thoughts are NOT part of candidates. */
const gemini: Reader = (u, _options, warnings) => {
  const b = emptyBuckets();
  const prompt = count(u, 'promptTokenCount') ?? 0;
  b.cacheRead = count(u, 'cachedContentTokenCount') ?? 0;
  b.inputUncached =
    minus(prompt, b.cacheRead, 'prompt tokens minus cached tokens', warnings) +
    (count(u, 'toolUsePromptTokenCount') ?? 0);
  b.outputText = count(u, 'candidatesTokenCount') ?? 0;
  b.outputReasoning = count(u, 'thoughtsTokenCount') ?? 0;
  return { buckets: b, reportedTotal: count(u, 'totalTokenCount') ?? null };
};

const geminiInteractions: Reader = (u, _options, warnings) => {
  const b = emptyBuckets();
  b.cacheRead = count(u, 'total_cached_tokens') ?? 0;
  b.inputUncached =
    minus(count(u, 'total_input_tokens') ?? 0, b.cacheRead, 'input tokens minus cached tokens', warnings) +
    (count(u, 'total_tool_use_tokens') ?? 0);
  b.outputText = count(u, 'total_output_tokens') ?? 0;
  b.outputReasoning = count(u, 'total_thought_tokens') ?? 0;
  return { buckets: b, reportedTotal: count(u, 'total_tokens') ?? null };
};

/** Bedrock Converse: like Anthropic, `inputTokens` excludes cache reads and writes. */
const bedrock: Reader = (u) => {
  const b = emptyBuckets();
  b.inputUncached = count(u, 'inputTokens') ?? 0;
  b.cacheRead = count(u, 'cacheReadInputTokens') ?? 0;
  b.cacheWrite5m = count(u, 'cacheWriteInputTokens') ?? 0;
  b.outputText = count(u, 'outputTokens') ?? 0;
  return { buckets: b, reportedTotal: count(u, 'totalTokens') ?? null };
};

/** Cohere bills `billed_units`; `tokens` are the raw counts including its own preamble. */
const cohere: Reader = (u) => {
  const b = emptyBuckets();
  const billed = obj(u, 'billed_units');
  b.inputUncached = count(billed, 'input_tokens') ?? 0;
  b.outputText = count(billed, 'output_tokens') ?? 0;
  return { buckets: b, reportedTotal: null };
};

/** At least one of these must be present for a format to read the object. */
const KEY_FIELDS: Record<UsageFormat, string[]> = {
  'openai-chat': ['prompt_tokens', 'completion_tokens'],
  'openai-responses': ['input_tokens', 'output_tokens'],
  anthropic: ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'],
  gemini: ['promptTokenCount', 'candidatesTokenCount', 'totalTokenCount'],
  'gemini-interactions': ['total_input_tokens', 'total_output_tokens'],
  bedrock: ['inputTokens', 'outputTokens'],
  cohere: ['billed_units'],
};

const READERS: Record<UsageFormat, Reader> = {
  'openai-chat': openAiChat,
  'openai-responses': openAiResponses,
  anthropic,
  gemini,
  'gemini-interactions': geminiInteractions,
  bedrock,
  cohere,
};
