// The one registry schema, for both drivers (PGlite and PostgreSQL). Migrations are generated from it
// by drizzle-kit into ../migrations and committed; a test fails when the two drift. Keep to SQL that
// PostgreSQL 15 accepts. Times are timestamptz; money is integer nano-dollars (bigint) so that sums
// are exact; free-form payloads are jsonb.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One daily run (or any pipeline run) of one configuration. */
export const runs = pgTable(
  'runs',
  {
    id: text('id').primaryKey(),
    /** Identifies the configuration: the run lock is per config key. */
    configKey: text('config_key').notNull(),
    configHash: text('config_hash').notNull(),
    /** running | succeeded | partial | failed | cancelled */
    status: text('status').notNull(),
    profiles: text('profiles').array().notNull().default(sql`'{}'::text[]`),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
    exitCode: integer('exit_code'),
    flags: jsonb('flags').notNull().default(sql`'{}'::jsonb`),
    report: jsonb('report'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('runs_started_idx').on(t.startedAt.desc(), t.id.desc()),
    index('runs_status_started_idx').on(t.status, t.startedAt.desc()),
    index('runs_config_idx').on(t.configKey, t.startedAt.desc()),
  ],
);

/** Progress of one stage of one run (from the runner's events). */
export const stageProgress = pgTable(
  'stage_progress',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    stage: text('stage').notNull(),
    /** planned | running | succeeded | partial | failed | cancelled | skipped */
    status: text('status').notNull(),
    planned: integer('planned').notNull().default(0),
    succeeded: integer('succeeded').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    detail: jsonb('detail'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.stage] })],
);

/**
 * The item manifest (the runner's `ManifestRow`s), append-only. `seq` gives write order; resume reads
 * the row with the highest `seq` per (stage, item_id). `sink` separates independent manifests that
 * share one database.
 */
export const manifest = pgTable(
  'manifest',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    sink: text('sink').notNull(),
    runId: text('run_id').notNull(),
    stage: text('stage').notNull(),
    itemId: text('item_id').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    durationMs: doublePrecision('duration_ms').notNull(),
    fingerprint: text('fingerprint').notNull(),
    outputRef: text('output_ref'),
    error: jsonb('error'),
    /** The row's own ISO time, kept as written (rows must come back byte-identical). */
    ts: text('ts').notNull(),
    extra: jsonb('extra'),
  },
  (t) => [index('manifest_latest_idx').on(t.sink, t.stage, t.itemId, t.seq.desc())],
);

/** Item results a stage keeps in the database, written in the same transaction as their manifest row. */
export const itemResults = pgTable(
  'item_results',
  {
    sink: text('sink').notNull(),
    stage: text('stage').notNull(),
    itemId: text('item_id').notNull(),
    runId: text('run_id').notNull(),
    fingerprint: text('fingerprint').notNull(),
    result: jsonb('result').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sink, t.stage, t.itemId] })],
);

/** Canonical jobs across runs. */
export const jobs = pgTable(
  'jobs',
  {
    canonicalId: text('canonical_id').primaryKey(),
    title: text('title').notNull(),
    company: text('company').notNull(),
    firstSeenRun: text('first_seen_run').notNull(),
    firstSeenAt: ts('first_seen_at').notNull(),
    lastSeenRun: text('last_seen_run').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    contentHash: text('content_hash').notNull(),
    data: jsonb('data'),
  },
  (t) => [index('jobs_last_seen_idx').on(t.lastSeenAt)],
);

/** One row per canonical job and run in which it was seen, with its content hash in that run. */
export const jobHistory = pgTable(
  'job_history',
  {
    canonicalId: text('canonical_id')
      .notNull()
      .references(() => jobs.canonicalId, { onDelete: 'cascade' }),
    runId: text('run_id').notNull(),
    contentHash: text('content_hash').notNull(),
    seenAt: ts('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.canonicalId, t.runId] }), index('job_history_run_idx').on(t.runId)],
);

/** What a user did with a job, per profile: ignore | applied | interviewing | saved. */
export const userState = pgTable(
  'user_state',
  {
    profile: text('profile').notNull(),
    jobId: text('job_id').notNull(),
    status: text('status').notNull(),
    note: text('note'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.profile, t.jobId] })],
);

