import { CodedError } from '@jobintel/runner-core';

export const DailyErrorCode = {
  InvalidConfig: 'DAILY_INVALID_CONFIG',
  ConfigNotFound: 'DAILY_CONFIG_NOT_FOUND',
  ProfileNotFound: 'DAILY_PROFILE_NOT_FOUND',
  RunNotFound: 'DAILY_RUN_NOT_FOUND',
  InvalidInput: 'DAILY_INVALID_INPUT',
  BoardPolicy: 'DAILY_BOARD_POLICY',
  BudgetExceeded: 'DAILY_BUDGET_EXCEEDED',
  PublishFailed: 'DAILY_PUBLISH_FAILED',
  Cancelled: 'DAILY_CANCELLED',
  Unexpected: 'DAILY_UNEXPECTED',
} as const;
export type DailyErrorCode = (typeof DailyErrorCode)[keyof typeof DailyErrorCode];

export class DailyError extends CodedError {
  declare readonly code: DailyErrorCode;
}
