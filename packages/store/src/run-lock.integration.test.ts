import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { exited, packageDir, spawnFromSource, waitForLine } from '../test/helpers.js';
import { storeExitCode } from './errors.js';
import { createTestDatabase, testDrivers } from './testing.js';

const rowsOf = (r: unknown) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows);

for (const driver of testDrivers()) {
  describe(`run lock on ${driver}`, () => {
    it('one run per configuration: a second gets STORE_LOCK_HELD naming the holder; attempts are recorded', async () => {
      const db = await createTestDatabase(driver);
      const store = await db.open();
      try {
        const lock = await store.acquireRunLock({
          configKey: 'daily',
          runId: 'run-A',
          label: 'jobintel run',
        });
        const other = await store.acquireRunLock({ configKey: 'other' });
        const refused = await store
          .acquireRunLock({ configKey: 'daily', runId: 'run-B' })
          .catch((e: unknown) => e);
        expect(refused).toMatchObject({ code: 'STORE_LOCK_HELD' });
        expect((refused as Error).message).toMatch(/jobintel run \(run run-A\), pid \d+ on .+ since/);
        expect(storeExitCode(refused)).toBe(3);
        await lock.release();
        const again = await store.acquireRunLock({ configKey: 'daily', runId: 'run-C' });
        await again.release();
        await other.release();
        const attempts = rowsOf(
          await store.db.execute(sql`select name, granted from lock_attempts order by id`),
        );
        expect(attempts).toEqual([
          { name: 'run:daily', granted: true },
          { name: 'run:other', granted: true },
          { name: 'run:daily', granted: false },
          { name: 'run:daily', granted: true },
        ]);
      } finally {
        await store.close();
        await db.drop();
      }
    });
  });
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('run lock across processes (PostgreSQL)', () => {
  it('a lock held by another process is refused, and freed when that process is killed', async () => {
    const db = await createTestDatabase('postgres');
    const child = spawnFromSource(
      join(packageDir, 'test/lock-holder.mjs'),
      [db.options.databaseUrl as string],
      {},
    );
    const store = await db.open();
    try {
      await waitForLine(child, /locked/);
      await expect(store.acquireRunLock({ configKey: 'daily' })).rejects.toMatchObject({
        code: 'STORE_LOCK_HELD',
        message: expect.stringContaining('child (run child-run)'),
      });
      child.kill('SIGKILL');
      await exited(child);
      // the server frees a dead session's advisory locks once it notices the connection is gone
      let lock: Awaited<ReturnType<typeof store.acquireRunLock>> | undefined;
      for (let i = 0; i < 100 && !lock; i++) {
        lock = await store.acquireRunLock({ configKey: 'daily' }).catch(async () => {
          await new Promise((r) => setTimeout(r, 100));
          return undefined;
        });
      }
      expect(lock).toBeDefined();
      await lock?.release();
    } finally {
      child.kill('SIGKILL');
      await store.close();
      await db.drop();
    }
  });
});
