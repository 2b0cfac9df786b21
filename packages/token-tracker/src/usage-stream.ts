import { type NormalizeUsageOptions, normalizeUsage } from './normalize-usage.js';
import { isObject, type Json, obj } from './read-fields.js';
import type { NormalizedUsage } from './usage.js';

/** Collects the usage of a streamed response, one parsed event (SSE `data:` payload) at a time. */
export interface UsageAccumulator {
  /** Feed every event; events without usage are ignored. */
  push(event: unknown): void;
  /** The usage so far, normalised; null when no event carried usage (e.g. OpenAI without include_usage). */
  result(): NormalizedUsage | null;
}

/**
 * Streams report usage cumulatively, never as increments: OpenAI Chat sends it once in a final chunk
 * (`choices: []`), the Responses API in `response.completed`, Gemini in every chunk (the last wins),
 * and Anthropic in `message_start` and then `message_delta` events whose fields REPLACE earlier values
 * (they can even revise `input_tokens`). Merging field by field, later over earlier, is right for all.
 */
export function createUsageAccumulator(options: NormalizeUsageOptions = {}): UsageAccumulator {
  let merged: Json | null = null;
  let model = options.model;
  return {
    push(event) {
      if (!isObject(event)) return;
      const message = obj(event, 'message') ?? obj(event, 'response');
      if (model === undefined && typeof (message?.model ?? event.model) === 'string') {
        model = (message?.model ?? event.model) as string;
      }
      const usage = event.usage ?? event.usageMetadata ?? message?.usage;
      if (isObject(usage)) merged = mergeDeep(merged ?? {}, usage);
    },
    result() {
      if (merged === null) return null;
      return normalizeUsage(merged, { ...options, ...(model === undefined ? {} : { model }) });
    },
  };
}

function mergeDeep(into: Json, from: Json): Json {
  const out: Json = { ...into };
  for (const [k, v] of Object.entries(from)) {
    if (v === null || v === undefined) continue;
    const prev = out[k];
    out[k] = isObject(v) && isObject(prev) ? mergeDeep(prev, v) : v;
  }
  return out;
}
