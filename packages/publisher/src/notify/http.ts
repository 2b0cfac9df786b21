import { backoffDelay, type Logger, seededRandom } from '@jobintel/runner-core';
import { request } from 'undici';
import { PublisherError, PublisherErrorCode } from '../errors.js';
import type { Secret } from './secret.js';

export interface DeliveryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Per attempt: connect, headers and body each, and the whole request. */
  timeoutMs: number;
  baseMs: number;
  capMs: number;
  seed: number;
  /** A 429 asking to wait longer than this is given up on. */
  maxRetryAfterMs: number;
}

export interface Delivery {
  status: number;
  attempts: number;
}

/** Connection failures where the request surely never reached the receiver. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * POSTs a JSON body with undici, with timeouts, retrying 5xx answers and network errors with jittered
 * backoff and 429 answers after their `retry_after` (body, Discord) or `Retry-After` (header). Errors
 * name the target, never its URL. `details.uncertain` is true when the receiver may have got it.
 */
export async function postJson(
  url: Secret,
  body: string,
  headers: Record<string, string>,
  policy: DeliveryPolicy,
  log: Logger,
  label: string,
): Promise<Delivery> {
  const random = seededRandom(policy.seed);
  let uncertain = false;
  let lastStatus: number | undefined;
  for (let attempt = 1; ; attempt++) {
    let wait: number | undefined;
    let failure: string;
    try {
      const res = await request(url.reveal(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'jobintel-publisher', ...headers },
        body,
        headersTimeout: policy.timeoutMs,
        bodyTimeout: policy.timeoutMs,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      const text = await res.body.text();
      if (res.statusCode >= 200 && res.statusCode < 300) return { status: res.statusCode, attempts: attempt };
      failure = `HTTP ${res.statusCode}`;
      lastStatus = res.statusCode;
      if (res.statusCode === 429) {
        wait = retryAfterMs(text, res.headers['retry-after']);
        if (wait > policy.maxRetryAfterMs) {
          throw fail(
            `${label}: rate limited for ${wait} ms, longer than maxRetryAfterMs`,
            attempt,
            uncertain,
            res.statusCode,
          );
        }
      } else if (res.statusCode < 500) {
        throw fail(`${label}: ${failure}`, attempt, uncertain, res.statusCode);
      }
    } catch (error) {
      if (error instanceof PublisherError) throw error;
      const code = (error as { code?: string }).code ?? (error as Error).name ?? 'Error';
      failure = code;
      lastStatus = undefined;
      if (!NOT_SENT.has(code)) uncertain = true;
    }
    if (attempt >= policy.attempts)
      throw fail(`${label}: ${failure} after ${attempt} attempts`, attempt, uncertain, lastStatus);
    const delayMs =
      wait ?? backoffDelay(attempt, { baseMs: policy.baseMs, capMs: policy.capMs, jitter: 0.5 }, random);
    log.warn({ attempt, delayMs, failure }, 'notification delivery failed, retrying');
    await new Promise((done) => setTimeout(done, delayMs));
  }
}

function fail(message: string, attempts: number, uncertain: boolean, status?: number): PublisherError {
  return new PublisherError(PublisherErrorCode.NotifyFailed, message, {
    details: { attempts, uncertain, status },
  });
}

/** Discord puts seconds (a float) in the JSON body; others send a `Retry-After` header in seconds. */
function retryAfterMs(body: string, header: string | string[] | undefined): number {
  try {
    const parsed = JSON.parse(body) as { retry_after?: unknown };
    if (typeof parsed.retry_after === 'number' && parsed.retry_after >= 0)
      return Math.ceil(parsed.retry_after * 1000);
  } catch {
    // not JSON: fall through to the header
  }
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : 1000;
}
