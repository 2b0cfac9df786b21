import { type Logger, seededRandom, silentLogger } from '@jobintel/runner-core';
import type { UsageBuckets } from '@jobintel/token-tracker';
import type { Dispatcher } from 'undici';
import type { Accounting, Reservation } from './accounting.js';
import { type AiConfig, resolveBaseUrl, resolveProviderName } from './config.js';
import { AiError, AiErrorCode } from './errors.js';
import { postJson } from './http.js';
import { anthropicAdapter } from './providers/anthropic.js';
import { openAiChatAdapter } from './providers/openai-chat.js';
import type { ChatRequest, ParsedResponse, ProviderAdapter } from './providers/types.js';
import { retryDelay } from './retry-after.js';

export interface LlmClientDeps {
  accounting: Accounting;
  apiKey: string;
  logger?: Logger;
  dispatcher?: Dispatcher;
  /** Waits between attempts; tests inject one that records delays instead of sleeping. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** One successful completion: the answer text and what it cost. */
export interface Completion {
  text: string;
  model: string;
  /** Disjoint token buckets as the token tracker normalised them. */
  usage: UsageBuckets;
  totalTokens: number;
  /** Integer nano-dollars (1e-9 USD) as the token tracker priced them. */
  costNanos: number;
  /** HTTP attempts made (1 when the first succeeded). */
  attempts: number;
}

export interface LlmClient {
  readonly model: string;
  /** The provider name used for prices, budgets and cache keys. */
  readonly provider: string;
  /**
   * One call with retries on 429 / 5xx / network errors / timeouts, each attempt inside a budget
   * reservation that is settled to the real usage or released. Throws `AiError` on failure; a
   * response that was paid for is settled even when its content is unusable.
   */
  complete(request: ChatRequest, options?: { signal?: AbortSignal }): Promise<Completion>;
}

const ADAPTERS: Record<AiConfig['provider'], ProviderAdapter> = {
  'openai-compatible': openAiChatAdapter,
  anthropic: anthropicAdapter,
};

// Anthropic adds a tool-use system prompt of about 300-350 tokens when tools are sent (its tool-use
// pricing table); it is not in our text, so the reservation adds it.
const ANTHROPIC_TOOL_OVERHEAD_TOKENS = 350;

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function createLlmClient(config: AiConfig, deps: LlmClientDeps): LlmClient {
  const model = config.model;
  if (!model) throw new AiError(AiErrorCode.InvalidConfig, 'ai.model is required to create a client');
  const adapter = ADAPTERS[config.provider];
  const providerName = resolveProviderName(config);
  const url = `${resolveBaseUrl(config)}${adapter.path}`;
  const headers = { ...config.headers, ...adapter.headers(deps.apiKey, config) };
  const logger = (deps.logger ?? silentLogger).child({
    component: 'ai-client',
    provider: config.provider,
    model,
  });
  const sleep = deps.sleep ?? defaultSleep;
  const now = deps.now ?? Date.now;
  const random = seededRandom(config.seed);
  const { accounting } = deps;
  // A provider may quote the key back in an error body; it must not travel further.
  const scrub = (error: AiError): AiError =>
    deps.apiKey.length > 0 && error.message.includes(deps.apiKey)
      ? new AiError(error.code, error.message.split(deps.apiKey).join('[REDACTED]'), {
          retryable: error.retryable,
          ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
          ...(error.details ? { details: error.details } : {}),
        })
      : error;

  async function reserve(request: ChatRequest): Promise<Reservation> {
    const toolSchema = config.provider === 'anthropic' && config.structuredOutput !== 'prompt';
    const inputTokens =
      accounting.estimateInputTokens(model!, [
        { role: 'system', content: request.system },
        // the schema travels once more, as response_format or as the tool's input_schema
        { role: 'system', content: JSON.stringify(request.schema.jsonSchema) },
        ...request.messages,
      ]) + (toolSchema ? ANTHROPIC_TOOL_OVERHEAD_TOKENS : 0);
    try {
      return await accounting.reserve({
        provider: providerName,
        model: model!,
        api: adapter.api,
        inputTokens,
        maxOutputTokens: request.maxOutputTokens,
      });
    } catch (cause) {
      if (cause instanceof AiError) throw cause;
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new AiError(AiErrorCode.AccountingFailed, `could not reserve budget: ${message}`, { cause });
    }
  }

  async function settle(reservation: Reservation, rawUsage: unknown) {
    const settled = await accounting.settle(reservation, adapter.api, rawUsage).catch((cause: unknown) => {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new AiError(AiErrorCode.AccountingFailed, `could not settle the call's cost: ${message}`, {
        cause,
      });
    });
    for (const warning of settled.warnings) logger.warn({ event: 'ai.usage_warning', warning }, warning);
    return settled;
  }

  async function attempt(request: ChatRequest, signal: AbortSignal | undefined) {
    const reservation = await reserve(request);
    let json: unknown;
    try {
      json = await postJson({
        url,
        headers,
        body: adapter.body(request, config, model!),
        timeoutMs: config.timeoutMs,
        signal,
        dispatcher: deps.dispatcher,
        now,
      });
    } catch (error) {
      await accounting.release(reservation);
      throw error;
    }
    let parsed: ParsedResponse;
    try {
      parsed = adapter.parse(json);
    } catch (error) {
      // An unusable envelope that still reports usage was paid for: settle it, else give it back.
      const usage = (json as { usage?: unknown } | null)?.usage;
      if (typeof usage !== 'object' || usage === null) {
        await accounting.release(reservation);
        throw error;
      }
      const settled = await settle(reservation, usage);
      throw new AiError(AiErrorCode.InvalidResponse, (error as Error).message, {
        cause: error,
        details: { costNanos: settled.costNanos },
      });
    }
    if (parsed.usage === undefined) {
      // Paid for but unreported: keep the worst case rather than count the call as free.
      logger.warn(
        { event: 'ai.usage_missing' },
        'response has no usage; the reservation is kept as its cost',
      );
    }
    return { parsed, settled: await settle(reservation, parsed.usage) };
  }

  async function complete(request: ChatRequest, options: { signal?: AbortSignal } = {}): Promise<Completion> {
    const attempts = config.retries + 1;
    for (let n = 1; ; n++) {
      try {
        const { parsed, settled } = await attempt(request, options.signal);
        const paid = { costNanos: settled.costNanos };
        if (parsed.refusal !== undefined) {
          throw new AiError(AiErrorCode.OutputInvalid, `the model refused: ${parsed.refusal.slice(0, 200)}`, {
            details: paid,
          });
        }
        if (parsed.truncated) {
          throw new AiError(
            AiErrorCode.Truncated,
            `the answer hit the ${request.maxOutputTokens}-token output limit`,
            {
              details: paid,
            },
          );
        }
        if (parsed.text === undefined || parsed.text.trim() === '') {
          throw new AiError(AiErrorCode.OutputInvalid, 'the response has no answer text', {
            details: paid,
          });
        }
        logger.debug(
          { event: 'ai.call', attempts: n, costNanos: settled.costNanos, tokens: settled.totalTokens },
          'ai call done',
        );
        return {
          text: parsed.text,
          model: parsed.model ?? model!,
          usage: settled.buckets,
          totalTokens: settled.totalTokens,
          costNanos: settled.costNanos,
          attempts: n,
        };
      } catch (raw) {
        const error = raw instanceof AiError ? scrub(raw) : raw;
        if (!(error instanceof AiError) || !error.retryable || n >= attempts || options.signal?.aborted)
          throw error;
        if (error.retryAfterMs !== undefined && error.retryAfterMs > config.maxRetryAfterMs) {
          throw new AiError(
            error.code,
            `${error.message} (Retry-After ${error.retryAfterMs} ms exceeds the cap)`,
            {
              cause: error,
              details: error.details,
            },
          );
        }
        const delay = retryDelay(n, error.retryAfterMs, config.backoff, random);
        logger.info({ event: 'ai.retry', attempt: n, code: error.code, delayMs: delay }, 'retrying ai call');
        await sleep(delay, options.signal).catch((cause: unknown) => {
          throw new AiError(AiErrorCode.Aborted, 'the call was aborted while waiting to retry', { cause });
        });
      }
    }
  }

  return { model, provider: providerName, complete };
}
