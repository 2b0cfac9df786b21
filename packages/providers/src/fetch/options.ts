import { z } from 'zod';
import { type Politeness, politenessSchema } from '../board-config.js';
import { ProviderError, ProviderErrorCode } from '../errors.js';
import { DEFAULT_ALLOWED_HOSTS } from './allowlist.js';

/** Politeness defaults: one request per second per host, small bursts, patient retries. */
export const DEFAULT_POLITENESS: Required<Politeness> = {
  ratePerSec: 1,
  burst: 2,
  jitterMs: 250,
  maxConcurrency: 2,
  retries: 3,
  backoffBaseMs: 1_000,
  backoffCapMs: 30_000,
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 15_000,
  bodyTimeoutMs: 30_000,
  maxBytes: 20 * 1024 * 1024,
};

export const fetcherOptionsSchema = z.strictObject({
  /** Sent on every request, robots.txt included; must carry a contact URL (or e-mail). */
  userAgent: z
    .string()
    .min(1)
    .refine((ua) => /https?:\/\/\S+|mailto:|@/.test(ua), {
      message: 'the User-Agent must include a contact URL, e.g. "JobIntel/1.0 (+https://example.com/bot)"',
    }),
  /** Hosts the fetcher may contact (exact or "*.domain"), checked on every redirect too. */
  allowHosts: z.array(z.string().min(1)).default([...DEFAULT_ALLOWED_HOSTS]),
  politeness: politenessSchema.default({}),
  /** Per-host overrides, keyed by host (host:port when not the default port). */
  hostPoliteness: z.record(z.string(), politenessSchema).default({}),
  breaker: z
    .strictObject({
      threshold: z.number().int().min(1).default(5),
      cooldownMs: z
        .number()
        .int()
        .min(0)
        .default(15 * 60_000),
    })
    .default({ threshold: 5, cooldownMs: 15 * 60_000 }),
  respectRobots: z.boolean().default(true),
  robotsTtlMs: z
    .number()
    .int()
    .min(0)
    .default(24 * 3_600_000),
  maxRedirects: z.number().int().min(0).max(20).default(5),
  /** Retry-After longer than this gives up at once (reason rate_limited) instead of waiting. */
  maxRetryAfterMs: z.number().int().min(0).default(120_000),
});
export type FetcherOptionsInput = z.input<typeof fetcherOptionsSchema>;
export type FetcherOptions = z.output<typeof fetcherOptionsSchema>;

export function parseFetcherOptions(input: unknown): FetcherOptions {
  const r = fetcherOptionsSchema.safeParse(input);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`);
  throw new ProviderError(
    ProviderErrorCode.InvalidFetchOptions,
    `invalid fetcher options: ${problems.join('; ')}`,
    {
      details: { problems },
    },
  );
}
