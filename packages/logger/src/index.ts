export type { Logger, LogScope } from './logger.js';
export { createLogger, createSilentLogger, scoped } from './logger.js';
export type { LogRecord, MemoryLogger } from './memory.js';
export { createMemoryLogger } from './memory.js';
export type { LoggerOptions, LogLevel } from './options.js';
export { LOG_LEVELS, LoggerOptionsError, loggerOptionsSchema } from './options.js';
export { createRedactor, DEFAULT_SECRET_KEYS, REDACTED, redactSecrets } from './redact.js';
