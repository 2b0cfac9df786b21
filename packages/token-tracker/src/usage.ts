/**
 * Disjoint token buckets. Every billed token is in exactly one bucket, so the buckets add up to the
 * total, and each bucket has its own rate:
 * - `inputUncached`: prompt tokens read at the normal input rate (tool-use prompt tokens included)
 * - `cacheRead`: prompt tokens served from the prompt cache
 * - `cacheWrite5m` / `cacheWrite1h`: prompt tokens written to the cache with a 5-minute / 1-hour TTL
 * - `outputText`: generated tokens that are not reasoning
 * - `outputReasoning`: reasoning ("thinking", "thoughts") tokens
 */
export const USAGE_BUCKETS = [
  'inputUncached',
  'cacheRead',
  'cacheWrite5m',
  'cacheWrite1h',
  'outputText',
  'outputReasoning',
] as const;
export type UsageBucket = (typeof USAGE_BUCKETS)[number];
export type UsageBuckets = Record<UsageBucket, number>;

/** The usage shapes `normalizeUsage` reads. Detected from the field names unless given. */
export type UsageFormat =
  | 'openai-chat' // also DeepSeek, xAI, Groq, Mistral, Moonshot, Perplexity, Alibaba, Azure, OpenRouter
  | 'openai-responses' // also xAI Responses
  | 'anthropic'
  | 'gemini' // generateContent `usageMetadata`
  | 'gemini-interactions' // Interactions API `usage`
  | 'bedrock' // Converse
  | 'cohere'; // v2 chat: `billed_units` are what is billed

export const UsageWarningCode = {
  /** The buckets add up to a different number than the total the provider reported. */
  TotalMismatch: 'TOTAL_MISMATCH',
  /** A detail exceeds its parent (e.g. cached > prompt); the bucket was clamped to 0. */
  InconsistentDetail: 'INCONSISTENT_DETAIL',
  /** Anthropic `iterations` do not add up to the top-level usage. */
  IterationsMismatch: 'ITERATIONS_MISMATCH',
} as const;
export type UsageWarningCode = (typeof UsageWarningCode)[keyof typeof UsageWarningCode];

export interface UsageWarning {
  code: UsageWarningCode;
  message: string;
  /** The number the provider reported. */
  reported: number;
  /** The number computed from the buckets. */
  computed: number;
}

/**
 * Tokens billed at one model. `model: null` is the model of the call (the one you pass to
 * `computeCost`); Anthropic `iterations` can name another one (an advisor, a fallback).
 */
export interface UsagePart {
  model: string | null;
  /** `'response'`, or the Anthropic iteration type (`message`, `compaction`, `advisor_message`, ...). */
  kind: string;
  buckets: UsageBuckets;
}

export interface NormalizedUsage {
  format: UsageFormat;
  /** All billed tokens, summed over the parts. */
  buckets: UsageBuckets;
  /** The sum of `buckets`. */
  total: number;
  /** The total the provider reported, if it reported one. */
  reportedTotal: number | null;
  /** Per-model split of `buckets` (one part unless the response lists billed iterations). */
  parts: UsagePart[];
  /** Server-side tool requests (billed per request by some providers; not priced here). */
  serverToolUse: { webSearchRequests: number; webFetchRequests: number };
  warnings: UsageWarning[];
}

export function emptyBuckets(): UsageBuckets {
  return {
    inputUncached: 0,
    cacheRead: 0,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    outputText: 0,
    outputReasoning: 0,
  };
}

export function sumBuckets(b: UsageBuckets): number {
  return b.inputUncached + b.cacheRead + b.cacheWrite5m + b.cacheWrite1h + b.outputText + b.outputReasoning;
}

/** Prompt-side tokens (all input buckets): what context-size price tiers are decided on. */
export function inputTokens(b: UsageBuckets): number {
  return b.inputUncached + b.cacheRead + b.cacheWrite5m + b.cacheWrite1h;
}

export function addBuckets(a: UsageBuckets, b: UsageBuckets): UsageBuckets {
  const out = emptyBuckets();
  for (const k of USAGE_BUCKETS) out[k] = a[k] + b[k];
  return out;
}

/** A `NormalizedUsage` from known buckets (tests, estimates, usage recorded elsewhere). */
export function usageFromBuckets(
  buckets: Partial<UsageBuckets>,
  format: UsageFormat = 'openai-chat',
): NormalizedUsage {
  const b = { ...emptyBuckets(), ...buckets };
  return {
    format,
    buckets: b,
    total: sumBuckets(b),
    reportedTotal: null,
    parts: [{ model: null, kind: 'response', buckets: b }],
    serverToolUse: { webSearchRequests: 0, webFetchRequests: 0 },
    warnings: [],
  };
}

/** Sums several usages (the calls of a run, the steps of an agent) into one. */
export function addUsage(usages: readonly NormalizedUsage[]): NormalizedUsage {
  const first = usages[0];
  const out = usageFromBuckets({}, first?.format ?? 'openai-chat');
  out.parts = [];
  let reported: number | null = usages.length > 0 ? 0 : null;
  for (const u of usages) {
    out.buckets = addBuckets(out.buckets, u.buckets);
    out.parts.push(...u.parts);
    out.serverToolUse.webSearchRequests += u.serverToolUse.webSearchRequests;
    out.serverToolUse.webFetchRequests += u.serverToolUse.webFetchRequests;
    out.warnings.push(...u.warnings);
    reported = reported === null || u.reportedTotal === null ? null : reported + u.reportedTotal;
  }
  out.total = sumBuckets(out.buckets);
  out.reportedTotal = reported;
  return out;
}
