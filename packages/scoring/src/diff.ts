import { canonicalJson } from '@jobintel/runner-core';
import { z } from 'zod';
import { ScoringError, ScoringErrorCode } from './errors.js';

/** What a diff reads of a job from the previous successful run's ranked JSON (other keys are dropped). */
export const previousJobSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  company: z.string().default(''),
  team: z.string().nullable().default(null),
  locations: z.array(z.string()),
  descriptionHash: z.string(),
  compensation: z.unknown().default(null),
  score: z.number(),
});
export type PreviousJob = z.infer<typeof previousJobSchema>;

/** The fields a change is reported on. */
export const DIFF_FIELDS = ['title', 'locations', 'team', 'description', 'compensation', 'score'] as const;
export type DiffField = (typeof DIFF_FIELDS)[number];

export interface ChangedJob {
  id: string;
  fields: DiffField[];
  scoreBefore: number;
  scoreAfter: number;
}

export interface RunDiff {
  /** Ids in this run only, in the order of the current list. */
  new: string[];
  changed: ChangedJob[];
  /** Jobs of the previous run that are gone, sorted by id. */
  removed: Array<{ id: string; title: string; company: string }>;
  unchanged: number;
}

export interface DiffOptions {
  /** Smallest score difference reported as a change. Default 1. */
  scoreDelta?: number;
}

/**
 * Validates the previous run's jobs: a ranked JSON document (`{ jobs, hidden }`) or a bare list.
 * Errors name the path of the bad field.
 */
export function parsePreviousJobs(input: unknown): PreviousJob[] {
  const doc = input as { jobs?: unknown; hidden?: unknown } | null;
  // hidden (ignored) jobs were in the ranking too: without them they would come back as "new"
  const list = Array.isArray(input)
    ? input
    : Array.isArray(doc?.jobs)
      ? [...doc.jobs, ...(Array.isArray(doc.hidden) ? doc.hidden : [])]
      : doc?.jobs;
  const result = z.array(previousJobSchema).safeParse(list);
  if (!result.success) {
    const first = result.error.issues[0]!;
    throw new ScoringError(
      ScoringErrorCode.InputInvalid,
      `previous run: jobs.${first.path.join('.')}: ${first.message}`,
      {
        details: { issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      },
    );
  }
  return result.data;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sb = [...b].sort();
  return [...a].sort().every((x, i) => x === sb[i]);
}

/** Current jobs need the same fields as previous ones; a `ScoredJob` has them. */
export interface DiffableJob {
  id: string;
  title: string;
  company: string;
  team: string | null;
  locations: readonly string[];
  descriptionHash: string;
  compensation: unknown;
  score: number;
}

/**
 * New, changed (with the fields that changed) and removed jobs by canonical id, against the previous
 * successful run. Compensation compares canonical JSON; locations compare as sets.
 */
export function diffRuns(
  previous: readonly DiffableJob[],
  current: readonly DiffableJob[],
  options: DiffOptions = {},
): RunDiff {
  const delta = options.scoreDelta ?? 1;
  const before = new Map(previous.map((j) => [j.id, j]));
  const currentIds = new Set(current.map((j) => j.id));
  const diff: RunDiff = { new: [], changed: [], removed: [], unchanged: 0 };
  for (const job of current) {
    const old = before.get(job.id);
    if (old === undefined) {
      diff.new.push(job.id);
      continue;
    }
    const fields: DiffField[] = [];
    if (old.title !== job.title) fields.push('title');
    if (!sameList(old.locations, job.locations)) fields.push('locations');
    if ((old.team ?? null) !== (job.team ?? null)) fields.push('team');
    if (old.descriptionHash !== job.descriptionHash) fields.push('description');
    if (canonicalJson(old.compensation ?? null) !== canonicalJson(job.compensation ?? null))
      fields.push('compensation');
    if (Math.abs(old.score - job.score) >= delta) fields.push('score');
    if (fields.length)
      diff.changed.push({ id: job.id, fields, scoreBefore: old.score, scoreAfter: job.score });
    else diff.unchanged++;
  }
  diff.removed = previous
    .filter((j) => !currentIds.has(j.id))
    .map((j) => ({ id: j.id, title: j.title, company: j.company }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return diff;
}

/** "new", "changed: title, score", or null: how a job changed since the last run, in words. */
export function describeChange(diff: RunDiff | null, id: string): string | null {
  return changeDescriber(diff)(id);
}

/** `describeChange` for many ids: looks built once, so a whole ranking costs linear time. */
export function changeDescriber(diff: RunDiff | null): (id: string) => string | null {
  if (diff === null) return () => null;
  const fresh = new Set(diff.new);
  const changed = new Map(diff.changed.map((c) => [c.id, c]));
  return (id) => {
    if (fresh.has(id)) return 'new';
    const c = changed.get(id);
    if (!c) return null;
    return `changed: ${c.fields.map((f) => (f === 'score' ? `score ${c.scoreBefore} -> ${c.scoreAfter}` : f)).join(', ')}`;
  };
}
