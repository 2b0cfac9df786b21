import { type Logger, silentLogger } from '@jobintel/runner-core';
import type { Dispatcher } from 'undici';
import type { Accounting } from './accounting.js';
import { type AiCacheStore, createFileCacheStore } from './cache.js';
import { createLlmClient, type LlmClient, type LlmClientDeps } from './client.js';
import { type AiConfig, parseAiConfig } from './config.js';
import type { JobBriefsInput, WeeklyInsightsInput } from './inputs.js';
import type { WeeklyInsights } from './outputs.js';
import { type JobBriefsOutcome, jobBriefsTask } from './tasks/job-briefs.js';
import type { TaskResult } from './tasks/result.js';
import type { TaskContext } from './tasks/run-task.js';
import { weeklyInsightsTask } from './tasks/weekly-insights.js';

export interface AiDeps {
  accounting: Accounting;
  /** Where the key variable is read; `process.env` unless given. */
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** Defaults to a file store under `config.cacheDir`. */
  cache?: AiCacheStore;
  dispatcher?: Dispatcher;
  sleep?: LlmClientDeps['sleep'];
  now?: () => number;
}

export interface TaskCallOptions {
  signal?: AbortSignal;
}

export interface Ai {
  readonly status: 'enabled' | 'disabled';
  /** Why the AI stage is off (no model, no key variable, key variable unset, `enabled: false`). */
  readonly disabledReason: string | undefined;
  readonly config: AiConfig;
  weeklyInsights(input: WeeklyInsightsInput, options?: TaskCallOptions): Promise<TaskResult<WeeklyInsights>>;
  jobBriefs(input: JobBriefsInput, options?: TaskCallOptions): Promise<JobBriefsOutcome>;
}

/** Why the stage cannot run with this config and environment, or undefined when it can. */
export function disabledReason(
  config: AiConfig,
  env: Record<string, string | undefined>,
): string | undefined {
  if (!config.enabled) return 'ai.enabled is false';
  if (!config.model) return 'no model configured (ai.model)';
  if (!config.apiKeyEnv) return 'no API key variable configured (ai.apiKeyEnv)';
  if (!env[config.apiKeyEnv]?.trim()) return `the environment variable ${config.apiKeyEnv} is not set`;
  return undefined;
}

/**
 * The guarded AI stage. Invalid config throws `AI_INVALID_CONFIG`; everything after that is a result:
 * `ok` with validated output, `unavailable` with a reason and no content, or `disabled`.
 */
export function createAi(configInput: unknown, deps: AiDeps): Ai {
  const config = parseAiConfig(configInput);
  const env = deps.env ?? process.env;
  const logger = (deps.logger ?? silentLogger).child({ component: 'ai' });
  const reason = disabledReason(config, env);
  const cache = deps.cache ?? createFileCacheStore(config.cacheDir);
  const client: LlmClient | undefined =
    reason === undefined
      ? createLlmClient(config, {
          accounting: deps.accounting,
          apiKey: env[config.apiKeyEnv!]!.trim(),
          logger,
          ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
          ...(deps.sleep ? { sleep: deps.sleep } : {}),
          ...(deps.now ? { now: deps.now } : {}),
        })
      : undefined;
  const context = (options: TaskCallOptions): TaskContext => ({
    client: client!,
    cache,
    logger,
    maxOutputTokens: config.maxOutputTokens,
    signal: options.signal,
  });
  if (reason) logger.info({ event: 'ai.disabled', reason }, `ai disabled: ${reason}`);

  return {
    status: reason === undefined ? 'enabled' : 'disabled',
    disabledReason: reason,
    config,
    async weeklyInsights(input, options = {}) {
      if (reason) return { status: 'disabled', reason };
      if (!config.tasks.insights.enabled)
        return { status: 'disabled', reason: 'ai.tasks.insights.enabled is false' };
      return weeklyInsightsTask(input, config.tasks.insights.maxJobs, context(options));
    },
    async jobBriefs(input, options = {}) {
      if (reason) return { status: 'disabled', reason };
      if (!config.tasks.briefs.enabled)
        return { status: 'disabled', reason: 'ai.tasks.briefs.enabled is false' };
      return jobBriefsTask(input, config.tasks.briefs, context(options));
    },
  };
}
