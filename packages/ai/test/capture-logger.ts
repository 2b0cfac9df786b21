import type { Logger } from '@jobintel/runner-core';

/** A logger that keeps every record as JSON text, to check what would reach the logs. */
export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const log = (level: string) => (obj: object | string, msg?: string) => {
      lines.push(
        JSON.stringify(
          { level, ...bindings, ...(typeof obj === 'string' ? { msg: obj } : obj), msg },
          (_k, v) =>
            v instanceof Error ? { message: v.message, stack: v.stack, cause: String(v.cause) } : v,
        ),
      );
    };
    return {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return Object.assign(make({}), { lines });
}
