import { z } from 'zod';

/** Bumped on any incompatible change to the report's shape (docs/run-report.md lists every field). */
export const RUN_REPORT_VERSION = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const iso = z.iso.datetime({ offset: true });

export const fileRecordSchema = z.strictObject({
  /** Path relative to the run's folder (`<stateDir>/runs/<run id>/`). */
  path: z.string(),
  sha256,
  bytes: z.number().int().min(0),
  contentType: z.string(),
  /** The profile it belongs to, for per-profile outputs. */
  profile: z.string().nullable(),
});

export const stageReportSchema = z.strictObject({
  name: z.string(),
  status: z.enum(['succeeded', 'partial', 'failed', 'cancelled', 'skipped']),
  /** Why a stage was skipped (e.g. a stage it needs failed, or it is turned off). */
  reason: z.string().nullable(),
  planned: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  /** Items skipped: resumed from an earlier attempt of this run, or skipped by the worker. */
  skipped: z.number().int(),
  cancelled: z.number().int(),
  attempts: z.number().int(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  wallMs: z.number(),
});

export const boardReportSchema = z.strictObject({
  provider: z.string(),
  boardSlug: z.string(),
  name: z.string(),
  status: z.enum(['ok', 'degraded', 'unavailable']),
  reason: z.string().nullable(),
  detail: z.string().nullable(),
  attempts: z.number().int(),
  bytes: z.number().int(),
  postings: z.number().int(),
  warnings: z.number().int(),
  /** Which source was used (live, snapshot, fallback snapshot) and why. */
  provenance: z.record(z.string(), z.unknown()),
});

export const profileReportSchema = z.strictObject({
  id: z.string(),
  jobs: z.number().int(),
  shortlisted: z.number().int(),
  alerts: z.number().int(),
  new: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
  hidden: z.number().int(),
  /** The run this one was diffed against (null on a first run). */
  previousRunId: z.string().nullable(),
  diagnostics: z.record(z.string(), z.unknown()),
  top: z.array(
    z.strictObject({
      id: z.string(),
      score: z.number(),
      title: z.string(),
      company: z.string(),
      url: z.string().nullable(),
    }),
  ),
});

export const runReportSchema = z.strictObject({
  reportVersion: z.literal(RUN_REPORT_VERSION),
  /** Run metadata: the only place run ids and clock times appear. */
  run: z.strictObject({
    id: z.string(),
    configKey: z.string(),
    status: z.enum(['succeeded', 'partial', 'failed', 'cancelled']),
    exitCode: z.number().int(),
    startedAt: iso,
    finishedAt: iso,
    /** How many times this run was started (1, or more when it was resumed). */
    attempts: z.number().int().min(1),
    flags: z.record(z.string(), z.unknown()),
    /** Problems that made the run partial or failed, in words. */
    problems: z.array(z.string()),
  }),
  stages: z.array(stageReportSchema),
  boards: z.array(boardReportSchema),
  profiles: z.array(profileReportSchema),
  inputs: z.array(fileRecordSchema),
  outputs: z.array(fileRecordSchema),
  scoring: z.strictObject({ modelId: z.string(), configHash: sha256 }),
  ai: z.strictObject({
    status: z.enum(['disabled', 'ok', 'partial', 'unavailable']),
    reason: z.string().nullable(),
    calls: z.number().int(),
    costNanos: z.number().int(),
    costUsd: z.string(),
    tasks: z.array(
      z.strictObject({
        task: z.string(),
        profile: z.string(),
        status: z.string(),
        reason: z.string().nullable(),
      }),
    ),
  }),
  fingerprints: z.strictObject({
    config: sha256,
    environment: z.strictObject({
      node: z.string(),
      platform: z.string(),
      arch: z.string(),
      jobintel: z.string(),
      database: z.enum(['pglite', 'postgres']),
    }),
  }),
});

export type RunReport = z.infer<typeof runReportSchema>;
export type FileRecord = z.infer<typeof fileRecordSchema>;
export type StageReport = z.infer<typeof stageReportSchema>;
export type BoardReport = z.infer<typeof boardReportSchema>;
export type ProfileReport = z.infer<typeof profileReportSchema>;
