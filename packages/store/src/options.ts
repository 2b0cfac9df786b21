import type { Logger } from '@jobintel/runner-core';
import { z } from 'zod';
import { StoreError, StoreErrorCode } from './errors.js';

export const storeOptionsSchema = z.strictObject({
  /** PostgreSQL URL (`postgres://user@host:5432/db`). When absent, the embedded PGlite database is used. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Folder of the embedded PGlite database. Default `.jobintel/db`. */
  dataDir: z.string().min(1).default('.jobintel/db'),
  /** How long to wait for the embedded database when another process holds it. Default 0 (fail at once). */
  busyTimeoutMs: z.number().int().min(0).default(0),
  /** Seconds to wait for a PostgreSQL connection. Default 10. */
  connectTimeoutSeconds: z.number().int().min(1).default(10),
  /** PostgreSQL pool size. Default 10. */
  maxConnections: z.number().int().min(1).max(100).default(10),
  /** Apply pending migrations at open (default true). When false, an out-of-date database is an error. */
  migrate: z.boolean().default(true),
  /** Says what holds the embedded database, in a second process's error (e.g. "jobintel run"). */
  label: z.string().optional(),
  logger: z.custom<Logger>((v) => typeof v === 'object' && v !== null, 'must be a Logger').optional(),
  /** The clock (tests). */
  now: z.custom<() => Date>((v) => typeof v === 'function', 'must be a function').optional(),
});
export type StoreOptionsInput = z.input<typeof storeOptionsSchema>;
export type StoreOptions = z.output<typeof storeOptionsSchema>;

export function parseStoreOptions(input: StoreOptionsInput): StoreOptions {
  const parsed = storeOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`);
  throw new StoreError(StoreErrorCode.InvalidOptions, `invalid store options: ${problems.join('; ')}`, {
    details: { problems },
  });
}
