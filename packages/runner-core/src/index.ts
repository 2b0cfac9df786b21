export type { CodedErrorOptions } from './errors.js';
export {
  CodedError,
  describeError,
  isRetryable,
  RetryableError,
  RunnerError,
  RunnerErrorCode,
} from './errors.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
export type {
  ItemStatus,
  JsonValue,
  ManifestEntry,
  ManifestIndex,
  ManifestProblem,
  ManifestRow,
  ManifestSink,
} from './manifest.js';
export {
  itemStatuses,
  MANIFEST_SCHEMA_VERSION,
  ManifestError,
  ManifestErrorCode,
  manifestRowSchema,
  validateManifestRow,
} from './manifest.js';
