import { existsSync } from 'node:fs';
import { open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, line, patched, rejection, row, useTempDirs } from '../test/helpers.js';
import { manifestSinkConformance } from './conformance.js';
import { createJsonlSink } from './index.js';

const tempDir = useTempDirs();

manifestSinkConformance('jsonl', async () => {
  const dir = await tempDir();
  return { sink: createJsonlSink({ dir }), reopen: async () => createJsonlSink({ dir }) };
});

manifestSinkConformance('jsonl (delayed batches, small batches, no fsync)', async () => {
  const dir = await tempDir();
  const options = { dir, batchMaxDelayMs: 2, batchMaxRows: 7, fsync: false };
  return { sink: createJsonlSink(options), reopen: async () => createJsonlSink(options) };
});

/** The prototype of node's FileHandle, to count or break its calls. */
async function fileHandleProto(dir: string) {
  const probe = await open(join(dir, 'probe'), 'w');
  const proto = Object.getPrototypeOf(probe) as {
    sync(): Promise<void>;
    write(...args: unknown[]): Promise<{ bytesWritten: number }>;
  };
  await probe.close();
  await rm(join(dir, 'probe'));
  return proto;
}

describe('JSONL sink', () => {
  it('writes one complete JSON line per row into <dir>/<stage>.jsonl, creating the directory', async () => {
    const dir = join(await tempDir(), 'nested', 'manifests');
    const sink = createJsonlSink({ dir });
    await sink.append([row('a'), row('b', { extra: { k: [1] } })]);
    await sink.close();
    const text = await readFile(join(dir, 's.jsonl'), 'utf8');
    expect(text).toBe(`${JSON.stringify(row('a'))}\n${JSON.stringify(row('b', { extra: { k: [1] } }))}\n`);
    expect(sink.fileOf('s')).toBe(join(dir, 's.jsonl'));
  });

  it('writes the fields of every row in schema order, whatever the order of the given object', async () => {
    const dir = await tempDir();
    const sink = createJsonlSink({ dir });
    const r = row('a', { extra: { z: 1, a: 2 } });
    const shuffled = Object.fromEntries(Object.entries(r).reverse()) as typeof r;
    await sink.append([shuffled, { ...shuffled, itemId: 'b', outputRef: undefined }]);
    await sink.close();
    const [first, second] = (await readFile(join(dir, 's.jsonl'), 'utf8')).split('\n');
    expect(first).toBe(JSON.stringify(r));
    expect(Object.keys(JSON.parse(second!))).not.toContain('outputRef');
  });

  it('group-commits: 1,000 concurrent appends take a few batches, each one write and one fsync', async () => {
    const dir = await tempDir();
    const proto = await fileHandleProto(dir);
    const sink = createJsonlSink({ dir });
    let syncs = 0;
    let writes = 0;
    await patched(
      proto,
      'sync',
      (original) =>
        function (this: unknown) {
          syncs++;
          return original.call(this);
        },
      () =>
        patched(
          proto,
          'write',
          (original) =>
            function (this: unknown, ...args: unknown[]) {
              writes++;
              return original.apply(this, args);
            },
          () => Promise.all(Array.from({ length: 1000 }, (_, i) => sink.append([row(`i${i}`)]))),
        ),
    );
    const stats = sink.stats();
    expect(stats.rows).toBe(1000);
    expect(stats.batches).toBeGreaterThan(0);
    expect(stats.batches).toBeLessThan(50);
    expect(writes).toBe(stats.batches); // one write per batch
    expect(stats.fsyncs).toBe(stats.batches); // one fsync per batch...
    expect(syncs).toBe(stats.batches + 1); // ...plus one of the directory, for the new file
    expect((await sink.latest('s')).size).toBe(1000);
    await sink.close();
  });

  it('keeps batches within batchMaxRows, and gathers rows for batchMaxDelayMs', async () => {
    const dir = await tempDir();
    const small = createJsonlSink({ dir, batchMaxRows: 10 });
    await Promise.all(Array.from({ length: 100 }, (_, i) => small.append([row(`b${i}`)])));
    expect(small.stats().batches).toBeGreaterThanOrEqual(10);
    // an append larger than batchMaxRows is still written whole, in one batch
    const batches = small.stats().batches;
    await small.append(Array.from({ length: 25 }, (_, i) => row(`big${i}`)));
    expect(small.stats().batches).toBe(batches + 1);
    await small.close();

    const slow = createJsonlSink({ dir: await tempDir(), batchMaxDelayMs: 300 });
    const first = slow.append([row('x')]);
    await new Promise((r) => setTimeout(r, 20));
    await Promise.all([first, slow.append([row('y')])]);
    expect(slow.stats()).toMatchObject({ rows: 2, batches: 1 });
    await slow.close();
  });

  it('never loses an append that arrives while the writer is releasing its lock', async () => {
    const sink = createJsonlSink({ dir: await tempDir() });
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // appends at irregular intervals land in every phase of the flush loop, including its wind-down
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 40; i++) {
          await sink.append([row(`w${w}-${i}`)]);
          await sleep((i * 7 + w * 3) % 4);
        }
      }),
    );
    expect((await sink.latest('s')).size).toBe(320);
    await sink.close();
  });

  it('a failed write rejects every append of its batch, and takes back its partial bytes', async () => {
    const dir = await tempDir();
    const proto = await fileHandleProto(dir);
    const sink = createJsonlSink({ dir });
    await sink.append([row('before')]);
    const before = await readFile(join(dir, 's.jsonl'), 'utf8');
    const results = await patched(
      proto,
      'write',
      (original) =>
        async function (this: unknown, ...args: unknown[]) {
          // write part of the batch, then fail like a full disk
          const [data, offset, length] = args as [Buffer, number, number];
          await original.call(this, data, offset, Math.floor(length / 2));
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        },
      () => Promise.allSettled(Array.from({ length: 20 }, (_, i) => sink.append([row(`lost${i}`)]))),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    const reason = (results[0] as PromiseRejectedResult).reason as {
      code: string;
      retryable: boolean;
      message: string;
    };
    expect(reason).toMatchObject({ code: 'MANIFEST_IO', retryable: true });
    expect(reason.message).toMatch(/ENOSPC/);
    expect(await readFile(join(dir, 's.jsonl'), 'utf8')).toBe(before);
    // the sink recovers: the next append is written and read back cleanly
    await sink.append([row('after')]);
    const index = await sink.latest('s');
    expect([index.size, index.problems]).toEqual([2, []]);
    await sink.close();
  });

  it('a failed fsync rejects the batch: no row is reported durable that may not be', async () => {
    const dir = await tempDir();
    const proto = await fileHandleProto(dir);
    const sink = createJsonlSink({ dir });
    await sink.append([row('kept')]);
    const error = await patched(
      proto,
      'sync',
      () => async () => {
        throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      },
      () => rejection(sink.append([row('unsure')])),
    );
    expect(error.code).toBe('MANIFEST_IO');
    const ids = (await collect(sink.rows('s'))).map((r) => r.itemId);
    expect(ids).toEqual(['kept']);
    await sink.close();
  });

  it('starts on a new line after a torn last line, which then reads as a corrupt line of its own', async () => {
    const dir = await tempDir();
    const torn = line('torn').slice(0, 50);
    await writeFile(join(dir, 's.jsonl'), `${line('a')}${torn}`);
    const sink = createJsonlSink({ dir });
    expect((await sink.latest('s')).problems.map((p) => [p.line, p.kind])).toEqual([[2, 'truncated']]);
    await sink.append([row('b'), row('c')]);
    expect(await readFile(join(dir, 's.jsonl'), 'utf8')).toBe(
      `${line('a')}${torn}\n${line('b')}${line('c')}`,
    );
    const index = await sink.latest('s');
    expect(['a', 'b', 'c'].map((id) => index.get(id)?.status)).toEqual(['success', 'success', 'success']);
    expect(index.problems.map((p) => [p.line, p.kind])).toEqual([[2, 'corrupt']]);
    await sink.close();
  });

  it('rejects a row whose item id JSON cannot carry with MANIFEST_ROW_INVALID, not a TypeError', async () => {
    const sink = createJsonlSink({ dir: await tempDir() });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const itemId of [10n, cyclic]) {
      const error = await rejection(sink.append([row('ok'), { ...row('x'), itemId: itemId as never }]));
      expect(error).toMatchObject({ code: 'MANIFEST_ROW_INVALID', message: expect.stringMatching(/itemId/) });
    }
    expect((await sink.latest('s')).size).toBe(0);
    await sink.close();
  });

  it('rejects bad options with MANIFEST_INVALID_OPTIONS naming the field', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /dir/],
      [{ dir: '' }, /dir/],
      [{ dir: 'x', batchMaxRows: 0 }, /batchMaxRows/],
      [{ dir: 'x', batchMaxRows: 1.5 }, /batchMaxRows/],
      [{ dir: 'x', batchMaxDelayMs: -1 }, /batchMaxDelayMs/],
      [{ dir: 'x', lockTimeoutMs: 0 }, /lockTimeoutMs/],
      [{ dir: 'x', fsync: 'yes' }, /fsync/],
      [{ dir: 'x', logger: {} }, /logger/],
      [{ dir: 'x', surprise: 1 }, /surprise/],
    ];
    for (const [options, field] of cases) {
      let error: { code?: string; message?: string } | undefined;
      try {
        createJsonlSink(options as never);
      } catch (e) {
        error = e as typeof error;
      }
      expect(error?.code, JSON.stringify(options)).toBe('MANIFEST_INVALID_OPTIONS');
      expect(error?.message).toMatch(field);
    }
  });

  it('rejects stage names that cannot safely name a file, and writes nothing outside its directory', async () => {
    const root = await tempDir();
    const dir = join(root, 'm');
    const sink = createJsonlSink({ dir });
    for (const stage of [
      '../escape',
      'a/b',
      '..',
      '.hidden',
      '-dash',
      'a\\b',
      'nul\u0000',
      'x'.repeat(181),
      ' sp',
    ]) {
      const error = await rejection(sink.append([row('a'), row('b', { stage })]));
      expect(error.code, stage).toBe('MANIFEST_ROW_INVALID');
      expect(error.message).toMatch(/stage/);
      expect(error.message).toContain('"b"');
      expect((await rejection(sink.latest(stage))).code).toBe('MANIFEST_ROW_INVALID');
      expect((await rejection(collect(sink.rows(stage)))).code).toBe('MANIFEST_ROW_INVALID');
    }
    await sink.append([row('ok', { stage: 'fine.name_1-2' }), row('long', { stage: 'x'.repeat(180) })]);
    // the longest name leaves room for the lock's and compaction's own file names
    expect(await sink.compact('x'.repeat(180))).toMatchObject({ rowsAfter: 1 });
    await sink.close();
    expect(await readdir(root)).toEqual(['m']);
    expect((await readdir(dir)).sort()).toEqual(['fine.name_1-2.jsonl', `${'x'.repeat(180)}.jsonl`]);
  });

  it('releases its lock when idle and leaves no lock artefacts behind', async () => {
    const dir = await tempDir();
    const sink = createJsonlSink({ dir });
    await Promise.all(Array.from({ length: 200 }, (_, i) => sink.append([row(`x${i}`)])));
    await sink.close();
    expect(existsSync(join(dir, 's.jsonl.lock'))).toBe(false);
    expect(await readdir(dir)).toEqual(['s.jsonl']);
  });
});
