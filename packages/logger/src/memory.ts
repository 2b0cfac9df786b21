import { createLogger, type Logger } from './logger.js';
import type { LoggerOptions } from './options.js';

/** One parsed log line. */
export interface LogRecord {
  level: string;
  time: string;
  msg?: string;
  [key: string]: unknown;
}

export interface MemoryLogger {
  logger: Logger;
  /** Every record written so far, parsed, in order (the same array throughout). */
  records: LogRecord[];
  /** Every line written so far, as written (redacted JSON), joined with `\n`. */
  text(): string;
  /** Forgets what was captured. */
  clear(): void;
}

/**
 * A logger whose output is captured in memory, for assertions in tests. It is a real `createLogger`
 * logger (same redaction and format) at level `trace` unless `options.level` says otherwise; the
 * environment's `JOBINTEL_LOG_LEVEL` is not read.
 */
export function createMemoryLogger(
  options: Omit<LoggerOptions, 'destination' | 'pretty'> = {},
): MemoryLogger {
  const records: LogRecord[] = [];
  const lines: string[] = [];
  const destination = {
    write(chunk: string) {
      for (const line of chunk.split('\n')) {
        if (!line) continue;
        lines.push(line);
        records.push(JSON.parse(line) as LogRecord);
      }
    },
  };
  const logger = createLogger({ level: 'trace', env: {}, ...options, destination, pretty: false });
  return {
    logger,
    records,
    text: () => lines.join('\n'),
    clear: () => {
      records.length = 0;
      lines.length = 0;
    },
  };
}
