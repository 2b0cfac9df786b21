import {
  type ManifestEntry,
  ManifestError,
  ManifestErrorCode,
  type ManifestIndex,
  type ManifestRow,
  type ManifestSink,
  validateManifestRow,
} from './manifest.js';

/**
 * An in-memory manifest sink: for tests and for runs that need no resume across processes. It keeps
 * every row; it passes the same conformance suite as the durable sinks.
 */
export function createMemorySink(): ManifestSink & { readonly size: number } {
  const stages = new Map<string, ManifestRow[]>();
  let closed = false;
  return {
    async append(rows) {
      if (closed) throw new ManifestError(ManifestErrorCode.Closed, 'manifest sink is closed');
      const valid = rows.map((row) => structuredClone(validateManifestRow(row)));
      for (const row of valid) {
        const list = stages.get(row.stage) ?? [];
        if (list.length === 0) stages.set(row.stage, list);
        list.push(row);
      }
    },
    async latest(stage) {
      const map = new Map<string, ManifestEntry>();
      for (const row of stages.get(stage) ?? []) {
        map.set(row.itemId, {
          status: row.status,
          fingerprint: row.fingerprint,
          outputRef: row.outputRef ?? null,
          attempts: row.attempts,
        });
      }
      const index: ManifestIndex = { get: (id) => map.get(id), size: map.size, problems: [] };
      return index;
    },
    async *rows(stage) {
      for (const row of stages.get(stage) ?? []) yield structuredClone(row);
    },
    async close() {
      closed = true;
    },
    get size() {
      let n = 0;
      for (const rows of stages.values()) n += rows.length;
      return n;
    },
  };
}
