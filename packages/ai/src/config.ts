import { z } from 'zod';
import { AiError, AiErrorCode } from './errors.js';

export const AI_PROVIDERS = ['openai-compatible', 'anthropic'] as const;
export type AiProvider = (typeof AI_PROVIDERS)[number];

/** Where each provider's API lives unless `baseUrl` says otherwise (OpenRouter, Ollama, vLLM, a proxy). */
export const DEFAULT_BASE_URLS: Record<AiProvider, string> = {
  'openai-compatible': 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com/v1',
};

// Headers that carry credentials: they come from `apiKeyEnv`, never from the config file.
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'x-api-key',
  'api-key',
  'proxy-authorization',
  'cookie',
]);

const backoffSchema = z
  .object({
    baseMs: z.number().int().min(0).default(500),
    capMs: z.number().int().min(0).default(30_000),
    jitter: z.number().min(0).max(1).default(0.5),
  })
  .strict();

/**
 * The `ai` section of the daily run's config file. Everything has a default except `model` and
 * `apiKeyEnv`; without both (and the variable set) the AI stage is `disabled`, never an error.
 */
export const aiConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    provider: z.enum(AI_PROVIDERS).default('openai-compatible'),
    /** API root, e.g. `https://openrouter.ai/api/v1` or `http://127.0.0.1:11434/v1` (Ollama). */
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    model: z.string().trim().min(1).optional(),
    /**
     * The provider name prices and budgets know this endpoint by (`openai`, `openrouter`, `ollama`,
     * ...). Default: `anthropic` for the Anthropic API, `openai` for an OpenAI-compatible one.
     */
    providerName: z.string().trim().min(1).max(100).optional(),
    /** The NAME of the environment variable that holds the API key; the key itself never goes in config. */
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable (e.g. OPENAI_API_KEY)')
      .optional(),
    /** `json_schema`: the API enforces the schema; `json_object`: JSON mode only; `prompt`: instructions only. */
    structuredOutput: z.enum(['json_schema', 'json_object', 'prompt']).default('json_schema'),
    /** OpenAI reasoning models accept only `max_completion_tokens`; many compatible servers only `max_tokens`. */
    maxTokensParam: z.enum(['max_tokens', 'max_completion_tokens']).default('max_tokens'),
    temperature: z.number().min(0).max(2).default(0),
    /** Sent as `seed` (OpenAI-compatible) and seeds the retry jitter. */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(0),
    maxOutputTokens: z.number().int().positive().max(200_000).default(2048),
    timeoutMs: z.number().int().positive().default(60_000),
    retries: z.number().int().min(0).max(10).default(2),
    backoff: backoffSchema.default({ baseMs: 500, capMs: 30_000, jitter: 0.5 }),
    /** A `Retry-After` longer than this is not waited for: the call fails as rate limited. */
    maxRetryAfterMs: z.number().int().min(0).default(60_000),
    /** Extra non-secret headers (e.g. OpenRouter's `HTTP-Referer`, `X-Title`). */
    headers: z
      .record(z.string(), z.string())
      .default({})
      .refine((h) => Object.keys(h).every((k) => !CREDENTIAL_HEADERS.has(k.toLowerCase())), {
        message: 'credential headers are not allowed here: put the key in the variable named by apiKeyEnv',
      }),
    anthropicVersion: z.string().min(1).default('2023-06-01'),
    cacheDir: z.string().min(1).default('.jobintel/ai-cache'),
    tasks: z
      .object({
        insights: z
          .object({
            enabled: z.boolean().default(true),
            /** At most this many ranked jobs go into the weekly insights prompt. */
            maxJobs: z.number().int().min(1).max(100).default(20),
          })
          .strict()
          .default({ enabled: true, maxJobs: 20 }),
        briefs: z
          .object({
            enabled: z.boolean().default(true),
            topN: z.number().int().min(0).max(100).default(5),
            concurrency: z.number().int().min(1).max(16).default(2),
          })
          .strict()
          .default({ enabled: true, topN: 5, concurrency: 2 }),
      })
      .strict()
      .default({
        insights: { enabled: true, maxJobs: 20 },
        briefs: { enabled: true, topN: 5, concurrency: 2 },
      }),
  })
  .strict();

export type AiConfigInput = z.input<typeof aiConfigSchema>;
export type AiConfig = z.output<typeof aiConfigSchema>;

/** Validate once at the edge; the error lists every problem with its path (values are never echoed). */
export function parseAiConfig(input: unknown): AiConfig {
  const parsed = aiConfigSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new AiError(AiErrorCode.InvalidConfig, `invalid ai config: ${problems.join('; ')}`, {
    details: { problems },
  });
}

/** The API root without a trailing slash. */
export function resolveBaseUrl(config: AiConfig): string {
  return (config.baseUrl ?? DEFAULT_BASE_URLS[config.provider]).replace(/\/+$/, '');
}

/** The provider name for prices, budgets and cache keys. */
export function resolveProviderName(config: AiConfig): string {
  return config.providerName ?? (config.provider === 'anthropic' ? 'anthropic' : 'openai');
}
