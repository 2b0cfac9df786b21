export { createCpuExecutor } from './cpu/pool.js';
export type { CodedErrorOptions } from './errors.js';
export {
  CodedError,
  describeError,
  isRetryable,
  RetryableError,
  RunnerError,
  RunnerErrorCode,
} from './errors.js';
export type { ExecuteRequest, ExecuteResult, Executor } from './executor.js';
export { createIoExecutor } from './executor.js';
export { canonicalJson, fingerprint } from './fingerprint.js';
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
export { createMemorySink } from './memory-sink.js';
export type { StageOptions, StageOptionsInput } from './options.js';
export { parseStageOptions, stageOptionsSchema } from './options.js';
export type { Percentiles } from './percentiles.js';
export { percentile } from './percentiles.js';
export type {
  Pipeline,
  PipelineOptions,
  PipelineOutcome,
  PipelineStage,
  PipelineStageOutcome,
} from './pipeline.js';
export { definePipeline, runPipeline } from './pipeline.js';
export { formatProgressLine, renderProgressBar } from './progress.js';
export type { BackoffOptions } from './random.js';
export { backoffDelay, seededRandom } from './random.js';
export type { StagePosition } from './run-stage.js';
export { runStage } from './run-stage.js';
export type { CancelOnSignalsOptions, SignalCancellation } from './signals.js';
export { cancelOnSignals } from './signals.js';
export type {
  Awaitable,
  FinalStatus,
  ItemOutcome,
  ItemSignal,
  ItemSource,
  PlanContext,
  PlanResult,
  ProgressCounts,
  RunnerEvent,
  StageDefinition,
  StageHooks,
  StageOutcome,
  StageResult,
  StageStatus,
  WorkerContext,
  WorkerFn,
  WorkerModule,
  WorkItem,
} from './types.js';
export { failure, skip } from './types.js';