/** One LLM call's usage and cost. Buckets are disjoint and add up to `total_tokens`. */
export const tokenUsage = pgTable(
  'token_usage',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: text('run_id'),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    inputUncached: bigint('input_uncached', { mode: 'number' }).notNull().default(0),
    cacheRead: bigint('cache_read', { mode: 'number' }).notNull().default(0),
    cacheWrite5m: bigint('cache_write_5m', { mode: 'number' }).notNull().default(0),
    cacheWrite1h: bigint('cache_write_1h', { mode: 'number' }).notNull().default(0),
    outputText: bigint('output_text', { mode: 'number' }).notNull().default(0),
    outputReasoning: bigint('output_reasoning', { mode: 'number' }).notNull().default(0),
    totalTokens: bigint('total_tokens', { mode: 'number' }).notNull().default(0),
    costNanoUsd: bigint('cost_nano_usd', { mode: 'bigint' }).notNull(),
    at: ts('at').notNull(),
    detail: jsonb('detail'),
  },
  (t) => [index('token_usage_at_idx').on(t.at), index('token_usage_run_idx').on(t.runId)],
);

/**
 * Budget counters: settled spend per budget line (`<budget>|<scope>|<window start or total>`, the
 * token tracker's key). Reservations are rows of their own; a reservation is admitted in one
 * transaction that locks its counters, so concurrent callers never overshoot a limit.
 */
export const budgetCounters = pgTable('budget_counters', {
  key: text('key').primaryKey(),
  budgetId: text('budget_id').notNull(),
  windowStart: ts('window_start'),
  limitNanos: bigint('limit_nanos', { mode: 'number' }).notNull(),
  spentNanos: bigint('spent_nanos', { mode: 'number' }).notNull().default(0),
  updatedAt: ts('updated_at').notNull(),
});

/** Open budget reservations (deleted when settled or released; an expired one no longer holds budget). */
export const budgetReservations = pgTable(
  'budget_reservations',
  {
    id: text('id').primaryKey(),
    amountNanos: bigint('amount_nanos', { mode: 'number' }).notNull(),
    keys: text('keys').array().notNull(),
    lines: jsonb('lines').notNull(),
    expiresAt: ts('expires_at').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('budget_reservations_expires_idx').on(t.expiresAt)],
);

/** Alert thresholds already fired, per budget line: each fires once. */
export const budgetAlerts = pgTable(
  'budget_alerts',
  {
    key: text('key').notNull(),
    thresholdPercent: integer('threshold_percent').notNull(),
    firedAt: ts('fired_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.thresholdPercent] })],
);

/** Artifacts a run published (or wrote locally), with their hashes. */
export const artifacts = pgTable(
  'artifacts',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** local | s3 | ... */
    store: text('store').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    contentType: text('content_type').notNull(),
    publishedAt: ts('published_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.store, t.key] })],
);

/** Notifications sent: at most one per run, profile and target, also across a resumed run. */
export const notifications = pgTable(
  'notifications',
  {
    runId: text('run_id').notNull(),
    profile: text('profile').notNull(),
    /** A stable name of the target (never the webhook URL: that is a secret). */
    target: text('target').notNull(),
    status: text('status').notNull(),
    messageSha256: text('message_sha256'),
    sentAt: ts('sent_at').notNull(),
    detail: jsonb('detail'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.profile, t.target] })],
);

/** Circuit-breaker state per host, kept between runs. */
export const circuitBreakers = pgTable('circuit_breakers', {
  host: text('host').primaryKey(),
  /** closed | open | half_open */
  state: text('state').notNull(),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  openedAt: ts('opened_at'),
  updatedAt: ts('updated_at').notNull(),
  detail: jsonb('detail'),
});

/** Who holds a named lock (the lock itself is an advisory lock or a file lock; this row names the holder). */
export const locks = pgTable('locks', {
  name: text('name').primaryKey(),
  holder: jsonb('holder').notNull(),
  acquiredAt: ts('acquired_at').notNull(),
});

/** Every attempt to take a run lock, granted or refused. */
export const lockAttempts = pgTable(
  'lock_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    granted: boolean('granted').notNull(),
    requester: jsonb('requester').notNull(),
    holder: jsonb('holder'),
    at: ts('at').notNull(),
  },
  (t) => [index('lock_attempts_name_idx').on(t.name, t.at)],
);
