// The manifest sink contract as a vitest suite. Every ManifestSink implementation runs it (the JSONL
// sink here, the in-memory sink of runner-core, the PostgreSQL sink of @jobintel/store). It tests only
// what the contract promises, never how a sink stores rows. This entry imports vitest (an optional peer
// dependency); the main entry does not.
import { MANIFEST_SCHEMA_VERSION, type ManifestRow, type ManifestSink } from '@jobintel/runner-core';
import { afterEach, describe, expect, it } from 'vitest';

/** What the factory of `manifestSinkConformance` returns: a fresh, empty sink. */
export interface SinkUnderTest {
  sink: ManifestSink;
  /** A second sink over the same storage, as a new process would open it (enables the reopen tests). */
  reopen?(): Promise<ManifestSink>;
  /** Removes the storage; called after each test, once the sink is closed. */
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

/** A row as any sink may give it back: an absent `outputRef` or `error` may come back as null. */
const normal = (r: ManifestRow) => {
  const { extra, ...rest } = r;
  return {
    ...rest,
    outputRef: r.outputRef ?? null,
    error: r.error ?? null,
    ...(extra === undefined ? {} : { extra }),
  };
};

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
  throw new Error('expected a rejection, but the promise resolved');
}

/**
 * Registers the manifest sink contract as vitest tests. `factory` is called once per test and must
 * return a fresh, empty sink (and, if it can, `reopen` for a second sink over the same storage):
 *
 *     manifestSinkConformance('jsonl', async () => {
 *       const dir = await mkdtemp(join(tmpdir(), 'm-'));
 *       return {
 *         sink: createJsonlSink({ dir }),
 *         reopen: async () => createJsonlSink({ dir }),
 *         cleanup: () => rm(dir, { recursive: true, force: true }),
 *       };
 *     });
 */
