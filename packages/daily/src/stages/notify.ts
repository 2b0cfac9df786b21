import { join } from 'node:path';
import { createNotifier, type NotificationLedger, type NotificationSummaryInput } from '@jobintel/publisher';
import { fingerprint, type PipelineStage } from '@jobintel/runner-core';
import type { ReportJob } from '@jobintel/scoring';
import type { Store } from '@jobintel/store';
import type { RunContext } from '../context.js';
import { fileExists, readJson, stableJson, writeAtomic } from '../fs.js';
import { type ShortlistFile, shortlistRef } from './diff.js';
import { refsOf } from './refs.js';

export const notifyRef = (profile: string) => `profiles/${profile}/notified.json`;

/** The notification ledger in the registry database: at most one message per run, profile and target. */
function storeLedger(store: Store): NotificationLedger {
  return {
    claim: (key) => store.notifications.claim(key),
    settle: (key, status, detail) =>
      store.notifications.markSent({ ...key, status, ...(detail ? { detail: { detail } } : {}) }),
    async get(key) {
      const row = (await store.notifications.list(key.runId)).find(
        (n) => n.profile === key.profile && n.target === key.target,
      );
      if (!row) return undefined;
      return {
        runId: row.runId,
        profile: row.profile,
        target: row.target,
        status: row.status === 'sending' ? 'pending' : (row.status as 'sent' | 'failed'),
        claims: 1,
      };
    },
  };
}

const httpUrl = (u: string | null) => (u && /^https?:\/\//.test(u) ? u : null);

/** What one profile's message says: counts and the best new and changed jobs at or above the alert score. */
export function summaryOf(ctx: RunContext, file: ShortlistFile): NotificationSummaryInput {
  const job = (j: ReportJob) => {
    const url = httpUrl(j.url);
    return url
      ? [
          {
            score: j.score,
            title: j.title,
            company: j.company,
            ...(j.locations[0] ? { location: j.locations.join(' · ').slice(0, 200) } : {}),
            url,
            ...(j.change ? { change: j.change } : {}),
          },
        ]
      : [];
  };
  const { report, alerted } = file;
  return {
    runId: ctx.runId,
    profile: report.profile.id,
    counts: {
      new: report.diff?.new ?? 0,
      changed: report.diff?.changed ?? 0,
      removed: report.diff?.removed ?? 0,
    },
    topNew: alerted.filter((j) => j.change === 'new').flatMap(job),
    topChanged: alerted.filter((j) => j.change !== 'new').flatMap(job),
  };
}

/** Sends one message per profile and target when something changed (or always, if configured). */
export function notifyStage(ctx: RunContext): PipelineStage<string, string> {
  const { notify } = ctx.loaded.config;
  return {
    name: 'notify',
    needs: ['diff', 'publish'],
    options: { policy: 'io', concurrency: 1, retries: 0 },
    plan: ({ inputs }) => {
      if (!ctx.flags.notify || notify.targets.length === 0) return [];
      return refsOf(inputs, 'diff').map((ref) => ({
        id: ref.split('/')[1] as string,
        input: ref,
        fingerprint: fingerprint({ v: 1, runId: ctx.runId, ref, targets: notify.targets.map((t) => t.id) }),
      }));
    },
    worker: async (ref) => {
      // the diff stage's summary (counts and the alerted jobs), not the ranking (which may hold 100,000 jobs)
      const file = await readJson<ShortlistFile>(join(ctx.runDir, shortlistRef(ref.split('/')[1] as string)));
      const notifier = createNotifier({
        targets: notify.targets,
        always: notify.always,
        maxJobs: notify.maxJobs,
        env: ctx.env,
        ledger: storeLedger(ctx.store),
        logger: ctx.logger,
      });
      const results = await notifier.notify(summaryOf(ctx, file));
      const out = notifyRef(file.report.profile.id);
      await writeAtomic(join(ctx.runDir, out), stableJson(results));
      return out;
    },
    outputRef: (_item, ref) => ref,
    outputExists: (ref) => fileExists(join(ctx.runDir, ref)),
  };
}
