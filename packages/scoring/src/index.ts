export {
  type BoostEvidence,
  buildCorpusStats,
  type CorpusStats,
  type EmbeddingProvider,
  embeddingSimilarities,
  mergeCorpusStats,
} from './booster.js';
export { type CompiledProfile, compileProfile, SCORING_MODEL_ID } from './compile.js';
export {
  type ChangedJob,
  changeDescriber,
  DIFF_FIELDS,
  type DiffableJob,
  type DiffField,
  type DiffOptions,
  describeChange,
  diffRuns,
  type PreviousJob,
  parsePreviousJobs,
  type RunDiff,
} from './diff.js';
export { ScoringError, ScoringErrorCode } from './errors.js';
export { EXAMPLE_PROFILES, type ExampleProfile, exampleProfilePath } from './examples.js';
export {
  type CanonicalJob,
  type CanonicalUrlOptions,
  canonicalJobId,
  canonicalUrl,
  collapseJobs,
  type DuplicateLinks,
  duplicateKey,
  type IdentityBasis,
  type IdentityInput,
  identifyJobs,
  jobIdNamespace,
  linkDuplicates,
} from './identity.js';
export {
  type CountryFilterOptions,
  formatLocation,
  inCountries,
  type NormalizedLocation,
  normalizeLocation,
  normalizePostingLocations,
} from './locations.js';
export { inflections, type MatchRule, PhraseMatcher, type RuleHit } from './matcher.js';
export {
  applyUserState,
  type OverlaidJob,
  type OverlayResult,
  USER_STATUSES,
  type UserStateEntry,
  type UserStatus,
} from './overlay.js';
export { bandOf } from './preferences.js';
export { type PreparedJob, prepareJobs, type ScorableJob } from './prepare.js';
export {
  loadProfile,
  type Profile,
  type ProfileInput,
  parseProfile,
  parseProfileYaml,
  profileSchema,
  SENIORITY_LEVELS,
  type SeniorityLevel,
} from './profile.js';
export {
  compareScored,
  type RankedJob,
  type RankOptions,
  rankJobs,
  type ScoreDiagnostics,
  scoreDiagnostics,
} from './rank.js';
export { CSV_COLUMNS, csvField, csvRow, renderCsv } from './render/csv.js';
export { renderRankedJson, stableJson, stableJsonFragment } from './render/json.js';
export { mdText, renderShortlist, renderTop, type ShortlistOptions } from './render/markdown.js';
export {
  type BuildReportOptions,
  buildReport,
  type RankedReport,
  REPORT_SCHEMA_VERSION,
  type ReportJob,
} from './report.js';
export {
  type Band,
  type Contribution,
  type ContributionKind,
  type Explanation,
  type ScoredJob,
  type ScoreOptions,
  scorePostings,
  scorePostingsForProfiles,
  scorePrepared,
} from './score.js';
export { foldText, normalizePhrase, tokenize } from './text.js';
export type { TokenStream, Vocabulary } from './vocabulary.js';
