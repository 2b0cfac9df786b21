// Small repositories over the tables other packages need: canonical jobs and their history, user
// state, published artifacts, notifications sent, circuit breakers and token usage.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, execute } from './driver.js';
import {
  artifacts,
  circuitBreakers,
  jobHistory,
  jobs,
  notifications,
  tokenUsage,
  userState,
} from './schema.js';
import { iso, parseInput } from './validate.js';

export const USER_STATUSES = ['ignore', 'applied', 'interviewing', 'saved'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

const seenJobSchema = z.strictObject({
  canonicalId: z.string().min(1),
  title: z.string(),
  company: z.string(),
  contentHash: z.string().min(1),
  data: z.unknown().optional(),
});
export type SeenJob = z.input<typeof seenJobSchema>;

const userStateSchema = z.strictObject({
  profile: z.string().min(1),
  jobId: z.string().min(1),
  status: z.enum(USER_STATUSES),
  note: z.string().max(10_000).nullable().optional(),
});
export type UserStateInput = z.input<typeof userStateSchema>;
export interface UserStateRecord {
  profile: string;
  jobId: string;
  status: UserStatus;
  note: string | null;
  updatedAt: string;
}

const artifactSchema = z.strictObject({
  key: z.string().min(1),
  store: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256'),
  bytes: z.number().int().min(0),
  contentType: z.string().min(1),
});
export type ArtifactInput = z.input<typeof artifactSchema>;

const breakerSchema = z.strictObject({
  host: z.string().min(1),
  state: z.enum(['closed', 'open', 'half_open']),
  consecutiveFailures: z.number().int().min(0),
  openedAt: z.string().nullable(),
  detail: z.unknown().optional(),
});
export type BreakerRecord = z.output<typeof breakerSchema>;

const usageSchema = z.strictObject({
  runId: z.string().nullable().default(null),
  provider: z.string().min(1),
  model: z.string().min(1),
  inputUncached: z.number().int().min(0).default(0),
  cacheRead: z.number().int().min(0).default(0),
  cacheWrite5m: z.number().int().min(0).default(0),
  cacheWrite1h: z.number().int().min(0).default(0),
  outputText: z.number().int().min(0).default(0),
  outputReasoning: z.number().int().min(0).default(0),
  costNanoUsd: z.union([z.bigint(), z.number().int()]).transform(BigInt),
  detail: z.unknown().optional(),
});
export type UsageInput = z.input<typeof usageSchema>;

const SEEN_BATCH = 5000;

export function createRecords(db: Db, now: () => Date) {
  return {
    jobs: {
      /**
       * Records the canonical jobs a run saw: new ones get first-seen, all get last-seen and a history
       * row with their content hash in this run (idempotent for a resumed run).
       */
      async recordSeen(runId: string, seen: readonly SeenJob[]): Promise<void> {
        const list = seen.map((j, i) => parseInput(seenJobSchema, j, `job ${i}`));
        const at = now().toISOString();
        await db.transaction(async (tx) => {
          // one parameter per batch (the rows as JSON, expanded by the server): binding a parameter
          // per value cost more than the insert itself for a run of 100,000 jobs
          for (let i = 0; i < list.length; i += SEEN_BATCH) {
            const rows = JSON.stringify(
              list.slice(i, i + SEEN_BATCH).map((j) => ({
                id: j.canonicalId,
                title: j.title,
                company: j.company,
                hash: j.contentHash,
                data: j.data ?? null,
              })),
            );
            await execute(
              tx,
              sql`insert into jobs (canonical_id, title, company, first_seen_run, first_seen_at, last_seen_run, last_seen_at, content_hash, data)
                  select id, title, company, ${runId}, ${at}::timestamptz, ${runId}, ${at}::timestamptz, hash, data
                  from jsonb_to_recordset(${rows}::jsonb) as r(id text, title text, company text, hash text, data jsonb)
                  on conflict (canonical_id) do update set
                    title = excluded.title, company = excluded.company, last_seen_run = excluded.last_seen_run,
                    last_seen_at = excluded.last_seen_at, content_hash = excluded.content_hash, data = excluded.data`,
            );
            await execute(
              tx,
              sql`insert into job_history (canonical_id, run_id, content_hash, seen_at)
                  select id, ${runId}, hash, ${at}::timestamptz
                  from jsonb_to_recordset(${rows}::jsonb) as r(id text, hash text)
                  on conflict (canonical_id, run_id) do update set content_hash = excluded.content_hash`,
            );
          }
        });
      },
      async get(canonicalId: string) {
        const [row] = await db.select().from(jobs).where(eq(jobs.canonicalId, canonicalId));
        return row
          ? {
              ...row,
              firstSeenAt: row.firstSeenAt.toISOString(),
              lastSeenAt: row.lastSeenAt.toISOString(),
            }
          : undefined;
      },
      async history(canonicalId: string) {
        const rows = await db
          .select()
          .from(jobHistory)
          .where(eq(jobHistory.canonicalId, canonicalId))
          .orderBy(asc(jobHistory.seenAt), asc(jobHistory.runId));
        return rows.map((r) => ({
          runId: r.runId,
          contentHash: r.contentHash,
          seenAt: r.seenAt.toISOString(),
        }));
      },
    },

    userState: {
      async set(input: UserStateInput): Promise<UserStateRecord> {
        const v = parseInput(userStateSchema, input, 'user state');
        const values = { ...v, note: v.note ?? null, updatedAt: now() };
        await db
          .insert(userState)
          .values(values)
          .onConflictDoUpdate({
            target: [userState.profile, userState.jobId],
            set: { status: values.status, note: values.note, updatedAt: values.updatedAt },
          });
        return { ...values, updatedAt: values.updatedAt.toISOString() };
      },
      async clear(profile: string, jobId: string): Promise<boolean> {
        const gone = await db
          .delete(userState)
          .where(and(eq(userState.profile, profile), eq(userState.jobId, jobId)))
          .returning();
        return gone.length > 0;
      },
      async list(profile: string): Promise<UserStateRecord[]> {
        const rows = await db
          .select()
          .from(userState)
          .where(eq(userState.profile, profile))
          .orderBy(asc(userState.jobId));
        return rows.map((r) => ({
          profile: r.profile,
          jobId: r.jobId,
          status: r.status as UserStatus,
          note: r.note,
          updatedAt: r.updatedAt.toISOString(),
        }));
      },
    },

    artifacts: {
      async record(runId: string, list: readonly ArtifactInput[]): Promise<void> {
        const v = list.map((a, i) => parseInput(artifactSchema, a, `artifact ${i}`));
        if (v.length === 0) return;
        const at = now();
        await db
          .insert(artifacts)
          .values(v.map((a) => ({ ...a, runId, publishedAt: at })))
          .onConflictDoUpdate({
            target: [artifacts.runId, artifacts.store, artifacts.key],
            set: {
              sha256: sql`excluded.sha256`,
              bytes: sql`excluded.bytes`,
              contentType: sql`excluded.content_type`,
              publishedAt: sql`excluded.published_at`,
            },
          });
      },
      async list(runId: string) {
        const rows = await db
          .select()
          .from(artifacts)
          .where(eq(artifacts.runId, runId))
          .orderBy(asc(artifacts.store), asc(artifacts.key));
        return rows.map((r) => ({ ...r, publishedAt: r.publishedAt.toISOString() }));
      },
    },

    notifications: {
      /**
       * Claims the one message of (run, profile, target): true when this call recorded it, false when
       * it was recorded before (e.g. by the run before a resume), in which case nothing is sent again.
       */
      async claim(input: {
        runId: string;
        profile: string;
        target: string;
        messageSha256?: string;
      }): Promise<boolean> {
        const rows = await db
          .insert(notifications)
          .values({ ...input, status: 'sending', messageSha256: input.messageSha256 ?? null, sentAt: now() })
          // a definite failure may be retried (by a resumed run); anything else is never sent twice
          .onConflictDoUpdate({
            target: [notifications.runId, notifications.profile, notifications.target],
            set: { status: 'sending', sentAt: now() },
            setWhere: sql`${notifications.status} = 'failed'`,
          })
          .returning();
        return rows.length > 0;
      },
      async markSent(input: {
        runId: string;
        profile: string;
        target: string;
        status: 'sent' | 'failed';
        detail?: unknown;
      }) {
        await db
          .update(notifications)
          .set({ status: input.status, detail: input.detail ?? null, sentAt: now() })
          .where(
            and(
              eq(notifications.runId, input.runId),
              eq(notifications.profile, input.profile),
              eq(notifications.target, input.target),
            ),
          );
      },
      async list(runId: string) {
        const rows = await db
          .select()
          .from(notifications)
          .where(eq(notifications.runId, runId))
          .orderBy(asc(notifications.profile), asc(notifications.target));
        return rows.map((r) => ({ ...r, sentAt: r.sentAt.toISOString() }));
      },
    },

    breakers: {
      async get(hosts: readonly string[]): Promise<Map<string, BreakerRecord>> {
        if (hosts.length === 0) return new Map();
        const rows = await db
          .select()
          .from(circuitBreakers)
          .where(inArray(circuitBreakers.host, [...hosts]));
        return new Map(
          rows.map((r) => [
            r.host,
            {
              host: r.host,
              state: r.state as BreakerRecord['state'],
              consecutiveFailures: r.consecutiveFailures,
              openedAt: iso(r.openedAt),
              detail: r.detail ?? undefined,
            },
          ]),
        );
      },
      async all(): Promise<BreakerRecord[]> {
        const rows = await db.select().from(circuitBreakers).orderBy(asc(circuitBreakers.host));
        return rows.map((r) => ({
          host: r.host,
          state: r.state as BreakerRecord['state'],
          consecutiveFailures: r.consecutiveFailures,
          openedAt: iso(r.openedAt),
          detail: r.detail ?? undefined,
        }));
      },
      async set(record: BreakerRecord): Promise<void> {
        const v = parseInput(breakerSchema, record, 'breaker state');
        const values = {
          host: v.host,
          state: v.state,
          consecutiveFailures: v.consecutiveFailures,
          openedAt: v.openedAt === null ? null : new Date(v.openedAt),
          detail: v.detail ?? null,
          updatedAt: now(),
        };
        const { host: _h, ...update } = values;
        await db
          .insert(circuitBreakers)
          .values(values)
          .onConflictDoUpdate({ target: circuitBreakers.host, set: update });
      },
    },

    tokenUsage: {
      async record(input: UsageInput): Promise<void> {
        const v = parseInput(usageSchema, input, 'token usage');
        const total =
          v.inputUncached + v.cacheRead + v.cacheWrite5m + v.cacheWrite1h + v.outputText + v.outputReasoning;
        await db.insert(tokenUsage).values({ ...v, totalTokens: total, detail: v.detail ?? null, at: now() });
      },
      /** Totals since a time (or of one run): tokens and cost in nano-dollars. */
      async totals(filter: { runId?: string; since?: Date } = {}) {
        const where = [];
        if (filter.runId !== undefined) where.push(eq(tokenUsage.runId, filter.runId));
        if (filter.since !== undefined)
          where.push(sql`${tokenUsage.at} >= ${filter.since.toISOString()}::timestamptz`);
        const [row] = await db
          .select({
            calls: sql<string>`count(*)`,
            tokens: sql<string>`coalesce(sum(${tokenUsage.totalTokens}), 0)`,
            cost: sql<string>`coalesce(sum(${tokenUsage.costNanoUsd}), 0)`,
          })
          .from(tokenUsage)
          .where(and(...where));
        return {
          calls: Number(row?.calls ?? 0),
          tokens: Number(row?.tokens ?? 0),
          costNanoUsd: BigInt(row?.cost ?? 0),
        };
      },
    },
  };
}

export type Records = ReturnType<typeof createRecords>;
