import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './store.js';
import { createTestDatabase, type TestDatabase, testDrivers } from './testing.js';

for (const driver of testDrivers()) {
  describe(`records on ${driver}`, () => {
    let db: TestDatabase;
    let store: Store;
    let clock = new Date('2026-11-01T07:00:00.000Z');
    beforeAll(async () => {
      db = await createTestDatabase(driver);
      store = await db.open({ now: () => clock });
    });
    afterAll(async () => {
      await store.close();
      await db.drop();
    });

    it('tracks canonical jobs: first seen, last seen and the content hash per run', async () => {
      await store.jobs.recordSeen('r1', [
        { canonicalId: 'gh:acme:1', title: 'SRE', company: 'Acme', contentHash: 'h1' },
      ]);
      clock = new Date('2026-11-02T07:00:00.000Z');
      await store.jobs.recordSeen('r2', [
        { canonicalId: 'gh:acme:1', title: 'SRE II', company: 'Acme', contentHash: 'h2' },
      ]);
      await store.jobs.recordSeen('r2', [
        { canonicalId: 'gh:acme:1', title: 'SRE II', company: 'Acme', contentHash: 'h2' },
      ]);
      const job = await store.jobs.get('gh:acme:1');
      expect(job).toMatchObject({
        title: 'SRE II',
        firstSeenRun: 'r1',
        firstSeenAt: '2026-11-01T07:00:00.000Z',
        lastSeenRun: 'r2',
        contentHash: 'h2',
      });
      expect(await store.jobs.history('gh:acme:1')).toEqual([
        { runId: 'r1', contentHash: 'h1', seenAt: '2026-11-01T07:00:00.000Z' },
        { runId: 'r2', contentHash: 'h2', seenAt: '2026-11-02T07:00:00.000Z' },
      ]);
    });

    it('records a run of many jobs in batches, all or nothing, with their data', async () => {
      const many = Array.from({ length: 12_001 }, (_, i) => ({
        canonicalId: `lever:big:${i}`,
        title: `Job ${i} "quoted" \\ é`,
        company: 'Big',
        contentHash: `h${i}`,
        data: { n: i },
      }));
      await store.jobs.recordSeen('r-big', many);
      expect(await store.jobs.get('lever:big:12000')).toMatchObject({
        title: 'Job 12000 "quoted" \\ é',
        firstSeenRun: 'r-big',
        data: { n: 12000 },
      });
      expect(await store.jobs.history('lever:big:5000')).toEqual([
        { runId: 'r-big', contentHash: 'h5000', seenAt: clock.toISOString() },
      ]);
      // a bad row refuses the whole call: nothing of it is written
      await expect(
        store.jobs.recordSeen('r-bad', [
          ...many.slice(0, 6000),
          { canonicalId: '', title: 'x', company: 'y', contentHash: 'z' },
        ]),
      ).rejects.toMatchObject({ code: 'STORE_INVALID_INPUT' });
      expect(await store.jobs.history('lever:big:1')).toHaveLength(1);
    });

    it('keeps user state per profile and job', async () => {
      await store.userState.set({ profile: 'swe', jobId: 'j1', status: 'applied', note: 'sent CV' });
      await store.userState.set({ profile: 'swe', jobId: 'j1', status: 'interviewing' });
      await store.userState.set({ profile: 'cs', jobId: 'j1', status: 'ignore' });
      expect(await store.userState.list('swe')).toEqual([
        { profile: 'swe', jobId: 'j1', status: 'interviewing', note: null, updatedAt: clock.toISOString() },
      ]);
      await expect(
        store.userState.set({ profile: 'swe', jobId: 'j1', status: 'done' as never }),
      ).rejects.toMatchObject({
        code: 'STORE_INVALID_INPUT',
        message: expect.stringContaining('status'),
      });
      expect(await store.userState.clear('cs', 'j1')).toBe(true);
      expect(await store.userState.list('cs')).toEqual([]);
    });

    it('claims a notification once per run, profile and target', async () => {
      const key = { runId: 'r1', profile: 'swe', target: 'discord-main' };
      expect(await store.notifications.claim(key)).toBe(true);
      expect(await store.notifications.claim(key)).toBe(false);
      await store.notifications.markSent({ ...key, status: 'failed' });
      expect(await store.notifications.claim(key)).toBe(true); // a failure may be retried
      await store.notifications.markSent({ ...key, status: 'sent' });
      expect(await store.notifications.claim(key)).toBe(false);
      expect((await store.notifications.list('r1')).map((n) => n.status)).toEqual(['sent']);
    });

    it('stores circuit breakers and token usage', async () => {
      await store.breakers.set({
        host: 'api.lever.co',
        state: 'open',
        consecutiveFailures: 5,
        openedAt: '2026-11-02T07:00:00.000Z',
      });
      expect((await store.breakers.get(['api.lever.co', 'x'])).get('api.lever.co')).toMatchObject({
        state: 'open',
        consecutiveFailures: 5,
      });
      expect((await store.breakers.all()).map((b) => b.host)).toEqual(['api.lever.co']);
      await store.tokenUsage.record({
        runId: 'r1',
        provider: 'openai',
        model: 'gpt-x',
        inputUncached: 100,
        outputText: 20,
        costNanoUsd: 1_500_000n,
      });
      await store.tokenUsage.record({
        runId: 'r1',
        provider: 'openai',
        model: 'gpt-x',
        cacheRead: 50,
        costNanoUsd: 9_007_199_254_740_993n,
      });
      expect(await store.tokenUsage.totals({ runId: 'r1' })).toEqual({
        calls: 2,
        tokens: 170,
        costNanoUsd: 9_007_199_256_240_993n,
      });
    });
  });
}
