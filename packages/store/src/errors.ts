import { CodedError } from '@jobintel/runner-core';

/** Every error code of the store; each is listed with its exit code in docs/storage.md (a test checks). */
export const StoreErrorCode = {
  InvalidOptions: 'STORE_INVALID_OPTIONS',
  Unreachable: 'STORE_UNREACHABLE',
  AuthFailed: 'STORE_AUTH_FAILED',
  DatabaseMissing: 'STORE_DATABASE_MISSING',
  SchemaTooNew: 'STORE_SCHEMA_TOO_NEW',
  SchemaMismatch: 'STORE_SCHEMA_MISMATCH',
  Busy: 'STORE_BUSY',
  LockHeld: 'STORE_LOCK_HELD',
  NotFound: 'STORE_NOT_FOUND',
  InvalidInput: 'STORE_INVALID_INPUT',
  Closed: 'STORE_CLOSED',
  QueryFailed: 'STORE_QUERY_FAILED',
} as const;
export type StoreErrorCode = (typeof StoreErrorCode)[keyof typeof StoreErrorCode];

export class StoreError extends CodedError {
  declare readonly code: StoreErrorCode;
}

/**
 * The process exit code for a store error (the CLI's table, docs/cli.md, includes these):
 * 2 bad input or configuration, 3 a run lock or the embedded database held by another process,
 * 4 the database cannot be reached or refuses us, 5 the database schema is from a newer version
 * (or differs from ours), 6 a query failed unexpectedly.
 */
export const STORE_EXIT_CODES: Readonly<Record<StoreErrorCode, number>> = {
  STORE_INVALID_OPTIONS: 2,
  STORE_INVALID_INPUT: 2,
  STORE_NOT_FOUND: 2,
  STORE_LOCK_HELD: 3,
  STORE_BUSY: 3,
  STORE_UNREACHABLE: 4,
  STORE_AUTH_FAILED: 4,
  STORE_DATABASE_MISSING: 4,
  STORE_SCHEMA_TOO_NEW: 5,
  STORE_SCHEMA_MISMATCH: 5,
  STORE_CLOSED: 6,
  STORE_QUERY_FAILED: 6,
};

export function storeExitCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code in STORE_EXIT_CODES
    ? STORE_EXIT_CODES[code as StoreErrorCode]
    : undefined;
}

/** A database URL fit for messages and logs: the password is replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) {
      if (/pass|secret|token|key/i.test(key)) u.searchParams.set(key, '***');
    }
    return u.toString();
  } catch {
    return '(an unparsable URL)';
  }
}
