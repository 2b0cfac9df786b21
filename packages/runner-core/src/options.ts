import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { RunnerError, RunnerErrorCode } from './errors.js';
import type { Executor } from './executor.js';
import type { Logger } from './logger.js';
import type { ManifestSink } from './manifest.js';
import type { RunnerEvent, StageHooks } from './types.js';

const fn = <T>(what: string) =>
  z.custom<T>((v) => typeof v === 'function', { message: `expected a function (${what})` });

const isSink = (v: unknown): v is ManifestSink =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as ManifestSink).append === 'function' &&
  typeof (v as ManifestSink).latest === 'function';

const isLogger = (v: unknown): v is Logger =>
  typeof v === 'object' &&
  v !== null &&
  ['debug', 'info', 'warn', 'error', 'child'].every(
    (m) => typeof (v as Record<string, unknown>)[m] === 'function',
  );

export const backoffSchema = z.strictObject({
  baseMs: z.number().min(0).default(200),
  capMs: z.number().min(0).default(30_000),
  jitter: z.number().min(0).max(1).default(0.5),
});

/** Every runner option, its default and its meaning: see docs/runner.md. */
export const stageOptionsSchema = z.strictObject({
  runId: z.string().min(1).optional(),
  policy: z.enum(['io', 'cpu']).default('io'),
  concurrency: z.int().min(1).max(100_000).optional(),
  schedule: z.enum(['fifo', 'sjf']).default('fifo'),
  timeoutMs: z.number().positive().optional(),
  retries: z.int().min(0).max(100).default(0),
  backoff: backoffSchema.default({ baseMs: 200, capMs: 30_000, jitter: 0.5 }),
  errorBudget: z.int().min(0).optional(),
  maxQueue: z.int().min(1).default(1000),
  resume: z.boolean().default(true),
  force: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  graceMs: z.number().min(0).default(5000),
  progressIntervalMs: z.int().min(0).default(1000),
  keepItemOutcomes: z.enum(['all', 'failures', 'none']).default('all'),
  keepOutputs: z.boolean().default(true),
  detectDuplicateIds: z.boolean().default(true),
  maxErrors: z.int().min(0).default(20),
  seed: z.int().optional(),
  signal: z.instanceof(AbortSignal, { message: 'expected an AbortSignal' }).optional(),
  manifest: z
    .custom<ManifestSink>(isSink, { message: 'expected a ManifestSink (append, latest)' })
    .optional(),
  logger: z
    .custom<Logger>(isLogger, { message: 'expected a logger (debug, info, warn, error, child)' })
    .optional(),
  onEvent: fn<(event: RunnerEvent) => void>('onEvent(event)').optional(),
  hooks: z
    .custom<StageHooks<never, never>>((v) => typeof v === 'object' && v !== null, {
      message: 'expected an object of hook functions',
    })
    .optional(),
  executor: z
    .custom<Executor>(
      (v) => typeof v === 'object' && v !== null && typeof (v as Executor).execute === 'function',
      {
        message: 'expected an Executor (execute, close)',
      },
    )
    .optional(),
  /** For the cpu policy: extra Node flags for worker threads. */
  workerExecArgv: z.array(z.string()).optional(),
  /**
   * For the cpu policy: heap limits of each worker thread (Node's `resourceLimits`, in MB). A smaller
   * old generation makes a thread collect sooner instead of growing; a thread over its limit fails
   * its item (retryable, on a fresh thread).
   */
  workerResourceLimits: z
    .object({
      maxOldGenerationSizeMb: z.number().int().min(16).optional(),
      maxYoungGenerationSizeMb: z.number().int().min(1).optional(),
      stackSizeMb: z.number().int().min(1).optional(),
    })
    .strict()
    .optional(),
});

export type StageOptionsInput = z.input<typeof stageOptionsSchema>;
export type StageOptions = z.output<typeof stageOptionsSchema> & { concurrency: number; runId: string };

/** Parses options once, at the edge; every problem is reported with its field. */
export function parseStageOptions(input: unknown, defaults: { runId: string }): StageOptions {
  const parsed = stageOptionsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`);
    throw new RunnerError(RunnerErrorCode.InvalidOptions, `invalid runner options: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  const o = parsed.data;
  const concurrency = o.concurrency ?? (o.policy === 'cpu' ? availableParallelism() : 8);
  return { ...o, concurrency, runId: o.runId ?? defaults.runId };
}
