import { z } from 'zod';

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export const summaryJobSchema = z.strictObject({
  score: z.number().min(0).max(100),
  title: z.string().min(1),
  company: z.string().min(1),
  location: z.string().optional(),
  url: z.url({ protocol: /^https?$/ }),
  /** For changed jobs: what changed, in a few words ("salary added", "moved to Berlin"). */
  change: z.string().optional(),
});
export type SummaryJob = z.infer<typeof summaryJobSchema>;

/** What a notification says about one profile in one run; the diff and report stages fill it in. */
export const notificationSummarySchema = z.strictObject({
  runId: z.string().max(128).regex(SEGMENT, 'runId must be a key segment'),
  profile: z.string().max(128).regex(SEGMENT, 'profile must be a key segment'),
  counts: z.strictObject({
    new: z.int().min(0),
    changed: z.int().min(0),
    removed: z.int().min(0),
  }),
  /** Best first; only the first `maxJobs` are shown. */
  topNew: z.array(summaryJobSchema).default([]),
  topChanged: z.array(summaryJobSchema).default([]),
  /** The published report, when there is one. */
  reportUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type NotificationSummary = z.output<typeof notificationSummarySchema>;
export type NotificationSummaryInput = z.input<typeof notificationSummarySchema>;

export const hasChanges = (s: NotificationSummary) => s.counts.new + s.counts.changed + s.counts.removed > 0;

export const countsLine = (s: NotificationSummary) =>
  `${s.counts.new} new, ${s.counts.changed} changed, ${s.counts.removed} removed`;

/** Cuts text to at most `max` UTF-16 units on a code point boundary, marking the cut with an ellipsis. */
export function trimText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--; // do not split a surrogate pair
  return `${text.slice(0, cut)}…`;
}
