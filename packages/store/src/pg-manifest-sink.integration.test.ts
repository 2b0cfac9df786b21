import { manifestSinkConformance } from '@jobintel/manifest-sink/conformance';
import { MANIFEST_SCHEMA_VERSION, type ManifestRow } from '@jobintel/runner-core';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from './testing.js';

const row = (itemId: string, over: Partial<ManifestRow> = {}): ManifestRow => ({
  schemaVersion: MANIFEST_SCHEMA_VERSION,
  runId: 'run-1',
  stage: 'score',
  itemId,
  status: 'success',
  attempts: 1,
  durationMs: 3,
  fingerprint: 'f'.repeat(64),
  ts: '2026-11-29T07:00:00.000Z',
  ...over,
});

for (const driver of testDrivers()) {
  manifestSinkConformance(`postgres sink on ${driver}`, async () => {
    const db = await createTestDatabase(driver);
    const store = await db.open();
    let reopened: Awaited<ReturnType<typeof db.open>> | undefined;
    return {
      sink: store.manifestSink(),
      async reopen() {
        // a second "process": the same database through a new store (PGlite allows one at a time)
        await store.close();
        reopened = await db.open();
        return reopened.manifestSink();
      },
      async cleanup() {
        await store.close();
        await reopened?.close();
        await db.drop();
      },
    };
  });

  describe(`postgres sink extras on ${driver}`, () => {
    it('stores an item result and its manifest row in one transaction', async () => {
      const db = await createTestDatabase(driver);
      const store = await db.open();
      try {
        const sink = store.manifestSink({ name: 'daily' });
        await sink.appendWithResults([
          { row: row('a'), result: { score: 91, reasons: ['title'] } },
          { row: row('b'), result: { score: 12 } },
        ]);
        expect(await sink.result('score', 'a')).toEqual({ score: 91, reasons: ['title'] });
        expect((await sink.latest('score')).get('b')?.status).toBe('success');
        // an invalid row: neither the row nor any result of that append is stored
        await expect(
          sink.appendWithResults([
            { row: row('c'), result: { score: 50 } },
            { row: row('d', { attempts: -1 }), result: { score: 1 } },
          ]),
        ).rejects.toMatchObject({ code: 'MANIFEST_ROW_INVALID' });
        expect(await sink.result('score', 'c')).toBeUndefined();
        // a result that violates the database (a NUL character cannot be stored in jsonb) rolls back its row
        await expect(
          sink.appendWithResults([{ row: row('e'), result: { text: 'bad\u0000byte' } }]),
        ).rejects.toMatchObject({ code: 'MANIFEST_IO' });
        expect((await sink.latest('score')).get('e')).toBeUndefined();
        // a later result replaces the earlier one
        await sink.appendWithResults([{ row: row('a', { runId: 'run-2' }), result: { score: 95 } }]);
        expect(await sink.result('score', 'a')).toEqual({ score: 95 });
      } finally {
        await store.close();
        await db.drop();
      }
    });

    it('sinks with different names do not see each other', async () => {
      const db = await createTestDatabase(driver);
      const store = await db.open();
      try {
        await store.manifestSink({ name: 'one' }).append([row('x')]);
        expect((await store.manifestSink({ name: 'two' }).latest('score')).size).toBe(0);
        expect((await store.manifestSink({ name: 'one' }).latest('score')).size).toBe(1);
      } finally {
        await store.close();
        await db.drop();
      }
    });
  });
}
