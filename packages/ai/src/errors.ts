import { CodedError, type CodedErrorOptions } from '@jobintel/runner-core';

/** Stable error codes of the AI package. Each is listed in docs/ai.md and checked by a test. */
export const AiErrorCode = {
  InvalidConfig: 'AI_INVALID_CONFIG',
  InvalidInput: 'AI_INVALID_INPUT',
  RateLimited: 'AI_RATE_LIMITED',
  ServerError: 'AI_SERVER_ERROR',
  HttpError: 'AI_HTTP_ERROR',
  Timeout: 'AI_TIMEOUT',
  Network: 'AI_NETWORK',
  Aborted: 'AI_ABORTED',
  InvalidResponse: 'AI_INVALID_RESPONSE',
  Truncated: 'AI_TRUNCATED',
  OutputInvalid: 'AI_OUTPUT_INVALID',
  BudgetExceeded: 'AI_BUDGET_EXCEEDED',
  AccountingFailed: 'AI_ACCOUNTING_FAILED',
  Unexpected: 'AI_UNEXPECTED',
} as const;
export type AiErrorCode = (typeof AiErrorCode)[keyof typeof AiErrorCode];

/** An error of the AI client or a guarded task. `retryable` says whether another HTTP attempt may help. */
export class AiError extends CodedError {
  declare readonly code: AiErrorCode;
  /** Milliseconds the server asked us to wait (from `Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: AiErrorCode,
    message: string,
    options: CodedErrorOptions & { retryAfterMs?: number } = {},
  ) {
    super(code, message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}
