import { ExitCode, exitCodeOf } from '@jobintel/daily';
import { CodedError } from '@jobintel/runner-core';
import { CommanderError } from 'commander';
import { type CliIo, line } from './io.js';

/** A wrong argument or a missing input file: exit 2, with the fix in `hint`. */
export class UsageError extends CodedError {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super('CLI_USAGE', message);
    this.hint = hint;
  }
}

/** Errors of other packages that mean "the input you gave is wrong" (exit 2, not 9). */
const INPUT_ERROR =
  /^(CLI_USAGE|SCORING_(PROFILE_|INPUT_)|TOKEN_TRACKER_(UNKNOWN_USAGE_SHAPE|UNKNOWN_MODEL|MISSING_RATE|INVALID_PRICE_MAP)|STAGE_TEMPLATE_(INVALID_OPTIONS|TARGET_NOT_EMPTY)|PROVIDERS_INVALID_)/;

/** The documented exit code of an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.InvalidInput;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && INPUT_ERROR.test(code)) return ExitCode.InvalidInput;
  return exitCodeOf(error);
}

/** Fixes for errors whose message does not already say what to do. */
const CODE_HINTS: Record<string, string> = {
  DAILY_INVALID_CONFIG:
    'fix each problem above (paths are into jobintel.config.yaml); `jobintel config validate` checks again',
  STORE_NOT_FOUND: 'list the runs with `jobintel runs list`',
};

const HINTS: Record<number, string> = {
  [ExitCode.InvalidInput]: 'check the arguments: `jobintel <command> --help` shows usage and examples',
  [ExitCode.LockHeld]:
    'another jobintel process holds this configuration (or its embedded database): wait for it to finish, then run again',
  [ExitCode.DatabaseUnavailable]:
    'check the database URL variable (DATABASE_URL by default), or unset it to use the embedded database; `jobintel doctor` checks it',
  [ExitCode.DatabaseSchema]:
    'the database was migrated by another version of jobintel: use that version, or point DATABASE_URL at another database',
  [ExitCode.BoardPolicy]: 'see the unavailable boards above, or raise boardPolicy.maxUnavailable',
  [ExitCode.BudgetExceeded]: 'raise the AI budget in the configuration, or set its action to "skip"',
  [ExitCode.PublishFailed]:
    'check the publish target and its credentials (`jobintel doctor`), then run again',
  [ExitCode.Unexpected]: 'run again with --verbose for the stack trace, and report it if it persists',
  [ExitCode.Cancelled]: 'run `jobintel run` again to resume',
};

/** The fix printed with an exit code (undefined for 0). */
export const hintFor = (exitCode: number): string | undefined => HINTS[exitCode];

interface Problem {
  path: string;
  message: string;
}

/** Prints an error as one line plus the fix (the stack only with `--verbose`); returns its exit code. */
export function reportError(io: CliIo, error: unknown, verbose: boolean): number {
  const exitCode = exitCodeFor(error);
  const err = error instanceof Error ? error : new Error(String(error));
  const problems = (err as { details?: { problems?: Problem[] } }).details?.problems;
  if (Array.isArray(problems) && problems.length > 0) {
    // the message lists the problems too; print the headline once, then each problem with its path
    line(io.stderr, `error: ${err.message.split('\n')[0]}`);
    for (const p of problems) line(io.stderr, `  ${p.path}: ${p.message}`);
  } else {
    line(io.stderr, `error: ${err.message}`);
  }
  const code = (err as { code?: unknown }).code;
  const hint =
    err instanceof UsageError
      ? err.hint
      : ((typeof code === 'string' ? CODE_HINTS[code] : undefined) ?? HINTS[exitCode]);
  if (hint) line(io.stderr, `fix: ${hint}`);
  if (verbose && err.stack) line(io.stderr, err.stack);
  return exitCode;
}
