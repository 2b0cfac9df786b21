export { createDbBudgetStorage } from './budget-storage.js';
export type { Db } from './driver.js';
export { redactUrl, STORE_EXIT_CODES, StoreError, StoreErrorCode, storeExitCode } from './errors.js';
export type { MigrationReport } from './migrate.js';
export { loadMigrations, migrationsFingerprint } from './migrations.js';
export type { StoreOptions, StoreOptionsInput } from './options.js';
export { storeOptionsSchema } from './options.js';
export type { PgManifestSink, PgManifestSinkOptions, RowWithResult } from './pg-manifest-sink.js';
export type {
  ArtifactInput,
  BreakerRecord,
  Records,
  SeenJob,
  UsageInput,
  UserStateInput,
  UserStateRecord,
  UserStatus,
} from './records.js';
export { USER_STATUSES } from './records.js';
export type { LockHolder, RunLock, RunLockRequest } from './run-lock.js';
export type {
  CreateRunInput,
  FinishRunInput,
  ListRunsInput,
  PruneInput,
  PruneResult,
  RunPage,
  RunRecord,
  RunStatus,
  StageProgressInput,
  StageRecord,
} from './runs.js';
export { RUN_STATUSES, RunRegistry, SUCCESSFUL_STATUSES } from './runs.js';
export * as schema from './schema.js';
export type { Store } from './store.js';
export { openStore } from './store.js';
