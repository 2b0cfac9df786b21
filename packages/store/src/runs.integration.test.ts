import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './store.js';
import { createTestDatabase, type TestDatabase, testDrivers } from './testing.js';

for (const driver of testDrivers()) {
  describe(`run registry on ${driver}`, () => {
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

    it('creates, records stage progress, finishes and reads back a run', async () => {
      const run = await store.runs.create({ configKey: 'cfg', configHash: 'h1', profiles: ['swe', 'cs'] });
      expect(run).toMatchObject({ status: 'running', profiles: ['cs', 'swe'], exitCode: null });
      expect(run.id).toMatch(/^20261101T070000Z-[0-9a-f]{6}$/);
      await store.runs.recordStage(run.id, { stage: 'fetch', status: 'running', planned: 12 });
      await store.runs.recordStage(run.id, {
        stage: 'fetch',
        status: 'succeeded',
        planned: 12,
        succeeded: 11,
        failed: 1,
        startedAt: '2026-11-01T07:00:01.000Z',
        finishedAt: '2026-11-01T07:00:09.000Z',
        detail: { p95Ms: 800 },
      });
      const done = await store.runs.finish(run.id, {
        status: 'partial',
        exitCode: 0,
        report: { version: 1 },
      });
      expect(done).toMatchObject({ status: 'partial', exitCode: 0, report: { version: 1 } });
      const got = await store.runs.get(run.id);
      expect(got?.stages).toEqual([
        {
          stage: 'fetch',
          status: 'succeeded',
          planned: 12,
          succeeded: 11,
          failed: 1,
          skipped: 0,
          startedAt: '2026-11-01T07:00:01.000Z',
          finishedAt: '2026-11-01T07:00:09.000Z',
          detail: { p95Ms: 800 },
        },
      ]);
      expect(await store.runs.get('nope')).toBeUndefined();
      const again = await store.runs.reopen(run.id, { attempt: 2 });
      expect(again).toMatchObject({
        status: 'running',
        finishedAt: null,
        exitCode: null,
        flags: { attempt: 2 },
      });
    });

    it('rejects bad input naming the field, and unknown runs with STORE_NOT_FOUND', async () => {
      await expect(store.runs.create({ configKey: '', configHash: 'h' })).rejects.toMatchObject({
        code: 'STORE_INVALID_INPUT',
        message: expect.stringContaining('configKey'),
      });
      await expect(store.runs.finish('missing', { status: 'failed', exitCode: 9 })).rejects.toMatchObject({
        code: 'STORE_NOT_FOUND',
      });
      await expect(
        store.runs.finish('missing', { status: 'running' as never, exitCode: 0 }),
      ).rejects.toMatchObject({ code: 'STORE_INVALID_INPUT', message: expect.stringContaining('status') });
      await expect(
        store.runs.recordStage('missing', { stage: 's', status: 'running' }),
      ).rejects.toMatchObject({
        code: 'STORE_NOT_FOUND',
      });
      await expect(store.runs.list({ cursor: 'garbage' })).rejects.toMatchObject({
        code: 'STORE_INVALID_INPUT',
      });
    });

    it('lists newest first with filters and a stable cursor', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 25; i++) {
        clock = new Date(Date.UTC(2026, 10, 2, 7, i));
        const r = await store.runs.create({
          id: `list-${String(i).padStart(2, '0')}`,
          configKey: 'list',
          configHash: 'h',
          profiles: i % 2 ? ['a'] : ['b'],
        });
        await store.runs.finish(r.id, {
          status: i % 5 === 0 ? 'failed' : 'succeeded',
          exitCode: i % 5 === 0 ? 9 : 0,
        });
        ids.push(r.id);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.runs.list({ configKey: 'list', limit: 7, ...(cursor ? { cursor } : {}) });
        seen.push(...page.runs.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(ids.toReversed());
      const failed = await store.runs.list({ configKey: 'list', status: 'failed' });
      expect(failed.runs.map((r) => r.id)).toEqual(['list-20', 'list-15', 'list-10', 'list-05', 'list-00']);
      const window = await store.runs.list({
        configKey: 'list',
        from: '2026-11-02T07:03:00.000Z',
        to: '2026-11-02T07:05:00.000Z',
        profile: 'a',
      });
      expect(window.runs.map((r) => r.id)).toEqual(['list-05', 'list-03']);
    });

    it('finds the latest successful run per profile', async () => {
      clock = new Date('2026-11-03T07:00:00.000Z');
      const a = await store.runs.create({ configKey: 'latest', configHash: 'h', profiles: ['p1', 'p2'] });
      await store.runs.finish(a.id, { status: 'succeeded', exitCode: 0 });
      clock = new Date('2026-11-04T07:00:00.000Z');
      const b = await store.runs.create({ configKey: 'latest', configHash: 'h', profiles: ['p1'] });
      await store.runs.finish(b.id, { status: 'failed', exitCode: 9 });
      clock = new Date('2026-11-05T07:00:00.000Z');
      const c = await store.runs.create({ configKey: 'latest', configHash: 'h', profiles: ['p2'] });
      await store.runs.finish(c.id, { status: 'partial', exitCode: 0 });
      expect((await store.runs.latestSuccessful('p1', { configKey: 'latest' }))?.id).toBe(a.id);
      expect((await store.runs.latestSuccessful('p2', { configKey: 'latest' }))?.id).toBe(c.id);
      expect(await store.runs.latestSuccessful('nobody')).toBeUndefined();
    });

    it('prunes by count and age, keeps protected runs, and names the artifacts to delete', async () => {
      const made: string[] = [];
      for (let day = 1; day <= 10; day++) {
        clock = new Date(Date.UTC(2026, 9, day, 7));
        const r = await store.runs.create({
          id: `ret-${day}`,
          configKey: 'ret',
          configHash: 'h',
          profiles: ['ret'],
        });
        // the newest run failed: the latest successful one (day 9) must survive whatever the policy
        await store.runs.finish(r.id, {
          status: day === 10 ? 'failed' : 'succeeded',
          exitCode: day === 10 ? 9 : 0,
        });
        await store.artifacts.record(r.id, [
          {
            key: `runs/${r.id}/ret/ranked.json`,
            store: 'local',
            sha256: 'a'.repeat(64),
            bytes: 10,
            contentType: 'application/json',
          },
        ]);
        await store.manifestSink({ name: 'ret' }).append([
          {
            schemaVersion: 1,
            runId: r.id,
            stage: 's',
            itemId: `i${day}`,
            status: 'success',
            attempts: 1,
            durationMs: 1,
            fingerprint: 'f',
            ts: clock.toISOString(),
          },
        ]);
        made.push(r.id);
      }
      const running = await store.runs.create({
        id: 'ret-running',
        configKey: 'ret',
        configHash: 'h',
        startedAt: '2026-09-01T00:00:00.000Z',
      });
      clock = new Date('2026-10-12T07:00:00.000Z');
      const result = await store.runs.prune({ configKey: 'ret', keepLast: 1, keepDays: 5 });
      // kept: day 10 (newest), days 7..10 (within 5 days of Oct 12 07:00), day 9 (latest success)
      expect(result.prunedRunIds).toEqual(['ret-1', 'ret-2', 'ret-3', 'ret-4', 'ret-5', 'ret-6']);
      expect(result.artifacts.map((a) => a.key)).toEqual(
        ['ret-1', 'ret-2', 'ret-3', 'ret-4', 'ret-5', 'ret-6'].map((id) => `runs/${id}/ret/ranked.json`),
      );
      expect(await store.runs.get('ret-3')).toBeUndefined();
      expect(await store.runs.get(running.id)).toBeDefined();
      const left = (await store.manifestSink({ name: 'ret' }).latest('s')).size;
      expect(left).toBe(4);
      expect(await store.runs.prune({ configKey: 'ret', keepLast: null, keepDays: null })).toEqual({
        prunedRunIds: [],
        artifacts: [],
      });
    });
  });
}
