import { Writable } from 'node:stream';
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';
import { z } from 'zod';
import { createRedactor } from './redact.js';

export type Logger = PinoLogger;

const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

const isStream = (v: unknown): v is DestinationStream =>
  typeof v === 'object' && v !== null && typeof (v as { write?: unknown }).write === 'function';

export const loggerOptionsSchema = z.strictObject({
  level: z.enum(levels).optional(),
  name: z.string().min(1).optional(),
  pretty: z.union([z.boolean(), z.literal('auto')]).default(false),
  destination: z
    .union([
      z.custom<DestinationStream>(isStream, 'expected a writable stream'),
      z.int().min(0),
      z.string().min(1),
    ])
    .optional(),
  redact: z.array(z.string().min(1)).default([]),
  base: z.record(z.string(), z.unknown()).default({}),
  env: z.record(z.string(), z.string().optional()).optional(),
});
export type LoggerOptions = z.input<typeof loggerOptionsSchema>;

export class LoggerOptionsError extends Error {
  readonly code = 'LOGGER_INVALID_OPTIONS';
}

/**
 * A pino logger: JSON lines by default (ISO `time`), pretty text when asked (`pretty: true`, or
 * `'auto'` on a TTY), secrets redacted at any depth in every record and child binding. The level is
 * `options.level`, else `JOBINTEL_LOG_LEVEL` from `options.env` (default `process.env`), else `info`.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const parsed = loggerOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`);
    throw new LoggerOptionsError(`invalid logger options: ${problems.join('; ')}`);
  }
  const o = parsed.data;
  const env = o.env ?? process.env;
  const fromEnv = env.JOBINTEL_LOG_LEVEL?.toLowerCase();
  if (!o.level && fromEnv && !(levels as readonly string[]).includes(fromEnv)) {
    throw new LoggerOptionsError(
      `JOBINTEL_LOG_LEVEL: expected one of ${levels.join('|')} (got ${JSON.stringify(fromEnv)})`,
    );
  }
  const level = o.level ?? (fromEnv as (typeof levels)[number] | undefined) ?? 'info';
  const redact = createRedactor(o.redact);

  let destination: DestinationStream;
  if (isStream(o.destination)) destination = o.destination;
  else if (typeof o.destination === 'number' || typeof o.destination === 'string') {
    destination = pino.destination({ dest: o.destination, sync: true, mkdir: true });
  } else destination = pino.destination({ dest: 1, sync: true });

  const tty =
    (destination as { isTTY?: boolean }).isTTY ??
    (o.destination === undefined && process.stdout.isTTY === true);
  if (o.pretty === true || (o.pretty === 'auto' && tty)) {
    // a synchronous pretty stream (no worker transport): no line is lost when a short CLI exits
    destination = pretty({
      destination,
      sync: true,
      colorize: o.pretty === 'auto' && tty,
      translateTime: 'SYS:HH:MM:ss.l',
    });
  }

  const logger = pino(
    {
      level,
      ...(o.name ? { name: o.name } : {}),
      base: redact(o.base) as Record<string, unknown>,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (record) => redact(record) as Record<string, unknown>,
      },
      serializers: { err: (e: unknown) => redact(e) },
      // message strings are not objects: credentials in URLs are still scrubbed from them
      hooks: {
        logMethod(args, method) {
          const out = args.map((a) => (typeof a === 'string' ? (redact(a) as string) : a));
          method.apply(this, out as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
  return redactChildren(logger, redact);
}

/**
 * pino serialises child bindings without the `log` formatter: redact them on the way in. Children
 * inherit from their parent, so the wrapper set on the root applies at every depth (with `this` the
 * logger it is called on).
 */
function redactChildren(logger: Logger, redact: (value: unknown) => unknown): Logger {
  const base = logger.child as unknown as (this: Logger, bindings: object, options?: object) => Logger;
  const child = function (this: Logger, bindings: object, options?: object): Logger {
    return base.call(this, redact(bindings) as object, options);
  };
  logger.child = child as unknown as Logger['child'];
  return logger;
}

/** A logger that writes nothing (for tests, and the default of every library). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** A logger whose records are parsed into `records`, for assertions in tests. */
export function createMemoryLogger(options: Omit<LoggerOptions, 'destination' | 'pretty'> = {}): {
  logger: Logger;
  records: Array<Record<string, unknown>>;
  text(): string;
} {
  const records: Array<Record<string, unknown>> = [];
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) {
        if (!line) continue;
        lines.push(line);
        records.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const logger = createLogger({ level: 'trace', ...options, destination });
  return { logger, records, text: () => lines.join('\n') };
}

/** What a log line is about: children carry these fields on every record. */
export interface LogScope {
  runId?: string;
  stage?: string;
  itemId?: string;
  [key: string]: unknown;
}

/** A child logger scoped by run, stage and/or item (only the fields given are bound). */
export function scoped(logger: Logger, scope: LogScope): Logger {
  const bindings = Object.fromEntries(Object.entries(scope).filter(([, v]) => v !== undefined));
  return logger.child(bindings);
}
