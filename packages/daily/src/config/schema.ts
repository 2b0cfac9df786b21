// The one configuration file, `jobintel.config.yaml`, composed from the packages' own schemas.
// Secrets never live here: where a secret is needed, the config names the environment variable.
import { aiConfigSchema } from '@jobintel/ai';
import { boardConfigSchema, fetcherOptionsSchema } from '@jobintel/providers';
import { notifyTargetSchema } from '@jobintel/publisher';
import { profileSchema } from '@jobintel/scoring';
import { budgetSpecSchema } from '@jobintel/token-tracker';
import { z } from 'zod';

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the NAME of an environment variable, e.g. DATABASE_URL');

export const CONFIG_VERSION = 1;

/** A profile: a YAML file (path relative to the config file), or written inline. */
export const profileEntrySchema = z.union([z.strictObject({ file: z.string().min(1) }), profileSchema]);

export const publishSchema = z.discriminatedUnion('target', [
  z.strictObject({
    target: z.literal('local'),
    /** Folder of the published tree (runs/, latest/, state/). Relative to the config file's folder. */
    dir: z.string().min(1).default('.jobintel/published'),
  }),
  z.strictObject({
    target: z.literal('s3'),
    bucket: z.string().min(3),
    prefix: z.string().default(''),
    region: z.string().default('us-east-1'),
    /** Any S3-compatible endpoint (MinIO, R2, ...); omit for AWS. */
    endpoint: z.url().optional(),
    forcePathStyle: z.boolean().default(true),
    accessKeyIdEnv: envName.default('AWS_ACCESS_KEY_ID'),
    secretAccessKeyEnv: envName.default('AWS_SECRET_ACCESS_KEY'),
  }),
]);

export const jobintelConfigSchema = z
  .strictObject({
    version: z.literal(CONFIG_VERSION).default(CONFIG_VERSION),
    /** The configuration's identity: one run per key at a time; runs diff against runs of the same key. */
    key: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, dots, dashes')
      .default('default'),
    /** Where the run keeps its state (database, artifacts, snapshots, caches), relative to the config file. */
    stateDir: z.string().min(1).default('.jobintel'),
    boards: z.array(boardConfigSchema).default([]),
    profiles: z.array(profileEntrySchema).default([]),
    scoring: z
      .strictObject({
        /** Jobs below this score are left out of shortlists (they stay in the ranked JSON/CSV). */
        minScore: z.number().min(0).max(100).default(40),
        /** Jobs at or above this score are alerted on. */
        alertScore: z.number().min(0).max(100).default(75),
        /** How many jobs `top.md` lists. */
        topN: z.number().int().min(1).max(500).default(20),
      })
      .prefault({}),
    fetch: z
      .strictObject({
        userAgent: z.string().default('JobIntel/0.1 (+https://github.com/jobintel/jobintel)'),
        allowHosts: fetcherOptionsSchema.shape.allowHosts.optional(),
        politeness: fetcherOptionsSchema.shape.politeness.optional(),
        concurrency: z.number().int().min(1).max(64).default(8),
      })
      .prefault({}),
    /** The run fails (exit 6) when more than this many enabled boards are unavailable. */
    boardPolicy: z
      .strictObject({ maxUnavailable: z.number().int().min(0).nullable().default(null) })
      .prefault({}),
    ai: aiConfigSchema.prefault({ enabled: false }),
    budgets: z.array(budgetSpecSchema).default([]),
    storage: z
      .strictObject({
        /** Name of the variable holding a PostgreSQL URL; when it is unset, the embedded PGlite database is used. */
        databaseUrlEnv: envName.default('DATABASE_URL'),
      })
      .prefault({}),
    publish: publishSchema.optional(),
    notify: z
      .strictObject({
        targets: z.array(notifyTargetSchema).default([]),
        /** Send even when nothing is new, changed or removed. */
        always: z.boolean().default(false),
        maxJobs: z.number().int().min(1).max(25).default(5),
      })
      .prefault({}),
    retention: z
      .strictObject({
        keepLast: z.number().int().min(1).nullable().default(30),
        keepDays: z.number().min(1).nullable().default(90),
      })
      .prefault({}),
  })
  .superRefine((c, ctx) => {
    if (c.scoring.alertScore < c.scoring.minScore) {
      ctx.addIssue({
        code: 'custom',
        path: ['scoring', 'alertScore'],
        message: `must be at least scoring.minScore (${c.scoring.minScore})`,
      });
    }
  });

export type JobintelConfigInput = z.input<typeof jobintelConfigSchema>;
export type JobintelConfig = z.output<typeof jobintelConfigSchema>;
