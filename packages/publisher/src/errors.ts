import { CodedError, type CodedErrorOptions } from '@jobintel/runner-core';

/** Every error code of this package; each is listed in docs/publishing.md. */
export const PublisherErrorCode = {
  /** Options or input failed validation; the message names the field. */
  InvalidOptions: 'PUBLISHER_INVALID_OPTIONS',
  /** A key is not a safe relative path (empty, absolute, `..`, `.`-segments, bad characters, too long). */
  InvalidKey: 'STORE_INVALID_KEY',
  /** A key would be both an object and a folder of another object (filesystem store only). */
  KeyConflict: 'STORE_KEY_CONFLICT',
  /** `get` of a key that does not exist. */
  NotFound: 'STORE_NOT_FOUND',
  /** Stored bytes do not match their recorded or expected sha256. */
  Integrity: 'STORE_INTEGRITY',
  /** The store could not be reached or kept failing after retries (network, 5xx, throttling). */
  Unavailable: 'STORE_UNAVAILABLE',
  /** The store refused the credentials or the operation (403, missing bucket). */
  AccessDenied: 'STORE_ACCESS_DENIED',
  /** Any other store failure (disk errors, unexpected answers). */
  Io: 'STORE_IO',
  /** `runs/<run_id>/...` already holds different bytes: run ids are immutable once uploaded. */
  RunConflict: 'PUBLISH_RUN_CONFLICT',
  /** The uploaded objects of the run did not verify (missing, bytes or sha256 differ). */
  VerifyFailed: 'PUBLISH_VERIFY_FAILED',
  /** An artifact's local file changed between `plan` and `publish`. */
  SourceChanged: 'PUBLISH_SOURCE_CHANGED',
  /** A notification target answered with an error or could not be reached after retries. */
  NotifyFailed: 'NOTIFY_FAILED',
  /** The notification ledger could not be read or written. */
  LedgerFailed: 'NOTIFY_LEDGER_FAILED',
} as const;
export type PublisherErrorCode = (typeof PublisherErrorCode)[keyof typeof PublisherErrorCode];

/** The one error class of this package; `code` says what went wrong, `retryable` whether to try again. */
export class PublisherError extends CodedError {
  declare readonly code: PublisherErrorCode;
  constructor(code: PublisherErrorCode, message: string, options: CodedErrorOptions = {}) {
    super(code, message, options);
  }
}
