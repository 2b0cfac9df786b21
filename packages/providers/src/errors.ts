import { CodedError, type CodedErrorOptions } from '@jobintel/runner-core';

/**
 * Stable error codes of the providers package; each is listed in docs/providers.md (a test checks).
 * Fetch trouble is not an error: it is an availability reason on the board's result.
 */
export const ProviderErrorCode = {
  InvalidBoardConfig: 'PROVIDERS_INVALID_BOARD_CONFIG',
  InvalidFetchOptions: 'PROVIDERS_INVALID_FETCH_OPTIONS',
  SnapshotNotFound: 'PROVIDERS_SNAPSHOT_NOT_FOUND',
  SnapshotCorrupt: 'PROVIDERS_SNAPSHOT_CORRUPT',
} as const;
export type ProviderErrorCode = (typeof ProviderErrorCode)[keyof typeof ProviderErrorCode];

/** An error raised by this package (configuration, snapshots, fetching). */
export class ProviderError extends CodedError {
  declare readonly code: ProviderErrorCode;
  constructor(code: ProviderErrorCode, message: string, options: CodedErrorOptions = {}) {
    super(code, message, options);
  }
}
