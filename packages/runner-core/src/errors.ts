/** Stable error codes of the runner. Each is listed in docs/runner.md and checked by a test. */
export const RunnerErrorCode = {
  InvalidOptions: 'RUNNER_INVALID_OPTIONS',
  InvalidPlan: 'RUNNER_INVALID_PLAN',
  DuplicateItem: 'RUNNER_DUPLICATE_ITEM',
  ItemTimeout: 'RUNNER_ITEM_TIMEOUT',
  ItemFailed: 'RUNNER_ITEM_FAILED',
  WorkerCrashed: 'RUNNER_WORKER_CRASHED',
  InputNotCloneable: 'RUNNER_INPUT_NOT_CLONEABLE',
  Cancelled: 'RUNNER_CANCELLED',
  ErrorBudgetExceeded: 'RUNNER_ERROR_BUDGET_EXCEEDED',
  ManifestWriteFailed: 'RUNNER_MANIFEST_WRITE_FAILED',
  PipelineInvalid: 'RUNNER_PIPELINE_INVALID',
  DependencyFailed: 'RUNNER_DEPENDENCY_FAILED',
} as const;
export type RunnerErrorCode = (typeof RunnerErrorCode)[keyof typeof RunnerErrorCode];

export interface CodedErrorOptions {
  retryable?: boolean;
  cause?: unknown;
  details?: Record<string, unknown>;
}

/**
 * Base class of every JobIntel error: a stable machine-readable `code`, a `retryable` flag the runner
 * honours, and optional structured `details`. Packages extend it with their own codes.
 */
export class CodedError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: CodedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }

  toJSON(): { name: string; code: string; message: string; retryable: boolean } {
    return { name: this.name, code: this.code, message: this.message, retryable: this.retryable };
  }
}

/** An error of the runner itself (bad options, timeouts, cancellation, budget). */
export class RunnerError extends CodedError {
  declare readonly code: RunnerErrorCode;
  constructor(code: RunnerErrorCode, message: string, options: CodedErrorOptions = {}) {
    super(code, message, options);
  }
}

/** Throw (or return via `failure()`) from a worker to mark an error as worth another attempt. */
export class RetryableError extends CodedError {
  constructor(message: string, options: Omit<CodedErrorOptions, 'retryable'> & { code?: string } = {}) {
    super(options.code ?? 'RETRYABLE', message, { ...options, retryable: true });
  }
}

/** True when an error (ours or anyone's with a boolean `retryable`) asks for another attempt. */
export function isRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === true;
}

/** Category and message of any thrown value, for manifest rows and outcomes. */
export function describeError(error: unknown): { category: string; code: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      category: error.name || 'Error',
      code: typeof code === 'string' ? code : 'ERROR',
      message: error.message,
    };
  }
  return { category: 'NonError', code: 'NON_ERROR_THROWN', message: String(error) };
}
