import { z } from 'zod';
import { ProviderError, ProviderErrorCode } from './errors.js';
import { providerSchema } from './posting.js';

/** Politeness knobs; every one optional in a board entry (overrides the fetcher's defaults for its host). */
export const politenessSchema = z.strictObject({
  /** Sustained requests per second per host (token bucket refill rate). */
  ratePerSec: z.number().positive().max(10_000).optional(),
  /** Token bucket size: requests allowed back to back before the rate applies. */
  burst: z.number().int().min(1).max(10_000).optional(),
  /** Extra random delay added before each request, uniform in [0, jitterMs]. */
  jitterMs: z.number().int().min(0).max(60_000).optional(),
  /** Requests in flight at once per host. */
  maxConcurrency: z.number().int().min(1).max(32).optional(),
  /** Attempts after the first on 429 / 5xx / network errors / timeouts. */
  retries: z.number().int().min(0).max(10).optional(),
  backoffBaseMs: z.number().int().min(0).max(600_000).optional(),
  backoffCapMs: z.number().int().min(0).max(3_600_000).optional(),
  connectTimeoutMs: z.number().int().positive().max(600_000).optional(),
  headersTimeoutMs: z.number().int().positive().max(600_000).optional(),
  bodyTimeoutMs: z.number().int().positive().max(600_000).optional(),
  maxBytes: z.number().int().positive().optional(),
});
export type Politeness = z.infer<typeof politenessSchema>;

export const FETCH_MODES = ['snapshot', 'live', 'auto'] as const;
export const fetchModeSchema = z.enum(FETCH_MODES);
export type FetchMode = z.infer<typeof fetchModeSchema>;

/**
 * One board in the configuration. Adding a company is adding an entry: no code.
 * `boardSlug` is the board's identifier in its ATS (Greenhouse board token, Lever site, Ashby job
 * board name, SmartRecruiters company identifier, Workable account, Recruitee / Personio company
 * subdomain). It is deliberately not called `token`: the logger redacts keys ending in "token".
 */
export const boardConfigSchema = z
  .strictObject({
    provider: providerSchema,
    boardSlug: z.string().trim().min(1).max(200).optional(),
    /** Full URL of the board's first request; overrides the URL built from `boardSlug`. */
    url: z.url({ protocol: /^https?$/ }).optional(),
    /** Display name of the company. */
    name: z.string().trim().min(1).max(200),
    enabled: z.boolean().default(true),
    mode: fetchModeSchema.default('auto'),
    /** Data-centre variant for Greenhouse job URLs and Lever's API host. */
    region: z.enum(['us', 'eu']).default('us'),
    /**
     * Variant of the board's endpoint: Ashby `api` (posting API, default) or `page` (the hosted
     * board page's `window.__appData`); Workable `widget` (default) or `v3` (paged POST).
     */
    variant: z.enum(['default', 'api', 'page', 'widget', 'v3']).default('default'),
    /** Fetch per-posting details (SmartRecruiters descriptions, Greenhouse pay ranges), at most this many. */
    maxDetails: z.number().int().min(0).max(5000).default(0),
    /** Page size for paged APIs (Lever limit, SmartRecruiters limit <= 100). */
    pageSize: z.number().int().min(1).max(1000).optional(),
    /** Safety bound on pages per board. */
    maxPages: z.number().int().min(1).max(1000).default(50),
    politeness: politenessSchema.optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.boardSlug && !b.url) {
      ctx.addIssue({ code: 'custom', path: ['boardSlug'], message: 'give boardSlug (or url) for the board' });
    }
    if (b.provider === 'smartrecruiters' && b.pageSize !== undefined && b.pageSize > 100) {
      ctx.addIssue({
        code: 'custom',
        path: ['pageSize'],
        message: 'SmartRecruiters allows at most 100 per page',
      });
    }
  });
export type BoardConfig = z.output<typeof boardConfigSchema>;
export type BoardConfigInput = z.input<typeof boardConfigSchema>;

export const boardListSchema = z.array(boardConfigSchema);

/** The board's identifier: its slug, else the last meaningful part of its URL. */
export function boardKey(board: Pick<BoardConfig, 'boardSlug' | 'url' | 'provider'>): string {
  if (board.boardSlug) return board.boardSlug;
  const u = new URL(board.url!);
  if (board.provider === 'recruitee' || board.provider === 'personio') return u.hostname.split('.')[0]!;
  const parts = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  // the segment after the API's collection name: /boards/{x}, /postings/{x}, /job-board/{x}, ...
  const marker = parts.findIndex((p) =>
    ['boards', 'postings', 'job-board', 'companies', 'accounts'].includes(p),
  );
  if (marker >= 0 && parts[marker + 1]) return parts[marker + 1]!;
  return parts[0] ?? u.hostname;
}

/** Validate one board entry, throwing a ProviderError that names each bad field and the fix. */
export function parseBoardConfig(input: unknown): BoardConfig {
  const r = boardConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${i.path.join('.') || '(board)'}: ${i.message}`);
  throw new ProviderError(ProviderErrorCode.InvalidBoardConfig, `invalid board: ${problems.join('; ')}`, {
    details: { problems },
  });
}
