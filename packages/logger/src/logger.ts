import { isatty } from 'node:tty';
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import pinoPretty from 'pino-pretty';
import { isDestinationStream, type LoggerOptions, resolveLoggerOptions } from './options.js';
import { buildRedaction, type Redaction } from './redact.js';

/** The logger every JobIntel package passes around: a pino logger. */
export type Logger = PinoLogger;

/**
 * A pino logger: JSON lines by default (`level` label, ISO `time`, bindings, fields, `msg`), pretty
 * text when asked (`pretty: true`, or `'auto'` on a TTY), secrets redacted in every record, child
 * binding and message. The level is `options.level`, else `JOBINTEL_LOG_LEVEL` from `options.env`
 * (default `process.env`), else `info`. Throws `LoggerOptionsError` naming the field of a bad option.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const o = resolveLoggerOptions(options);
  const redaction = buildRedaction(o.redact);
  const { stream, tty } = openDestination(o.destination);
  const usePretty = o.pretty === true || (o.pretty === 'auto' && tty);
  const env = o.env ?? process.env;
  const destination = usePretty ? prettyStream(stream, tty && !env.NO_COLOR) : stream;

  const logger = pino(
    {
      level: o.level,
      // `name` first, then the base fields (pino would put `name` after them)
      base: { ...(o.name ? { name: o.name } : {}), ...(redaction.keys(o.base) as Record<string, unknown>) },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (record) => redactRecord(redaction, record),
      },
      serializers: { err: (value: unknown) => redaction.keys(value) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, redactFormatArgs(redaction, args) as Parameters<typeof method>);
        },
        // the last word on every line: credentials in text (messages, stacks, URLs in any field)
        streamWrite: (line) => redaction.text(line),
      },
    },
    destination,
  );
  return guardBindings(logger, redaction);
}

function openDestination(dest: DestinationStream | number | string | undefined): {
  stream: DestinationStream;
  tty: boolean;
} {
  if (isDestinationStream(dest)) return { stream: dest, tty: (dest as { isTTY?: unknown }).isTTY === true };
  const target = dest ?? 1;
  // synchronous writes: nothing is lost when a short CLI exits right after logging
  const stream = pino.destination({ dest: target, sync: true, mkdir: typeof target === 'string' });
  return { stream, tty: typeof target === 'number' && isatty(target) };
}

/** pino-pretty as a plain synchronous stream (no worker transport, no stream plumbing). */
function prettyStream(out: DestinationStream, colorize: boolean): DestinationStream {
  const format = pinoPretty.prettyFactory({ colorize, translateTime: 'SYS:HH:MM:ss.l' });
  return {
    write(line: string) {
      out.write(format(line));
    },
  };
}

function redactRecord(redaction: Redaction, record: Record<string, unknown>): Record<string, unknown> {
  try {
    return redaction.keys(record) as Record<string, unknown>;
  } catch (error) {
    // a record that cannot be read (a throwing getter) is not written rather than written unredacted
    return { redactionFailed: error instanceof Error ? error.name : typeof error };
  }
}

/** Objects interpolated into the message (`log.info('config %j', config)`) are redacted too. */
function redactFormatArgs(redaction: Redaction, args: unknown[]): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    if (typeof arg !== 'object' || arg === null) continue;
    const r = redaction.keys(arg);
    if (arg instanceof Error) {
      // keep `%s` printing "Name: message" while `%j` / `%o` print the redacted record
      Object.defineProperty(r, 'toString', { value: () => String(arg), enumerable: false });
    } else if (r === arg) continue;
    out ??= args.slice();
    out[i] = r;
  }
  return out ?? args;
}

/**
 * pino writes child bindings and `setBindings` without the `log` formatter: redact them on the way in.
 * Children are created with `Object.create(parent)`, so the methods set on the root serve every depth.
 */
function guardBindings(logger: Logger, redaction: Redaction): Logger {
  type Child = (this: Logger, bindings: object, options?: object) => Logger;
  type SetBindings = (this: Logger, bindings: object) => void;
  const child = logger.child as unknown as Child;
  const setBindings = logger.setBindings as unknown as SetBindings;
  logger.child = function (this: Logger, bindings: object, options?: object) {
    return child.call(this, redaction.keys(bindings) as object, options);
  } as unknown as Logger['child'];
  logger.setBindings = function (this: Logger, bindings: object) {
    setBindings.call(this, redaction.keys(bindings) as object);
  } as Logger['setBindings'];
  return logger;
}

/** A logger that writes nothing, at any level (for tests, and as the default of a library). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' }, { write: () => {} });
}

/** What a log line is about: a scoped child carries these fields on every record. */
export interface LogScope {
  runId?: string;
  stage?: string;
  itemId?: string;
  [key: string]: unknown;
}

/**
 * A child logger scoped by run, stage and/or item (only the fields given are bound):
 * `scoped(logger, { runId })`, then `scoped(runLog, { stage: 'fetch' })`, then `{ itemId }`.
 */
export function scoped(logger: Logger, scope: LogScope): Logger {
  const bindings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(scope)) if (value !== undefined) bindings[key] = value;
  return logger.child(bindings);
}
