export { ADAPTERS } from './adapters/index.js';
export type { Adapter, PageRequest, ParseContext, ParseResult, ParseWarning } from './adapters/types.js';
export type { AttemptRecord, Availability, AvailabilityReason, AvailabilityStatus } from './availability.js';
export {
  type BoardConfig,
  type BoardConfigInput,
  boardConfigSchema,
  boardKey,
  boardListSchema,
  FETCH_MODES,
  type FetchMode,
  fetchModeSchema,
  type Politeness,
  parseBoardConfig,
  politenessSchema,
} from './board-config.js';
export {
  type DemoBoardEntry,
  type DemoManifest,
  demoBoards,
  demoDir,
  demoSnapshotSource,
  loadDemoManifest,
} from './demo.js';
export { type BlockDetection, type BlockKind, type DetectInput, detectBlockPage } from './detect.js';
export { ProviderError, ProviderErrorCode } from './errors.js';
export { DEFAULT_ALLOWED_HOSTS, hostAllowed } from './fetch/allowlist.js';
export {
  type BreakerSettings,
  type BreakerState,
  type BreakerStateStore,
  CircuitBreaker,
  jsonFileBreakerStore,
  memoryBreakerStore,
} from './fetch/breaker.js';
export { type Clock, systemClock } from './fetch/clock.js';
export {
  type FetcherDeps,
  type HttpFailure,
  type HttpRequest,
  type HttpResult,
  type HttpSuccess,
  PoliteFetcher,
} from './fetch/http-client.js';
export {
  DEFAULT_POLITENESS,
  type FetcherOptions,
  type FetcherOptionsInput,
  fetcherOptionsSchema,
} from './fetch/options.js';
export {
  type BoardResult,
  type FetchBoardDeps,
  type FetchBoardsOptions,
  fetchBoard,
  fetchBoards,
  type Provenance,
} from './fetch-board.js';
export { decodeEntitiesOnce, htmlToText, sanitizeDescription } from './html.js';
export { countryCode, type LocationHints, normaliseLocation } from './locations.js';
export { mergePages, type ParseBoardOptions, parseBoard, type RawResponse } from './parse-board.js';
export {
  type Compensation,
  compensationSchema,
  EMPLOYMENT_TYPES,
  type EmploymentType,
  employmentTypeSchema,
  type JobPosting,
  jobPostingSchema,
  PAY_INTERVALS,
  type PayInterval,
  type PostingLocation,
  PROVIDERS,
  type Provider,
  payIntervalSchema,
  postingLocationSchema,
  providerSchema,
  type RawRef,
  rawRefSchema,
  WORKPLACES,
  type Workplace,
  workplaceSchema,
} from './posting.js';
export {
  FsSnapshotStore,
  type LoadedSnapshot,
  type SnapshotPage,
  type SnapshotRecord,
  type SnapshotSource,
  sha256Hex,
} from './snapshots.js';