export function manifestSinkConformance(name: string, factory: () => Promise<SinkUnderTest>): void {
  describe(`manifest sink conformance: ${name}`, () => {
    const opened: SinkUnderTest[] = [];
    const extra: ManifestSink[] = [];
    const open = async () => {
      const under = await factory();
      opened.push(under);
      return under;
    };
    const reopen = async (under: SinkUnderTest) => {
      const again = await under.reopen!();
      extra.push(again);
      return again;
    };
    afterEach(async () => {
      for (const sink of extra.splice(0)) await sink.close().catch(() => {});
      for (const under of opened.splice(0)) {
        await under.sink.close().catch(() => {});
        await under.cleanup?.();
      }
    });

    describe('latest()', () => {
      it('returns the resume fields of the last row per item', async () => {
        const { sink } = await open();
        await sink.append([
          row({ itemId: 'a', status: 'failure', attempts: 3, outputRef: null }),
          row({ itemId: 'b' }),
        ]);
        await sink.append([
          row({ itemId: 'a', status: 'success', fingerprint: 'f2', outputRef: 'x', attempts: 4 }),
        ]);
        await sink.append([row({ itemId: 'c', status: 'skip', outputRef: undefined, fingerprint: '' })]);
        const index = await sink.latest('stage-a');
        expect(index.size).toBe(3);
        expect(index.get('a')).toEqual({ status: 'success', fingerprint: 'f2', outputRef: 'x', attempts: 4 });
        expect(index.get('b')).toEqual({
          status: 'success',
          fingerprint: 'a'.repeat(64),
          outputRef: 'out/item-1.json',
          attempts: 1,
        });
        expect(index.get('c')).toEqual({ status: 'skip', fingerprint: '', outputRef: null, attempts: 1 });
        expect(index.get('missing')).toBeUndefined();
        expect(index.problems).toEqual([]);
      });

      it('a later row wins whatever its status, and a newer index sees newer rows', async () => {
        const { sink } = await open();
        await sink.append([row({ itemId: 'a', status: 'success' })]);
        const before = await sink.latest('stage-a');
        await sink.append([row({ itemId: 'a', status: 'cancelled', attempts: 0 }), row({ itemId: 'b' })]);
        const after = await sink.latest('stage-a');
        expect(after.get('a')?.status).toBe('cancelled');
        expect(after.get('a')?.attempts).toBe(0);
        expect(after.size).toBe(2);
        expect(before.get('a')?.status).toBe('success'); // an index is a snapshot
      });

      it('an unknown stage is an empty manifest', async () => {
        const { sink } = await open();
        await sink.append([row({ stage: 'other' })]);
        const index = await sink.latest('never-written');
        expect(index.size).toBe(0);
        expect(index.get('item-1')).toBeUndefined();
        expect(index.problems).toEqual([]);
        expect(await collect(sink, 'never-written')).toEqual([]);
      });

      it('finds item ids and fingerprints with quotes, backslashes, newlines and non-ASCII characters', async () => {
        const { sink } = await open();
        const ids = ['quote"d', 'back\\slash', 'new\nline', 'ü東京🙂', '\u2028', ' spaced '];
        await sink.append(
          ids.map((itemId, i) => row({ itemId, fingerprint: `${itemId}#${i}`, outputRef: `o/${itemId}` })),
        );
        const index = await sink.latest('stage-a');
        expect(index.size).toBe(ids.length);
        ids.forEach((itemId, i) => {
          expect(index.get(itemId)).toEqual({
            status: 'success',
            fingerprint: `${itemId}#${i}`,
            outputRef: `o/${itemId}`,
            attempts: 1,
          });
        });
      });
    });

    it('keeps stages apart', async () => {
      const { sink } = await open();
      await sink.append([
        row({ stage: 'one', itemId: 'x', status: 'failure' }),
        row({ stage: 'two', itemId: 'y' }),
        row({ stage: 'two', itemId: 'x', status: 'skip' }),
      ]);
      const one = await sink.latest('one');
      expect(one.size).toBe(1);
      expect(one.get('x')?.status).toBe('failure');
      expect(one.get('y')).toBeUndefined();
      expect((await sink.latest('two')).get('x')?.status).toBe('skip');
      expect((await collect(sink, 'two')).map((r) => r.itemId)).toEqual(['y', 'x']);
      expect((await collect(sink, 'one')).map((r) => r.itemId)).toEqual(['x']);
    });

    it('rows() returns every row in write order with every field round-tripped', async () => {
      const { sink } = await open();
      const first = [
        row({ itemId: 'r1' }),
        row({
          itemId: 'r2',
          status: 'failure',
          attempts: 3,
          durationMs: 0.125,
          fingerprint: 'sha1:xyz',
          outputRef: null,
          error: { category: 'TypeError', code: 'E_X', message: 'bad "quote" \n newline ü \\ 🙂' },
          extra: {
            n: 1.5,
            neg: -2,
            list: [1, 'two', null, { deep: [true, false] }],
            s: 'é',
            empty: {},
            none: [],
          },
        }),
      ];
      const second = [
        row({ itemId: 'r3', status: 'cancelled', attempts: 0, durationMs: 0, runId: 'run-2' }),
        row({ itemId: 'r4', status: 'skip', outputRef: undefined, error: undefined }),
        row({
          itemId: 'r1',
          status: 'failure',
          ts: '2026-11-22T10:00:01.5Z',
          error: { category: 'c', code: 'd', message: '' },
        }),
      ];
      await sink.append(first);
      await sink.append(second);
      const back = await collect(sink, 'stage-a');
      expect(back.map(normal)).toEqual([...first, ...second].map(normal));
    });

    it('rows are captured when append is called: later changes to the objects are not stored', async () => {
      const { sink } = await open();
      const r = row({ itemId: 'captured', extra: { list: [1] } });
      const pending = sink.append([r]);
      r.status = 'failure';
      (r.extra as { list: number[] }).list.push(2);
      await pending;
      const [back] = await collect(sink, 'stage-a');
      expect(back?.status).toBe('success');
      expect(back?.extra).toEqual({ list: [1] });
    });

    it('concurrent appends are all durable and none is duplicated', async () => {
      const { sink } = await open();
      await Promise.all([
        ...Array.from({ length: 1000 }, (_, i) => sink.append([row({ itemId: `c${i}` })])),
        ...Array.from({ length: 50 }, (_, i) =>
          sink.append([
            row({ stage: 'stage-b', itemId: `m${i}a` }),
            row({ stage: 'stage-b', itemId: `m${i}b` }),
          ]),
        ),
      ]);
      const back = await collect(sink, 'stage-a');
      expect(back).toHaveLength(1000);
      expect(new Set(back.map((r) => r.itemId)).size).toBe(1000);
      expect((await sink.latest('stage-a')).size).toBe(1000);
      const b = await collect(sink, 'stage-b');
      expect(b).toHaveLength(100);
      // the rows of one append stay together and in order
      for (let i = 0; i < 50; i++) {
        const at = b.findIndex((r) => r.itemId === `m${i}a`);
        expect(b[at + 1]?.itemId).toBe(`m${i}b`);
      }
    });

    it('an append resolves only once its rows are stored', async () => {
      const { sink } = await open();
      for (let i = 0; i < 20; i++) {
        await sink.append([row({ itemId: `s${i}` })]);
        expect((await sink.latest('stage-a')).get(`s${i}`)?.status).toBe('success');
      }
    });

    describe('invalid rows', () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      const cases: Array<[string, unknown, RegExp]> = [
        ['a missing field', { ...row({ itemId: 'm1' }), runId: undefined }, /runId/],
        ['a bad status', row({ itemId: 'm2', status: 'done' as never }), /status/],
        ['a NaN duration', row({ itemId: 'm3', durationMs: Number.NaN }), /durationMs/],
        ['an infinite duration', row({ itemId: 'm4', durationMs: Number.POSITIVE_INFINITY }), /durationMs/],
        ['negative attempts', row({ itemId: 'm5', attempts: -1 }), /attempts/],
        ['a timestamp that is not ISO', row({ itemId: 'm6', ts: 'yesterday' }), /ts/],
        ['an unknown field', { ...row({ itemId: 'm7' }), surprise: 1 }, /surprise/],
        ['a bigint in extra', row({ itemId: 'm8', extra: { big: 10n } as never }), /extra\.big/],
        ['a function in extra', row({ itemId: 'm9', extra: { fn: (() => 1) as never } }), /extra\.fn/],
        ['a cycle in extra', row({ itemId: 'm10', extra: cyclic as never }), /extra.*cycl|cycl.*extra/],
        ['undefined in extra', row({ itemId: 'm11', extra: { u: undefined } as never }), /extra\.u/],
        ['a symbol in extra', row({ itemId: 'm12', extra: { s: Symbol('s') } as never }), /extra\.s/],
        ['NaN deep in extra', row({ itemId: 'm13', extra: { a: [{ b: Number.NaN }] } as never }), /extra\.a/],
        ['a Date in extra', row({ itemId: 'm14', extra: { d: new Date(0) } as never }), /extra\.d/],
      ];
      it.each(cases)(
        '%s rejects the whole append with MANIFEST_ROW_INVALID naming the field',
        async (_, bad, field) => {
          const { sink } = await open();
          const error = await rejection(sink.append([row({ itemId: 'ok-before' }), bad as ManifestRow]));
          expect(error.code).toBe('MANIFEST_ROW_INVALID');
          expect(error.message).toMatch(field);
          expect(error.message).toContain((bad as { itemId: string }).itemId);
          expect(await collect(sink, 'stage-a')).toEqual([]);
          expect((await sink.latest('stage-a')).size).toBe(0);
        },
      );

      it('a row that is not an object is rejected too', async () => {
        const { sink } = await open();
        for (const bad of [null, 42, 'row', []]) {
          expect((await rejection(sink.append([bad as never]))).code).toBe('MANIFEST_ROW_INVALID');
        }
      });

      it('a rejected append does not disturb concurrent good ones', async () => {
        const { sink } = await open();
        const results = await Promise.allSettled(
          Array.from({ length: 40 }, (_, i) =>
            sink.append([row({ itemId: `g${i}`, ...(i % 4 === 0 ? { durationMs: -1 } : {}) })]),
          ),
        );
        expect(results.filter((r) => r.status === 'rejected')).toHaveLength(10);
        const ids = (await collect(sink, 'stage-a')).map((r) => r.itemId).sort();
        expect(ids).toEqual(
          Array.from({ length: 40 }, (_, i) => i)
            .filter((i) => i % 4 !== 0)
            .map((i) => `g${i}`)
            .sort(),
        );
      });
    });

    it('append([]) resolves and stores nothing', async () => {
      const { sink } = await open();
      await sink.append([]);
      expect((await sink.latest('stage-a')).size).toBe(0);
    });

    describe('close()', () => {
      it('append after close rejects with MANIFEST_CLOSED', async () => {
        const { sink } = await open();
        await sink.append([row()]);
        await sink.close();
        expect((await rejection(sink.append([row({ itemId: 'late' })]))).code).toBe('MANIFEST_CLOSED');
        await sink.close(); // closing twice is harmless
      });

      it('flushes appends still pending: they resolve, and are stored', async () => {
        const under = await open();
        const pending = Array.from({ length: 50 }, (_, i) => under.sink.append([row({ itemId: `p${i}` })]));
        await under.sink.close();
        await Promise.all(pending);
        if (under.reopen) expect((await (await reopen(under)).latest('stage-a')).size).toBe(50);
      });
    });

    it('a reopened sink sees everything appended before', async (context) => {
      const under = await open();
      if (!under.reopen) {
        context.skip();
        return;
      }
      const rows = [
        row({ itemId: 'p1' }),
        row({ itemId: 'p2', status: 'failure', extra: { why: ['x'] } }),
        row({ stage: 'stage-b', itemId: 'q' }),
      ];
      await under.sink.append(rows);
      await under.sink.close();
      const again = await reopen(under);
      const index = await again.latest('stage-a');
      expect(index.size).toBe(2);
      expect(index.get('p2')?.status).toBe('failure');
      expect((await collect(again, 'stage-a')).map(normal)).toEqual(rows.slice(0, 2).map(normal));
      // and it can append after them
      await again.append([row({ itemId: 'p1', status: 'skip' })]);
      expect((await again.latest('stage-a')).get('p1')?.status).toBe('skip');
    });
  });
}
