import { createRequire } from 'node:module';

/** A chat message as the estimate reads it: only the text counts. */
export interface EstimateMessage {
  role: string;
  content: string;
}

export interface EstimateOptions {
  model: string;
  provider?: string;
}

export interface TokenEstimate {
  tokens: number;
  /** `o200k_base` / `cl100k_base` (exact tokenizer), or `approximation`. */
  method: 'o200k_base' | 'cl100k_base' | 'approximation';
}

interface Encoder {
  countTokens(text: string): number;
}

// Loaded on first use: the tokenizer tables cost ~100 ms and tens of MB, which callers that never
// estimate OpenAI prompts should not pay. `require` keeps the estimate synchronous.
const load = createRequire(import.meta.url);
const encoders = new Map<string, Encoder>();
function encoder(name: 'o200k_base' | 'cl100k_base'): Encoder {
  let e = encoders.get(name);
  if (!e) {
    e = load(`gpt-tokenizer/cjs/encoding/${name}`) as Encoder;
    encoders.set(name, e);
  }
  return e;
}

const OPENAI_MODEL = /^(?:openai\/)?(?:gpt-|o\d|chatgpt-|text-embedding-|davinci|babbage|codex)/i;
const CL100K = /^(?:openai\/)?(?:gpt-4(?![o.]|-?o)|gpt-3\.5|text-embedding-(?:3|ada))/i;

/** The OpenAI encoding of a model, or undefined for other providers' models. */
export function openAiEncoding(options: EstimateOptions): 'o200k_base' | 'cl100k_base' | undefined {
  const provider = options.provider?.toLowerCase();
  const openAi =
    provider === 'openai' ||
    provider === 'azure' ||
    (provider === undefined && OPENAI_MODEL.test(options.model));
  if (!openAi || !OPENAI_MODEL.test(options.model)) return undefined;
  return CL100K.test(options.model) ? 'cl100k_base' : 'o200k_base';
}

/**
 * The approximation for non-OpenAI tokenizers, chosen to over-estimate (a reservation must not be
 * short): one token per 3 ASCII characters, one token per non-ASCII character (CJK and emoji are
 * often one or more tokens each; accented Latin is over-counted). Common English runs at about 4
 * characters per token on OpenAI, Anthropic and Gemini tokenizers.
 */
export function approximateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 3) + other;
}

/** Per-message framing (role, separators) and the reply primer, as OpenAI's chat format counts them. */
const PER_MESSAGE = 4;
const PER_REPLY = 3;

/**
 * Prompt tokens before a call: exact with `gpt-tokenizer` for OpenAI models (o200k_base, or
 * cl100k_base for gpt-4 / gpt-3.5 / embeddings), the documented approximation for everyone else.
 * For messages, each adds its role and 4 framing tokens, plus 3 for the reply.
 */
export function estimateTokens(
  input: string | readonly EstimateMessage[],
  options: EstimateOptions,
): TokenEstimate {
  const encoding = openAiEncoding(options);
  const count = encoding ? (t: string) => encoder(encoding).countTokens(t) : approximateTokens;
  const tokens =
    typeof input === 'string'
      ? count(input)
      : input.reduce((sum, m) => sum + PER_MESSAGE + count(m.role) + count(m.content), PER_REPLY);
  return { tokens, method: encoding ?? 'approximation' };
}
