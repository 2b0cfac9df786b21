import { type Dispatcher, request } from 'undici';
import type { AvailabilityReason } from '../availability.js';
import type { Politeness } from '../board-config.js';

/** One HTTP exchange: a whole response, or why there is none. */
export type Once =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: Buffer }
  | { kind: 'error'; reason: AvailabilityReason; detail: string; status: number | null; bytes: number };

export interface SendRequest {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  etag?: string | null;
  lastModified?: string | null;
}

export interface SendContext {
  userAgent: string;
  dispatcher: Dispatcher;
  signal?: AbortSignal | undefined;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

class BodyDeadline extends Error {}
class BodyTooLarge extends Error {}

/**
 * Send one request with undici (no redirects followed, no retries): header and idle-body timeouts from
 * undici, plus a total body deadline and the size cap enforced while streaming. Only the caller's
 * abort signal makes it throw; every other failure is returned as an `error` with a reason.
 */
export async function sendOnce(req: SendRequest, s: Required<Politeness>, ctx: SendContext): Promise<Once> {
  const headers: Record<string, string> = {
    'user-agent': ctx.userAgent,
    accept: 'application/json, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5',
    'accept-encoding': 'identity',
    ...req.headers,
  };
  if (req.etag) headers['if-none-match'] = req.etag;
  if (req.lastModified) headers['if-modified-since'] = req.lastModified;
  const { signal } = ctx;
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let deadline: NodeJS.Timeout | undefined;
  let bytes = 0;
  let status: number | null = null;
  const fail = (reason: AvailabilityReason, detail: string): Once => ({
    kind: 'error',
    reason,
    detail,
    status,
    bytes,
  });
  try {
    const res = await request(req.url, {
      method: req.method,
      headers,
      body: req.body ?? null,
      dispatcher: ctx.dispatcher,
      headersTimeout: s.headersTimeoutMs,
      bodyTimeout: s.bodyTimeoutMs,
      signal: controller.signal,
    });
    status = res.statusCode;
    const length = Number(res.headers['content-length']);
    if (Number.isFinite(length) && length > s.maxBytes) {
      res.body.destroy();
      return fail('too_large', `Content-Length ${length} exceeds ${s.maxBytes} bytes`);
    }
    // undici's bodyTimeout is an idle timeout; a slow drip must also stop at a total deadline
    deadline = setTimeout(
      () => controller.abort(new BodyDeadline(`body not complete within ${s.bodyTimeoutMs} ms`)),
      s.bodyTimeoutMs,
    );
    const chunks: Buffer[] = [];
    for await (const chunk of res.body) {
      bytes += (chunk as Buffer).length;
      if (bytes > s.maxBytes) {
        res.body.destroy();
        throw new BodyTooLarge(`body exceeds ${s.maxBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    return {
      kind: 'response',
      status: res.statusCode,
      headers: flatHeaders(res.headers),
      body: Buffer.concat(chunks),
    };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (error instanceof BodyTooLarge) return fail('too_large', error.message);
    const aborted = controller.signal.reason;
    if (aborted instanceof BodyDeadline) return fail('timeout', aborted.message);
    const code = errorCode(error);
    const message = (error as Error)?.message ?? String(error);
    if (TIMEOUT_CODES.has(code)) return fail('timeout', `${code}: ${message}`);
    // resets, refusals, DNS and socket errors
    return fail('network', code ? `${code}: ${message}` : message);
  } finally {
    clearTimeout(deadline);
    signal?.removeEventListener('abort', onAbort);
  }
}

function errorCode(error: unknown): string {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return '';
}

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
