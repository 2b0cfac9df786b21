import { and, desc, eq, gte, inArray, lt, lte, notInArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from './driver.js';
import { StoreError, StoreErrorCode } from './errors.js';
import { artifacts, jobHistory, manifest, notifications, runs, stageProgress, tokenUsage } from './schema.js';
import { iso, parseInput } from './validate.js';

export const RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** Statuses a later run may diff against. */
export const SUCCESSFUL_STATUSES: readonly RunStatus[] = ['succeeded', 'partial'];
export const STAGE_STATUSES = [
  'planned',
  'running',
  'succeeded',
  'partial',
  'failed',
  'cancelled',
  'skipped',
] as const;

export interface RunRecord {
  id: string;
  configKey: string;
  configHash: string;
  status: RunStatus;
  profiles: string[];
  startedAt: string;
  finishedAt: string | null;
  exitCode: number | null;
  flags: Record<string, unknown>;
  report: unknown;
}

export interface StageRecord {
  stage: string;
  status: (typeof STAGE_STATUSES)[number];
  planned: number;
  succeeded: number;
  failed: number;
  skipped: number;
  startedAt: string | null;
  finishedAt: string | null;
  detail: unknown;
}

const idSchema = z.string().min(1).max(200);
const timeSchema = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))]);

const createSchema = z.strictObject({
  id: idSchema.optional(),
  configKey: z.string().min(1),
  configHash: z.string().min(1),
  profiles: z.array(z.string().min(1)).default([]),
  flags: z.record(z.string(), z.unknown()).default({}),
  startedAt: timeSchema.optional(),
});
const stageSchema = z.strictObject({
  stage: z.string().min(1),
  status: z.enum(STAGE_STATUSES),
  planned: z.number().int().min(0).default(0),
  succeeded: z.number().int().min(0).default(0),
  failed: z.number().int().min(0).default(0),
  skipped: z.number().int().min(0).default(0),
  startedAt: timeSchema.nullable().optional(),
  finishedAt: timeSchema.nullable().optional(),
  detail: z.unknown().optional(),
});
const finishSchema = z.strictObject({
  status: z.enum(RUN_STATUSES).exclude(['running']),
  exitCode: z.number().int().min(0).max(255),
  report: z.unknown().optional(),
  finishedAt: timeSchema.optional(),
});
const listSchema = z.strictObject({
  status: z.union([z.enum(RUN_STATUSES), z.array(z.enum(RUN_STATUSES)).min(1)]).optional(),
  configKey: z.string().min(1).optional(),
  profile: z.string().min(1).optional(),
  /** Runs started at or after this time. */
  from: timeSchema.optional(),
  /** Runs started at or before this time. */
  to: timeSchema.optional(),
  limit: z.number().int().min(1).max(1000).default(50),
  /** `nextCursor` of the previous page. */
  cursor: z.string().min(1).optional(),
});
const pruneSchema = z.strictObject({
  /** Keep the newest N finished runs (of each configuration). */
  keepLast: z.number().int().min(0).nullable().default(null),
  /** Keep runs started in the last D days. */
  keepDays: z.number().min(0).nullable().default(null),
  configKey: z.string().min(1).optional(),
});

export type CreateRunInput = z.input<typeof createSchema>;
export type StageProgressInput = z.input<typeof stageSchema>;
export type FinishRunInput = z.input<typeof finishSchema>;
export type ListRunsInput = z.input<typeof listSchema>;
export type PruneInput = z.input<typeof pruneSchema>;

