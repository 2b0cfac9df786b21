import { type Logger, silentLogger } from '@jobintel/runner-core';
import { z } from 'zod';
import { PublisherError, PublisherErrorCode } from '../errors.js';
import { parseOptions } from '../options.js';
import { mapPool } from '../pool.js';
import type { ArtifactStore } from '../store/contract.js';
import { repairLatest, syncLatest } from './latest.js';
import { type PublishPlan, planWithSources, renderPointer } from './plan.js';
import { INTENT_KEY, type PublishInput, runPrefix } from './schema.js';
import { readPointer, writeIntent } from './state.js';

export const publishOptionsSchema = z.strictObject({
  /** Objects uploaded, checked or copied at once. */
  concurrency: z.int().min(1).max(256).default(8),
  logger: z.custom<Logger>().optional(),
});
export type PublishOptions = z.input<typeof publishOptionsSchema>;

export interface PublishResult {
  runId: string;
  plan: PublishPlan;
  /** Objects put under `runs/` by this call. */
  uploaded: number;
  /** Objects already under `runs/` with the same sha256 (a resumed publish). */
  reused: number;
  latestWritten: number;
  latestDeleted: number;
  /** True when this call first repaired `latest/` after an earlier interrupted publish. */
  repairedInterrupted: boolean;
  /** The run the pointer named before this publish. */
  previousRunId: string | null;
}

/**
 * Publishes a run: (1) upload every artifact to `runs/<run_id>/<profile>/...` (immutable; already
 * present and identical objects are kept, so a resumed publish only uploads what is missing);
 * (2) verify them all (exists, bytes, sha256); (3) record an intent, replace `latest/<profile>/...`
 * by copies of the verified run made inside the store, each checked; (4) write `state/last_success.json`, the single commit point; (5) drop the intent.
 * If anything fails in (3) or (4), `latest/` is brought back to whatever the pointer names; if even
 * that fails, the intent stays and the next publish (or `repairLatest`) finishes the job first.
 */
export async function publish(
  store: ArtifactStore,
  input: PublishInput,
  options: PublishOptions = {},
): Promise<PublishResult> {
  const { concurrency, logger } = parseOptions(publishOptionsSchema, options, 'publish');
  const { plan, sources } = await planWithSources(input);
  const log = (logger ?? silentLogger).child({
    component: 'publisher',
    runId: plan.runId,
    store: store.kind,
  });

  const repaired = await repairLatest(store, { logger: log, concurrency });
  const previous = await readPointer(store);
  const result: PublishResult = {
    runId: plan.runId,
    plan,
    uploaded: 0,
    reused: 0,
    latestWritten: 0,
    latestDeleted: 0,
    repairedInterrupted: repaired.repaired,
    previousRunId: previous?.runId ?? null,
  };
  log.info({ objects: plan.objects.length, previousRunId: result.previousRunId }, 'publish started');

  // (1) upload, immutable; one listing per profile tells which objects a resumed publish already has
  const present = new Set<string>();
  for (const profile of plan.pointer.document.profiles) {
    for (const o of await store.list(runPrefix(plan.runId, profile))) present.add(o.key);
  }
  await mapPool(plan.objects, concurrency, async (record) => {
    const existing = present.has(record.key) ? await store.head(record.key) : undefined;
    if (existing?.sha256 === record.sha256 && existing.bytes === record.bytes) {
      result.reused++;
      return;
    }
    // Every put records a sha256. An object without one, or with ours but other bytes, is a cut-off
    // upload (some S3-compatible servers keep an empty or truncated body when the connection drops) and
    // is replaced; an object recording another sha256 means the run id was reused for other content.
    if (existing?.sha256 !== undefined && existing.sha256 !== record.sha256) {
      throw new PublisherError(
        PublisherErrorCode.RunConflict,
        `${record.key} already holds different bytes: a run id is never reused for other content`,
        { details: { key: record.key, expected: record.sha256, actual: existing.sha256 ?? null } },
      );
    }
    if (existing)
      log.warn(
        { key: record.key, bytes: existing.bytes, expected: record.bytes },
        'replacing an incomplete upload',
      );
    const source = sources.get(record.key)!;
    try {
      await store.put(record.key, source, { contentType: record.contentType, sha256: record.sha256 });
    } catch (error) {
      const fromFile = typeof source === 'object' && 'file' in source;
      if (fromFile && (error as PublisherError).code === PublisherErrorCode.Integrity) {
        throw new PublisherError(
          PublisherErrorCode.SourceChanged,
          `the file of ${record.key} changed after it was planned`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
    result.uploaded++;
  });
  log.info({ uploaded: result.uploaded, reused: result.reused }, 'run uploaded');

  // (2) verify the run as stored
  const problems: string[] = [];
  await mapPool(plan.objects, concurrency, async (record) => {
    const info = await store.head(record.key);
    if (!info) problems.push(`${record.key}: missing`);
    else if (info.bytes !== record.bytes)
      problems.push(`${record.key}: ${info.bytes} bytes, expected ${record.bytes}`);
    else if (info.sha256 !== record.sha256)
      problems.push(`${record.key}: sha256 ${info.sha256}, expected ${record.sha256}`);
  });
  if (problems.length > 0) {
    throw new PublisherError(
      PublisherErrorCode.VerifyFailed,
      `the uploaded run did not verify: ${problems.sort().join('; ')}`,
      {
        details: { problems },
      },
    );
  }
  log.info({ verified: plan.objects.length }, 'run verified');

  // (3) + (4): latest, then the pointer; the intent lets a later publish repair an interruption
  const profiles = plan.pointer.document.profiles;
  await writeIntent(store, { schemaVersion: 1, runId: plan.runId, profiles });
  try {
    for (const profile of profiles) {
      const wanted = plan.objects.filter((o) => o.profile === profile);
      const counts = await syncLatest(store, profile, wanted, concurrency);
      result.latestWritten += counts.written;
      result.latestDeleted += counts.deleted;
    }
    log.info({ written: result.latestWritten, deleted: result.latestDeleted }, 'latest replaced');
    await store.put(plan.pointer.key, renderPointer(plan.pointer.document), {
      contentType: plan.pointer.contentType,
      sha256: plan.pointer.sha256,
    });
  } catch (error) {
    log.error({ err: error }, 'publish failed while replacing latest/; bringing latest/ back to the pointer');
    try {
      await repairLatest(store, { logger: log, concurrency });
    } catch (repairError) {
      log.error({ err: repairError }, 'could not repair latest/ now; the next publish will');
    }
    throw error;
  }
  // (5) the run is committed; a failure to drop the intent only costs the next publish a check
  await store
    .delete(INTENT_KEY)
    .catch((error: unknown) => log.warn({ err: error }, 'could not remove the publish intent'));
  log.info({ pointer: plan.pointer.key, sha256: plan.pointer.sha256 }, 'publish committed');
  return result;
}
