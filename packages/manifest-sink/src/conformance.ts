import { MANIFEST_SCHEMA_VERSION, type ManifestRow, type ManifestSink } from '@jobintel/runner-core';
import { afterEach, describe, expect, it } from 'vitest';

export interface SinkUnderTest {
  sink: ManifestSink;
  /** A second sink over the same storage (a new process would open one like it). */
  reopen?(): Promise<ManifestSink>;
  cleanup?(): Promise<void>;
}

const row = (over: Partial<ManifestRow> = {}): ManifestRow => ({
  schemaVersion: MANIFEST_SCHEMA_VERSION,
  runId: 'run-1',
  stage: 'stage-a',
  itemId: 'item-1',
  status: 'success',
  attempts: 1,
  durationMs: 12.5,
  fingerprint: 'a'.repeat(64),
  outputRef: 'out/item-1.json',
  error: null,
  ts: '2026-11-22T10:00:00.000Z',
  ...over,
});

async function collect(sink: ManifestSink, stage: string): Promise<ManifestRow[]> {
  const rows: ManifestRow[] = [];
  for await (const r of sink.rows(stage)) rows.push(r);
  return rows;
}

async function rejection(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a rejection');
}

/**
 * The manifest sink contract, as tests. Run it against every implementation:
 *
 *     manifestSinkConformance('jsonl', async () => ({ sink: createJsonlSink({ dir }), reopen: ... }));
 */
export function manifestSinkConformance(name: string, factory: () => Promise<SinkUnderTest>): void {
  describe(`manifest sink conformance: ${name}`, () => {
    let current: SinkUnderTest | undefined;
    const open = async () => {
      current = await factory();
      return current;
    };
    afterEach(async () => {
      await current?.sink.close().catch(() => {});
      await current?.cleanup?.();
      current = undefined;
    });

    it('latest() returns the last row per item', async () => {
      const { sink } = await open();
      await sink.append([row({ itemId: 'a', status: 'failure', attempts: 3 }), row({ itemId: 'b' })]);
      await sink.append([row({ itemId: 'a', status: 'success', fingerprint: 'f2', outputRef: 'x' })]);
      const index = await sink.latest('stage-a');
      expect(index.size).toBe(2);
      expect(index.get('a')).toEqual({ status: 'success', fingerprint: 'f2', outputRef: 'x', attempts: 1 });
      expect(index.get('b')?.status).toBe('success');
      expect(index.get('missing')).toBeUndefined();
      expect(index.problems).toEqual([]);
    });

    it('keeps stages apart', async () => {
      const { sink } = await open();
      await sink.append([row({ stage: 'one', itemId: 'x' }), row({ stage: 'two', itemId: 'y' })]);
      expect((await sink.latest('one')).get('y')).toBeUndefined();
      expect((await collect(sink, 'two')).map((r) => r.itemId)).toEqual(['y']);
    });

    it('an unknown stage is an empty manifest', async () => {
      const { sink } = await open();
      expect((await sink.latest('never-written')).size).toBe(0);
      expect(await collect(sink, 'never-written')).toEqual([]);
    });

    it('rows() returns every row in write order with every field round-tripped', async () => {
      const { sink } = await open();
      const rows = [
        row({ itemId: 'r1' }),
        row({
          itemId: 'r2',
          status: 'failure',
          outputRef: null,
          error: { category: 'TypeError', code: 'E_X', message: 'bad "quote" \n newline ü' },
          extra: { n: 1, list: [1, 'two', null, { deep: true }], s: 'é' },
        }),
        row({ itemId: 'r3', status: 'cancelled', attempts: 0, durationMs: 0 }),
        row({ itemId: 'r4', status: 'skip', outputRef: undefined, error: undefined }),
      ];
      await sink.append(rows);
      const back = await collect(sink, 'stage-a');
      expect(back).toHaveLength(4);
      expect(back.map((r) => r.itemId)).toEqual(['r1', 'r2', 'r3', 'r4']);
      expect(back[1]).toEqual(rows[1]);
      expect(back[0]).toEqual(rows[0]);
      expect(back[3]?.outputRef ?? null).toBeNull();
    });

    it('concurrent appends are all durable and none is duplicated', async () => {
      const { sink } = await open();
      await Promise.all(Array.from({ length: 1000 }, (_, i) => sink.append([row({ itemId: `c${i}` })])));
      const back = await collect(sink, 'stage-a');
      expect(back).toHaveLength(1000);
      expect(new Set(back.map((r) => r.itemId)).size).toBe(1000);
    });

    it('rejects invalid rows naming the field, and stores nothing of that append', async () => {
      const { sink } = await open();
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      const cases: Array<[unknown, RegExp]> = [
        [{ ...row({ itemId: 'm1' }), runId: undefined }, /runId/],
        [row({ itemId: 'm2', status: 'done' as never }), /status/],
        [row({ itemId: 'm3', durationMs: Number.NaN }), /durationMs/],
        [row({ itemId: 'm4', extra: { big: 10n } as never }), /extra\.big/],
        [row({ itemId: 'm5', extra: { fn: (() => 1) as never } }), /extra\.fn/],
        [row({ itemId: 'm6', extra: cyclic as never }), /cyclic/],
        [row({ itemId: 'm7', extra: { u: undefined } as never }), /extra\.u/],
      ];
      for (const [bad, field] of cases) {
        const error = await rejection(sink.append([row({ itemId: 'ok-before' }), bad as ManifestRow]));
        expect(error.code).toBe('MANIFEST_ROW_INVALID');
        expect(error.message).toMatch(field);
      }
      expect(await collect(sink, 'stage-a')).toEqual([]);
    });

    it('append after close rejects with MANIFEST_CLOSED', async () => {
      const { sink } = await open();
      await sink.append([row()]);
      await sink.close();
      expect((await rejection(sink.append([row()]))).code).toBe('MANIFEST_CLOSED');
    });

    it('a reopened sink sees everything appended before', async () => {
      const under = await open();
      if (!under.reopen) return;
      await under.sink.append([row({ itemId: 'p1' }), row({ itemId: 'p2', status: 'failure' })]);
      await under.sink.close();
      const again = await under.reopen();
      try {
        const index = await again.latest('stage-a');
        expect(index.get('p1')?.status).toBe('success');
        expect(index.get('p2')?.status).toBe('failure');
      } finally {
        await again.close();
      }
    });
  });
}
