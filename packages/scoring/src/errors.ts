import { CodedError, type CodedErrorOptions } from '@jobintel/runner-core';

/** Stable error codes of the scoring package. Each is listed in docs/scoring.md and checked by a test. */
export const ScoringErrorCode = {
  ProfileNotFound: 'SCORING_PROFILE_NOT_FOUND',
  ProfileYaml: 'SCORING_PROFILE_YAML',
  ProfileInvalid: 'SCORING_PROFILE_INVALID',
  InputInvalid: 'SCORING_INPUT_INVALID',
} as const;
export type ScoringErrorCode = (typeof ScoringErrorCode)[keyof typeof ScoringErrorCode];

/** An error of this package: bad profiles or inputs. None is retryable: the input has to change. */
export class ScoringError extends CodedError {
  declare readonly code: ScoringErrorCode;
  constructor(code: ScoringErrorCode, message: string, options: Omit<CodedErrorOptions, 'retryable'> = {}) {
    super(code, message, { ...options, retryable: false });
  }
}
