export type { Logger, LoggerOptions, LogScope } from './logger.js';
export {
  createLogger,
  createMemoryLogger,
  createSilentLogger,
  LoggerOptionsError,
  loggerOptionsSchema,
  scoped,
} from './logger.js';
export { createRedactor, DEFAULT_SECRET_KEYS, REDACTED, redactSecrets } from './redact.js';
