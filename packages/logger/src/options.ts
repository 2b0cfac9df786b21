import type { DestinationStream } from 'pino';
import { z } from 'zod';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const LEVEL_LIST = LOG_LEVELS.join('|');

const got = (input: unknown): string => {
  if (input === undefined) return '';
  if (typeof input === 'string') return ` (got ${JSON.stringify(input)})`;
  if (input === null || typeof input !== 'object') return ` (got ${String(input)})`;
  return ` (got ${Array.isArray(input) ? 'an array' : 'an object'})`;
};

export const isDestinationStream = (v: unknown): v is DestinationStream =>
  typeof v === 'object' && v !== null && typeof (v as { write?: unknown }).write === 'function';

/** The options of `createLogger`, validated at the edge: a bad one throws `LoggerOptionsError`. */
export const loggerOptionsSchema = z.strictObject(
  {
    level: z
      .enum(LOG_LEVELS, { error: (issue) => `expected one of ${LEVEL_LIST}${got(issue.input)}` })
      .optional(),
    name: z.string({ error: 'expected a non-empty string' }).min(1, 'expected a non-empty string').optional(),
    pretty: z
      .union([z.boolean(), z.literal('auto')], {
        error: (issue) => `expected true, false or 'auto'${got(issue.input)}`,
      })
      .default(false),
    destination: z
      .union(
        [
          z.custom<DestinationStream>(isDestinationStream),
          z.int().min(0, 'expected a file descriptor (an integer >= 0)'),
          z.string().min(1, 'expected a non-empty file path'),
        ],
        {
          error: (issue) => `expected a writable stream, a file descriptor or a file path${got(issue.input)}`,
        },
      )
      .optional(),
    redact: z
      .array(z.string().min(1, 'expected a non-empty key name'), {
        error: (issue) => `expected an array of key names${got(issue.input)}`,
      })
      .default([]),
    base: z
      .record(z.string(), z.unknown(), { error: (issue) => `expected an object${got(issue.input)}` })
      .default({}),
    // a custom check, not z.record: process.env is not a plain object, and zod's record refuses it
    env: z
      .custom<Record<string, string | undefined>>(
        (v) =>
          typeof v === 'object' &&
          v !== null &&
          !Array.isArray(v) &&
          Object.values(v).every((x) => typeof x === 'string' || x === undefined),
        { error: (issue) => `expected an object of strings such as process.env${got(issue.input)}` },
      )
      .optional(),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? `expected an object${got(issue.input)}` : undefined) },
);

/** What `createLogger` accepts (every field optional). */
export type LoggerOptions = z.input<typeof loggerOptionsSchema>;
export type ResolvedLoggerOptions = z.output<typeof loggerOptionsSchema> & { level: LogLevel };

/** Thrown by `createLogger` for a bad option; the message names the field. */
export class LoggerOptionsError extends Error {
  readonly code = 'LOGGER_INVALID_OPTIONS';
  override readonly name = 'LoggerOptionsError';
}

const describeIssue = (issue: z.core.$ZodIssue): string => {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `${k}: unknown option`).join('; ');
  const path = issue.path.map(String).join('.');
  return `${path || 'options'}: ${issue.message}`;
};

/**
 * Validates the options and settles the level: `options.level`, else `JOBINTEL_LOG_LEVEL` from
 * `options.env` (default `process.env`), else `info`.
 */
export function resolveLoggerOptions(options: unknown): ResolvedLoggerOptions {
  const parsed = loggerOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    throw new LoggerOptionsError(
      `invalid logger options: ${parsed.error.issues.map(describeIssue).join('; ')}`,
    );
  }
  const o = parsed.data;
  if (o.level) return { ...o, level: o.level };
  const fromEnv = (o.env ?? process.env).JOBINTEL_LOG_LEVEL?.trim().toLowerCase();
  if (!fromEnv) return { ...o, level: 'info' };
  if (!(LOG_LEVELS as readonly string[]).includes(fromEnv)) {
    throw new LoggerOptionsError(`JOBINTEL_LOG_LEVEL: expected one of ${LEVEL_LIST}${got(fromEnv)}`);
  }
  return { ...o, level: fromEnv as LogLevel };
}
