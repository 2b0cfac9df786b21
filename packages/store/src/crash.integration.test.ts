import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { exited, packageDir, spawnFromSource, waitForLine } from '../test/helpers.js';
import { itemResults, manifest } from './schema.js';
import { createTestDatabase, testDrivers } from './testing.js';

const writer = join(packageDir, 'test/crash-writer.mjs');
const TOTAL = 3000;

for (const driver of testDrivers()) {
  describe(`crash safety on ${driver}`, () => {
    it('SIGKILL in the middle of a batch leaves whole batches only; the database reopens and the work resumes', async () => {
      const db = await createTestDatabase(driver);
      const target = (db.options.databaseUrl ?? db.options.dataDir) as string;
      try {
        const child = spawnFromSource(writer, [target, '0', String(TOTAL)]);
        await waitForLine(child, /batch 500/);
        child.kill('SIGKILL'); // the next batch is in flight
        await exited(child);

        const store = await db.open();
        try {
          const sink = store.manifestSink({ name: 'crash' });
          const index = await sink.latest('score');
          expect(index.size % 100).toBe(0);
          expect(index.size).toBeGreaterThanOrEqual(600);
          // every stored row has its result, and no result lacks its row
          const [counts] = (await store.db
            .select({
              rows: sql<number>`(select count(*)::int from ${manifest} where ${manifest.sink} = 'crash')`,
              results: sql<number>`(select count(*)::int from ${itemResults} where ${itemResults.sink} = 'crash')`,
            })
            .from(sql`(select 1) as one`)) as { rows: number; results: number }[];
          expect(counts).toEqual({ rows: index.size, results: index.size });
          const [r] = await store.db
            .select({ result: itemResults.result })
            .from(itemResults)
            .where(and(eq(itemResults.sink, 'crash'), eq(itemResults.itemId, 'item-000042')));
          expect(r?.result).toMatchObject({ score: 42 });
          const resumeFrom = index.size;
          await store.close();
          // resume: a new process writes the rest
          const rest = spawnFromSource(writer, [target, String(resumeFrom), String(TOTAL)]);
          await waitForLine(rest, /done/);
          await exited(rest);
        } finally {
          await store.close();
        }
        const after = await db.open();
        try {
          expect((await after.manifestSink({ name: 'crash' }).latest('score')).size).toBe(TOTAL);
        } finally {
          await after.close();
        }
      } finally {
        await db.drop();
      }
    });
  });
}
