import { z } from 'zod';
import { ScoringError, ScoringErrorCode } from './errors.js';
import type { RankedJob } from './rank.js';

export const USER_STATUSES = ['ignore', 'applied', 'interviewing', 'saved'] as const;
export const userStateEntrySchema = z.strictObject({
  jobId: z.string().min(1),
  status: z.enum(USER_STATUSES),
  note: z.string().nullable().default(null),
});
export type UserStateEntry = z.input<typeof userStateEntrySchema>;
export type UserStatus = (typeof USER_STATUSES)[number];

export type OverlaidJob = RankedJob & { userStatus: UserStatus | null; userNote: string | null };

export interface OverlayResult {
  jobs: OverlaidJob[];
  /** Ignored jobs that were in the ranking, sorted by id. */
  hidden: OverlaidJob[];
}

/**
 * The user-state overlay: `ignore` hides a job, `applied` and `interviewing` tag it and move it below
 * every untagged job (keeping their order), `saved` tags it in place. Notes ride along. When one job
 * has several entries, the last one wins. Ranks are renumbered.
 */
export function applyUserState(
  ranked: readonly RankedJob[],
  state: readonly UserStateEntry[],
): OverlayResult {
  const parsed = z.array(userStateEntrySchema).safeParse(state);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new ScoringError(
      ScoringErrorCode.InputInvalid,
      `user state: [${first.path.join('.')}]: ${first.message}`,
    );
  }
  const byId = new Map(parsed.data.map((e) => [e.jobId, e]));
  const top: OverlaidJob[] = [];
  const bottom: OverlaidJob[] = [];
  const hidden: OverlayResult['hidden'] = [];
  for (const job of ranked) {
    const entry = byId.get(job.id);
    if (entry?.status === 'ignore') {
      hidden.push({ ...job, userStatus: 'ignore', userNote: entry.note });
      continue;
    }
    const tagged: OverlaidJob = { ...job, userStatus: entry?.status ?? null, userNote: entry?.note ?? null };
    (entry?.status === 'applied' || entry?.status === 'interviewing' ? bottom : top).push(tagged);
  }
  hidden.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { jobs: [...top, ...bottom].map((j, i) => ({ ...j, rank: i + 1 })), hidden };
}
