import { storeExitCode } from '@jobintel/store';

/**
 * The exit codes of `jobintel run` (and every command), listed in docs/cli.md (a test checks):
 * 0 success (status `succeeded`, or `partial` when some boards were unavailable within policy),
 * 2 invalid input or configuration (nothing was changed), 3 and above for runtime failures.
 */
export const ExitCode = {
  Ok: 0,
  InvalidInput: 2,
  /** Another run of this configuration holds the run lock (or the embedded database). */
  LockHeld: 3,
  /** The registry database cannot be reached, refuses the credentials, or does not exist. */
  DatabaseUnavailable: 4,
  /** The database was migrated by a newer JobIntel (or differs from this version's schema). */
  DatabaseSchema: 5,
  /** More boards were unavailable than the policy allows (`boardPolicy.maxUnavailable`). */
  BoardPolicy: 6,
  /** An AI budget with action `fail` was exceeded. */
  BudgetExceeded: 7,
  /** Publishing the artifacts (or verifying them) failed. */
  PublishFailed: 8,
  /** An unexpected error (a bug, or an unforeseen failure): the message says what. */
  Unexpected: 9,
  /** Stopped by Ctrl-C / SIGTERM; `jobintel run` again resumes. */
  Cancelled: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const BY_CODE: Record<string, ExitCode> = {
  DAILY_INVALID_CONFIG: ExitCode.InvalidInput,
  DAILY_CONFIG_NOT_FOUND: ExitCode.InvalidInput,
  DAILY_PROFILE_NOT_FOUND: ExitCode.InvalidInput,
  DAILY_RUN_NOT_FOUND: ExitCode.InvalidInput,
  DAILY_INVALID_INPUT: ExitCode.InvalidInput,
  DAILY_BOARD_POLICY: ExitCode.BoardPolicy,
  DAILY_BUDGET_EXCEEDED: ExitCode.BudgetExceeded,
  TOKEN_TRACKER_BUDGET_EXCEEDED: ExitCode.BudgetExceeded,
  DAILY_PUBLISH_FAILED: ExitCode.PublishFailed,
  DAILY_CANCELLED: ExitCode.Cancelled,
};

/** Errors of the other packages that mean "the input you gave is wrong". */
const INPUT_ERROR =
  /^(SCORING_(PROFILE_|INPUT_)|TOKEN_TRACKER_(INVALID_CONFIG|UNKNOWN_USAGE_SHAPE|UNKNOWN_MODEL|MISSING_RATE|INVALID_PRICE_MAP)|STAGE_TEMPLATE_(INVALID_OPTIONS|TARGET_NOT_EMPTY)|PROVIDERS_INVALID_|AI_INVALID_CONFIG|PUBLISHER_INVALID_)/;

/** The exit code for an error thrown by a command (the CLI, the cronjob and the dashboard agree). */
export function exitCodeOf(error: unknown): ExitCode {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in BY_CODE) return BY_CODE[code] as ExitCode;
  if (typeof code === 'string' && INPUT_ERROR.test(code)) return ExitCode.InvalidInput;
  const store = storeExitCode(error);
  if (store === 2) return ExitCode.InvalidInput;
  if (store === 3) return ExitCode.LockHeld;
  if (store === 4) return ExitCode.DatabaseUnavailable;
  if (store === 5) return ExitCode.DatabaseSchema;
  return ExitCode.Unexpected;
}
