import { type Logger, silentLogger } from '@jobintel/runner-core';
import { PublisherError, PublisherErrorCode } from '../errors.js';
import { mapPool } from '../pool.js';
import type { ArtifactStore } from '../store/contract.js';
import { type ArtifactRecord, INTENT_KEY, latestPrefix } from './schema.js';
import { readIntent, readPointer } from './state.js';

export interface SyncCounts {
  written: number;
  deleted: number;
}

/**
 * Makes `latest/<profile>/` hold exactly `wanted`: copies each run object over its latest copy (inside
 * the store, and checks the copy's size and sha256), then deletes latest objects the run does not have.
 * Copying unconditionally costs one request per object, less than asking first whether it is needed.
 */
export async function syncLatest(
  store: ArtifactStore,
  profile: string,
  wanted: readonly ArtifactRecord[],
  concurrency: number,
): Promise<SyncCounts> {
  const counts: SyncCounts = { written: 0, deleted: 0 };
  await mapPool(wanted, concurrency, async (record) => {
    const info = await store.copy(record.key, record.latestKey);
    if (info.sha256 !== record.sha256 || info.bytes !== record.bytes) {
      throw new PublisherError(
        PublisherErrorCode.VerifyFailed,
        `${record.latestKey} did not verify after it was written`,
        {
          details: { key: record.latestKey, expected: record.sha256, actual: info.sha256 ?? null },
        },
      );
    }
    counts.written++;
  });
  const keep = new Set(wanted.map((r) => r.latestKey));
  const stale = (await store.list(latestPrefix(profile))).filter((o) => !keep.has(o.key));
  await mapPool(stale, concurrency, async (o) => {
    await store.delete(o.key);
    counts.deleted++;
  });
  return counts;
}

export interface RepairResult {
  /** True when an interrupted publish was found and `latest/` was brought back to the pointer. */
  repaired: boolean;
  /** The run whose publish was interrupted. */
  interruptedRunId?: string;
  /** The run `latest/` now matches (the pointer's), if any. */
  runId?: string;
  written: number;
  deleted: number;
}

/**
 * After an interrupted publish (`state/publish-intent.json` left behind), makes `latest/` of the
 * profiles it was replacing match the pointer again: copies from the pointer's immutable run, removes
 * what that run does not have, then removes the intent. Without an intent it does nothing.
 */
export async function repairLatest(
  store: ArtifactStore,
  options: { logger?: Logger; concurrency?: number } = {},
): Promise<RepairResult> {
  const log = (options.logger ?? silentLogger).child({ component: 'publisher' });
  const intent = await readIntent(store);
  if (!intent) return { repaired: false, written: 0, deleted: 0 };
  const pointer = await readPointer(store);
  const result: RepairResult = { repaired: true, interruptedRunId: intent.runId, written: 0, deleted: 0 };
  if (pointer) result.runId = pointer.runId;
  for (const profile of intent.profiles) {
    const wanted = pointer?.artifacts.filter((a) => a.profile === profile) ?? [];
    const counts = await syncLatest(store, profile, wanted, options.concurrency ?? 8);
    result.written += counts.written;
    result.deleted += counts.deleted;
  }
  await store.delete(INTENT_KEY);
  log.info(
    {
      interruptedRunId: intent.runId,
      runId: pointer?.runId ?? null,
      written: result.written,
      deleted: result.deleted,
    },
    'latest/ brought back to the pointer after an interrupted publish',
  );
  return result;
}