export interface RunPage {
  runs: RunRecord[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface PruneResult {
  prunedRunIds: string[];
  /** Artifacts the pruned runs recorded: the caller deletes them from the artifact store. */
  artifacts: { runId: string; store: string; key: string; sha256: string; bytes: number }[];
}

type RunRow = typeof runs.$inferSelect;
const toRecord = (r: RunRow): RunRecord => ({
  id: r.id,
  configKey: r.configKey,
  configHash: r.configHash,
  status: r.status as RunStatus,
  profiles: r.profiles,
  startedAt: r.startedAt.toISOString(),
  finishedAt: iso(r.finishedAt),
  exitCode: r.exitCode,
  flags: r.flags as Record<string, unknown>,
  report: r.report ?? null,
});

const encodeCursor = (r: RunRecord) => Buffer.from(`${r.startedAt}|${r.id}`).toString('base64url');
function decodeCursor(cursor: string): { startedAt: Date; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  const startedAt = new Date(text.slice(0, bar));
  if (bar < 0 || Number.isNaN(startedAt.getTime())) {
    throw new StoreError(
      StoreErrorCode.InvalidInput,
      'invalid cursor: pass the nextCursor of a previous page',
    );
  }
  return { startedAt, id: text.slice(bar + 1) };
}

/** Run ids sort by start time: `20261129T070000Z-3f9a1c`. */
export function newRunId(now: Date, random: () => string): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${random()}`;
}

/** The run registry: runs, their stage progress, queries and retention. */
export class RunRegistry {
  readonly #db: Db;
  readonly #now: () => Date;
  readonly #random: () => string;

  constructor(db: Db, now: () => Date, random: () => string) {
    this.#db = db;
    this.#now = now;
    this.#random = random;
  }

  async create(input: CreateRunInput): Promise<RunRecord> {
    const v = parseInput(createSchema, input, 'run');
    const startedAt = v.startedAt ?? this.#now();
    const [row] = await this.#db
      .insert(runs)
      .values({
        id: v.id ?? newRunId(startedAt, this.#random),
        configKey: v.configKey,
        configHash: v.configHash,
        status: 'running',
        profiles: v.profiles.toSorted(),
        startedAt,
        flags: v.flags,
        updatedAt: this.#now(),
      })
      .returning();
    return toRecord(row as RunRow);
  }

  /** Records (or updates) one stage's progress. */
  async recordStage(runId: string, input: StageProgressInput): Promise<void> {
    const v = parseInput(stageSchema, input, 'stage progress');
    await this.#mustExist(runId);
    const values = {
      runId,
      stage: v.stage,
      status: v.status,
      planned: v.planned,
      succeeded: v.succeeded,
      failed: v.failed,
      skipped: v.skipped,
      startedAt: v.startedAt ?? null,
      finishedAt: v.finishedAt ?? null,
      detail: v.detail ?? null,
      updatedAt: this.#now(),
    };
    const { runId: _r, stage: _s, ...update } = values;
    await this.#db
      .insert(stageProgress)
      .values(values)
      .onConflictDoUpdate({ target: [stageProgress.runId, stageProgress.stage], set: update });
  }

  /** Marks an interrupted run as running again (it is being resumed), with its new flags. */
  async reopen(runId: string, flags: Record<string, unknown>): Promise<RunRecord> {
    const [row] = await this.#db
      .update(runs)
      .set({ status: 'running', flags, finishedAt: null, exitCode: null, updatedAt: this.#now() })
      .where(eq(runs.id, runId))
      .returning();
    if (!row) throw notFound(runId);
    return toRecord(row);
  }

  async finish(runId: string, input: FinishRunInput): Promise<RunRecord> {
    const v = parseInput(finishSchema, input, 'run result');
    const now = this.#now();
    const [row] = await this.#db
      .update(runs)
      .set({
        status: v.status,
        exitCode: v.exitCode,
        report: v.report ?? null,
        finishedAt: v.finishedAt ?? now,
        updatedAt: now,
      })
      .where(eq(runs.id, runId))
      .returning();
    if (!row) throw notFound(runId);
    return toRecord(row);
  }

  async get(runId: string): Promise<(RunRecord & { stages: StageRecord[] }) | undefined> {
    const [row] = await this.#db.select().from(runs).where(eq(runs.id, runId));
    if (!row) return undefined;
    const stages = await this.#db
      .select()
      .from(stageProgress)
      .where(eq(stageProgress.runId, runId))
      .orderBy(stageProgress.startedAt, stageProgress.stage);
    return {
      ...toRecord(row),
      stages: stages.map((s) => ({
        stage: s.stage,
        status: s.status as StageRecord['status'],
        planned: s.planned,
        succeeded: s.succeeded,
        failed: s.failed,
        skipped: s.skipped,
        startedAt: iso(s.startedAt),
        finishedAt: iso(s.finishedAt),
        detail: s.detail ?? null,
      })),
    };
  }

  /** Runs, newest first, filtered and paged by a cursor (stable under concurrent inserts). */
  async list(input: ListRunsInput = {}): Promise<RunPage> {
    const v = parseInput(listSchema, input, 'run filter');
    const where = [];
    if (v.status !== undefined) where.push(inArray(runs.status, [v.status].flat()));
    if (v.configKey !== undefined) where.push(eq(runs.configKey, v.configKey));
    if (v.profile !== undefined) where.push(sql`${v.profile} = any(${runs.profiles})`);
    if (v.from !== undefined) where.push(gte(runs.startedAt, v.from));
    if (v.to !== undefined) where.push(lte(runs.startedAt, v.to));
    if (v.cursor !== undefined) {
      const c = decodeCursor(v.cursor);
      where.push(
        or(lt(runs.startedAt, c.startedAt), and(eq(runs.startedAt, c.startedAt), lt(runs.id, c.id))),
      );
    }
    const rows = await this.#db
      .select()
      .from(runs)
      .where(and(...where))
      .orderBy(desc(runs.startedAt), desc(runs.id))
      .limit(v.limit + 1);
    const page = rows.slice(0, v.limit).map(toRecord);
    const last = page.at(-1);
    return { runs: page, nextCursor: rows.length > v.limit && last ? encodeCursor(last) : null };
  }

  /** The newest succeeded or partial run that covered `profile` (what the next run diffs against). */
  async latestSuccessful(
    profile: string,
    options: { configKey?: string } = {},
  ): Promise<RunRecord | undefined> {
    const where = [inArray(runs.status, [...SUCCESSFUL_STATUSES]), sql`${profile} = any(${runs.profiles})`];
    if (options.configKey !== undefined) where.push(eq(runs.configKey, options.configKey));
    const [row] = await this.#db
      .select()
      .from(runs)
      .where(and(...where))
      .orderBy(sql`${runs.finishedAt} desc nulls last`, desc(runs.startedAt), desc(runs.id))
      .limit(1);
    return row ? toRecord(row) : undefined;
  }

  /**
   * Retention: a finished run is kept when it is among the newest `keepLast` of its configuration OR
   * started within `keepDays`; the latest successful run of each profile and running runs are always
   * kept. Pruned runs lose their stage progress, manifest rows, job history, usage and notification
   * rows in one transaction (item results stay: later runs may still resume from them); their artifact rows are returned so the caller can delete the files.
   */
  async prune(input: PruneInput): Promise<PruneResult> {
    const v = parseInput(pruneSchema, input, 'retention policy');
    if (v.keepLast === null && v.keepDays === null) return { prunedRunIds: [], artifacts: [] };
    return this.#db.transaction(async (tx) => {
      const finished = await tx
        .select({
          id: runs.id,
          configKey: runs.configKey,
          startedAt: runs.startedAt,
          status: runs.status,
          profiles: runs.profiles,
        })
        .from(runs)
        .where(
          and(
            notInArray(runs.status, ['running']),
            v.configKey === undefined ? undefined : eq(runs.configKey, v.configKey),
          ),
        )
        .orderBy(desc(runs.startedAt), desc(runs.id));
      const protectedIds = new Set<string>();
      const seenProfiles = new Set<string>();
      const perConfig = new Map<string, number>();
      const cutoff = v.keepDays === null ? null : this.#now().getTime() - v.keepDays * 86_400_000;
      const doomed: string[] = [];
      for (const r of finished) {
        if (SUCCESSFUL_STATUSES.includes(r.status as RunStatus)) {
          for (const p of r.profiles) {
            if (!seenProfiles.has(p)) {
              seenProfiles.add(p);
              protectedIds.add(r.id);
            }
          }
        }
        const rank = perConfig.get(r.configKey) ?? 0;
        perConfig.set(r.configKey, rank + 1);
        const keptByCount = v.keepLast !== null && rank < v.keepLast;
        const keptByAge = cutoff !== null && r.startedAt.getTime() >= cutoff;
        if (!keptByCount && !keptByAge && !protectedIds.has(r.id)) doomed.push(r.id);
      }
      if (doomed.length === 0) return { prunedRunIds: [], artifacts: [] };
      const gone = await tx.select().from(artifacts).where(inArray(artifacts.runId, doomed));
      for (const table of [manifest, jobHistory, notifications, tokenUsage] as const) {
        await tx.delete(table).where(inArray(table.runId, doomed));
      }
      await tx.delete(runs).where(inArray(runs.id, doomed)); // cascades to stage_progress and artifacts
      return {
        prunedRunIds: doomed.toSorted(),
        artifacts: gone
          .map((a) => ({ runId: a.runId, store: a.store, key: a.key, sha256: a.sha256, bytes: a.bytes }))
          .toSorted((a, b) => a.runId.localeCompare(b.runId) || a.key.localeCompare(b.key)),
      };
    });
  }

  async #mustExist(runId: string): Promise<void> {
    const [row] = await this.#db.select({ id: runs.id }).from(runs).where(eq(runs.id, runId));
    if (!row) throw notFound(runId);
  }
}

const notFound = (runId: string) =>
  new StoreError(StoreErrorCode.NotFound, `no run with id ${runId}: list runs with \`jobintel runs list\``);
