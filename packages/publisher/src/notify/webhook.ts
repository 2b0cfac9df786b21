import { createHash, createHmac } from 'node:crypto';
import type { NotificationSummary } from './summary.js';

export const SIGNATURE_HEADER = 'x-jobintel-signature';
export const TIMESTAMP_HEADER = 'x-jobintel-timestamp';
export const DELIVERY_HEADER = 'x-jobintel-delivery';

export interface WebhookRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * The generic webhook: a JSON body `{ type, version, summary }` signed with HMAC-SHA256 over
 * `<timestamp>.<body>` (timestamp in Unix seconds, as sent in `x-jobintel-timestamp`); the signature
 * travels as `x-jobintel-signature: sha256=<hex>`. `x-jobintel-delivery` is the same for every retry of
 * one notification, so that a receiver can drop duplicates.
 */
export function renderWebhook(
  summary: NotificationSummary,
  maxJobs: number,
  target: string,
  secret: string,
  now: Date,
): WebhookRequest {
  const body = JSON.stringify({
    type: 'jobintel.run.summary',
    version: 1,
    summary: {
      ...summary,
      topNew: summary.topNew.slice(0, maxJobs),
      topChanged: summary.topChanged.slice(0, maxJobs),
    },
  });
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    body,
    headers: {
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: `sha256=${signWebhook(secret, timestamp, body)}`,
      [DELIVERY_HEADER]: createHash('sha256')
        .update(`${summary.runId}/${summary.profile}/${target}`)
        .digest('hex')
        .slice(0, 32),
    },
  };
}

/** The signature a receiver recomputes: hex HMAC-SHA256 of `<timestamp>.<raw body>` with the shared secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}
