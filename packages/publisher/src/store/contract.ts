import { PublisherError, PublisherErrorCode } from '../errors.js';

/** What can be stored: bytes, text (stored as UTF-8), or a local file streamed from disk. */
export type ArtifactBody = Uint8Array | string | { file: string };

export interface PutOptions {
  contentType: string;
  /** The sha256 the caller expects; the put fails with STORE_INTEGRITY (and stores nothing) on a mismatch. */
  sha256?: string;
}

/** A stored object as `put` and `head` describe it. */
export interface ObjectInfo {
  key: string;
  bytes: number;
  /** Lowercase hex sha256 of the bytes, as recorded when the object was put (undefined for foreign objects). */
  sha256: string | undefined;
  contentType: string;
}

/** `put` always knows the sha256 it recorded. */
export type PutResult = ObjectInfo & { sha256: string };

/** What `list` gives: key and size, sorted by key. */
export interface ListedObject {
  key: string;
  bytes: number;
}

/**
 * The artifact store contract. Keys are relative paths of safe segments (see `assertValidKey`);
 * every implementation runs `artifactStoreConformance` from `@jobintel/publisher/conformance`.
 */
export interface ArtifactStore {
  /** A short name for logs and errors (`fs`, `s3`); never contains credentials. */
  readonly kind: string;
  /** Stores the body atomically: readers see the old object or the new one, never a mix. */
  put(key: string, body: ArtifactBody, options: PutOptions): Promise<PutResult>;
  /** The whole body; STORE_NOT_FOUND when missing, STORE_INTEGRITY when it no longer matches its sha256. */
  get(key: string): Promise<{ info: ObjectInfo; body: Buffer }>;
  /** The object's size, sha256 and content type, or undefined when it does not exist. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** Every object whose key starts with `prefix` (plain string prefix, as in S3), sorted by key. */
  list(prefix: string): Promise<ListedObject[]>;
  /**
   * Copies an object inside the store (server-side on S3), with its sha256 and content type; atomic like
   * `put`. STORE_NOT_FOUND when `from` does not exist.
   */
  copy(from: string, to: string): Promise<ObjectInfo>;
  /** Removes the object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Releases connections (S3) or nothing (fs). */
  close(): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
export const MAX_KEY_LENGTH = 1024;

/**
 * Keys are `/`-separated segments of letters, digits, `.`, `_` and `-`, none starting with `.`: no
 * absolute paths, no `..`, no empty segments, no backslashes. The same keys are thus safe as file
 * paths under the filesystem root and sort the same way on every store.
 */
export function keyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'a key must be a non-empty string';
  if (key.length > MAX_KEY_LENGTH) return `a key must be at most ${MAX_KEY_LENGTH} characters`;
  for (const segment of key.split('/')) {
    if (!SEGMENT.test(segment)) {
      return `segment ${JSON.stringify(segment)} must be letters, digits, '.', '_' or '-' and must not start with '.'`;
    }
  }
  return undefined;
}

export function assertValidKey(key: string): void {
  const problem = keyProblem(key);
  if (problem)
    throw new PublisherError(PublisherErrorCode.InvalidKey, `invalid key ${JSON.stringify(key)}: ${problem}`);
}

/** Prefixes may end with `/` or in the middle of a segment, but must not escape the root either. */
export function assertValidPrefix(prefix: string): void {
  if (prefix === '') return;
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  const problem = keyProblem(trimmed);
  if (problem)
    throw new PublisherError(
      PublisherErrorCode.InvalidKey,
      `invalid prefix ${JSON.stringify(prefix)}: ${problem}`,
    );
}
