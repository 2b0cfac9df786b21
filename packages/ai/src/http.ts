import { type Dispatcher, request } from 'undici';
import { AiError, AiErrorCode } from './errors.js';
import { parseRetryAfter } from './retry-after.js';

export interface PostJsonOptions {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  dispatcher?: Dispatcher | undefined;
  now: () => number;
}

const MAX_ERROR_BODY_CHARS = 300;

/**
 * POST a JSON body and return the parsed JSON of a 2xx response. Every failure becomes an `AiError`
 * whose `retryable` flag says whether another attempt may help (429, 408, 5xx, network, timeout).
 * The whole exchange, body included, is bounded by `timeoutMs`.
 */
export async function postJson(options: PostJsonOptions): Promise<unknown> {
  const timeout = new AbortController();
  const timer = setTimeout(
    () =>
      timeout.abort(
        new AiError(AiErrorCode.Timeout, `no complete response within ${options.timeoutMs} ms`, {
          retryable: true,
        }),
      ),
    options.timeoutMs,
  );
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  try {
    const response = await request(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
      body: JSON.stringify(options.body),
      signal,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    const text = await response.body.text();
    const status = response.statusCode;
    if (status < 200 || status >= 300)
      throw statusError(status, response.headers['retry-after'], text, options.now());
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new AiError(AiErrorCode.InvalidResponse, `response body is not JSON (${text.length} chars)`, {
        cause,
      });
    }
  } catch (error) {
    if (error instanceof AiError) throw error;
    if (timeout.signal.aborted) throw timeout.signal.reason as AiError;
    if (options.signal?.aborted)
      throw new AiError(AiErrorCode.Aborted, 'the call was aborted', { cause: error });
    const message = error instanceof Error ? error.message : String(error);
    throw new AiError(AiErrorCode.Network, `network error: ${message}`, { cause: error, retryable: true });
  } finally {
    clearTimeout(timer);
  }
}

function statusError(status: number, retryAfter: string | string[] | undefined, body: string, nowMs: number) {
  // Provider error bodies explain the failure (model not found, bad schema); keep a short excerpt.
  const excerpt = body.replace(/\s+/g, ' ').slice(0, MAX_ERROR_BODY_CHARS);
  const message = `HTTP ${status}${excerpt ? `: ${excerpt}` : ''}`;
  const retryAfterMs = parseRetryAfter(retryAfter, nowMs);
  const details = { status };
  if (status === 429)
    return new AiError(AiErrorCode.RateLimited, message, { retryable: true, retryAfterMs, details });
  if (status >= 500 || status === 408) {
    return new AiError(AiErrorCode.ServerError, message, { retryable: true, retryAfterMs, details });
  }
  return new AiError(AiErrorCode.HttpError, message, { details });
}
