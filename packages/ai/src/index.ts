export type {
  Accounting,
  CallEstimate,
  LlmApi,
  PromptMessage,
  Reservation,
  SettledCall,
} from './accounting.js';
export type { Ai, AiDeps, TaskCallOptions } from './ai.js';
export { createAi, disabledReason } from './ai.js';
export type { AiCacheStore, CacheEntry } from './cache.js';
export { cacheKey, createFileCacheStore } from './cache.js';
export type { Completion, LlmClient, LlmClientDeps } from './client.js';
export { createLlmClient } from './client.js';
export type { AiConfig, AiConfigInput, AiProvider } from './config.js';
export { AI_PROVIDERS, aiConfigSchema, DEFAULT_BASE_URLS, parseAiConfig } from './config.js';
export { AiError, AiErrorCode } from './errors.js';
export type { JobBriefsInput, ProfileSummary, RankedJob, WeeklyInsightsInput } from './inputs.js';
export {
  jobBriefsInputSchema,
  profileSummarySchema,
  rankedJobSchema,
  weeklyInsightsInputSchema,
} from './inputs.js';
export type { JobBrief, WeeklyInsights } from './outputs.js';
export { jobBriefSchema, weeklyInsightsSchema } from './outputs.js';
export { jobBriefPrompt } from './prompts/job-brief.js';
export type { PromptTemplate } from './prompts/template.js';
export { promptKey } from './prompts/template.js';
export { weeklyInsightsPrompt } from './prompts/weekly-insights.js';
export type { ChatMessage, ChatRequest, OutputSchema } from './providers/types.js';
export type { JobBriefResult, JobBriefsOutcome } from './tasks/job-briefs.js';
export type { TaskResult, TaskStatus } from './tasks/result.js';
export type { TrackerAccountingOptions } from './tracker-accounting.js';
export { createTrackerAccounting } from './tracker-accounting.js';
