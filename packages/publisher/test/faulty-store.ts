// A real store with a switchable fault: from the n-th matching call on, calls fail as an unreachable
// store would (retryable STORE_UNAVAILABLE), until `heal()`.
import { PublisherError, PublisherErrorCode } from '../src/errors.js';
import type { ArtifactStore } from '../src/store/contract.js';

type Op = 'put' | 'get' | 'head' | 'copy' | 'list' | 'delete';

export interface FaultyStore extends ArtifactStore {
  /** The `count`-th call of `op` whose key matches fails, and so does every call after it (store down). */
  failFrom(
    op: Op,
    count: number,
    match: (key: string) => boolean,
    options?: { onlyThatCall?: boolean },
  ): void;
  heal(): void;
}

export function faulty(inner: ArtifactStore): FaultyStore {
  let rule: { op: Op; count: number; match: (key: string) => boolean; onlyThatCall: boolean } | undefined;
  let seen = 0;
  let down = false;
  const gate = (op: Op, key: string) => {
    if (down)
      throw new PublisherError(PublisherErrorCode.Unavailable, `fault: store down (${op})`, {
        retryable: true,
      });
    if (rule && op === rule.op && rule.match(key) && ++seen === rule.count) {
      if (!rule.onlyThatCall) down = true;
      throw new PublisherError(PublisherErrorCode.Unavailable, `fault: ${op} ${key} failed`, {
        retryable: true,
      });
    }
  };
  return {
    kind: `faulty-${inner.kind}`,
    put: async (key, body, options) => {
      gate('put', key);
      return inner.put(key, body, options);
    },
    get: async (key) => {
      gate('get', key);
      return inner.get(key);
    },
    head: async (key) => {
      gate('head', key);
      return inner.head(key);
    },
    copy: async (from, to) => {
      gate('copy', to);
      return inner.copy(from, to);
    },
    list: async (prefix) => {
      gate('list', prefix);
      return inner.list(prefix);
    },
    delete: async (key) => {
      gate('delete', key);
      return inner.delete(key);
    },
    close: () => inner.close(),
    failFrom(op, count, match, options = {}) {
      rule = { op, count, match, onlyThatCall: options.onlyThatCall ?? false };
      seen = 0;
    },
    heal() {
      rule = undefined;
      down = false;
    },
  };
}
