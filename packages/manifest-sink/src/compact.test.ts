import { appendFile, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, line, patched, rejection, row, useTempDirs } from '../test/helpers.js';
import { createJsonlSink } from './index.js';

const tempDir = useTempDirs('jsonl-compact-');

describe('compaction', () => {
  it('keeps the last row per item, in order of last appearance, byte for byte', async () => {
    const dir = await tempDir();
    const sink = createJsonlSink({ dir });
    await sink.append([
      row('a', { status: 'failure' }),
      row('b'),
      row('a', { attempts: 2, extra: { note: 'é "q"' } }),
      row('c'),
      row('b', { status: 'cancelled' }),
    ]);
    await appendFile(join(dir, 's.jsonl'), `garbage\n${line('x', { stage: 'other' })}`);
    const before = await sink.latest('s');
    const result = await sink.compact('s');
    expect(result).toEqual({ rowsBefore: 5, rowsAfter: 3, problemsDropped: 2 });
    expect(await readFile(join(dir, 's.jsonl'), 'utf8')).toBe(
      line('a', { attempts: 2, extra: { note: 'é "q"' } }) + line('c') + line('b', { status: 'cancelled' }),
    );
    const after = await sink.latest('s');
    for (const id of ['a', 'b', 'c']) expect(after.get(id)).toEqual(before.get(id));
    expect(after.problems).toEqual([]);
    expect(await readdir(dir)).toEqual(['s.jsonl']);
    // appends continue after it, and compacting again changes nothing
    await sink.append([row('d')]);
    expect(await sink.compact('s')).toEqual({ rowsBefore: 4, rowsAfter: 4, problemsDropped: 0 });
    await sink.close();
  });

  it('of a missing stage does nothing; of a file with a torn tail drops the torn line', async () => {
    const dir = await tempDir();
    const sink = createJsonlSink({ dir });
    expect(await sink.compact('none')).toEqual({ rowsBefore: 0, rowsAfter: 0, problemsDropped: 0 });
    expect(await readdir(dir)).toEqual([]);
    await writeFile(
      join(dir, 's.jsonl'),
      `${line('a')}${line('a', { status: 'skip' })}${line('b').slice(0, 30)}`,
    );
    expect(await sink.compact('s')).toEqual({ rowsBefore: 2, rowsAfter: 1, problemsDropped: 1 });
    expect(await readFile(join(dir, 's.jsonl'), 'utf8')).toBe(line('a', { status: 'skip' }));
    await sink.close();
  });

  it('is atomic: a failure part-way leaves the original file whole and no temporary file', async () => {
    const dir = await tempDir();
    const sink = createJsonlSink({ dir });
    await sink.append(
      Array.from({ length: 3000 }, (_, i) => row(`i${i % 1000}`, { attempts: Math.floor(i / 1000) })),
    );
    const original = await readFile(join(dir, 's.jsonl'), 'utf8');
    const probe = await open(join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
    await probe.close();
    await rm(join(dir, 'probe'));
    const error = await patched(
      proto,
      'sync',
      () => async () => {
        throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      },
      () => rejection(sink.compact('s')),
    );
    expect(error).toMatchObject({ code: 'MANIFEST_IO', message: expect.stringMatching(/EIO/) });
    expect(await readFile(join(dir, 's.jsonl'), 'utf8')).toBe(original);
    expect(await readdir(dir)).toEqual(['s.jsonl']);
    // and the lock was released: appends and a later compaction work
    await sink.append([row('late')]);
    expect(await sink.compact('s')).toEqual({ rowsBefore: 3001, rowsAfter: 1001, problemsDropped: 0 });
    await sink.close();
  });

  it('is atomic for readers: every read during compaction sees the whole old file or the whole new one', async () => {
    const dir = await tempDir();
    const sink = createJsonlSink({ dir, fsync: false });
    const items = 2000;
    for (let round = 0; round < 5; round++) {
      await sink.append(Array.from({ length: items }, (_, i) => row(`i${i}`, { attempts: round })));
    }
    const file = join(dir, 's.jsonl');
    const original = await readFile(file, 'utf8');
    const before = await open(file, 'r'); // a reader that opened the file before compaction
    let done = false;
    const compaction = sink.compact('s').finally(() => {
      done = true;
    });
    let reads = 0;
    while (!done || reads === 0) {
      const text = await readFile(file, 'utf8');
      const lines = text.split('\n');
      expect(lines.pop()).toBe(''); // ends with a newline: never a partial file
      expect([items * 5, items]).toContain(lines.length);
      reads++;
    }
    await compaction;
    // the file was replaced by a rename, not rewritten in place: the early reader still has it all
    expect((await stat(file)).ino).not.toBe((await before.stat()).ino);
    expect(await before.readFile('utf8')).toBe(original);
    await before.close();
    const index = await sink.latest('s');
    expect(index.size).toBe(items);
    expect(index.get('i7')?.attempts).toBe(4);
    await sink.close();
  });

  it('appends racing a compaction are neither lost nor duplicated', async () => {
    const dir = await tempDir();
    const sink = createJsonlSink({ dir });
    await sink.append(Array.from({ length: 5000 }, (_, i) => row(`i${i % 100}`, { attempts: i })));
    const other = createJsonlSink({ dir }); // another writer (as another process would be)
    const compaction = sink.compact('s');
    const appends = Promise.all(Array.from({ length: 50 }, (_, i) => other.append([row(`new${i}`)])));
    await Promise.all([compaction, appends]);
    const ids = (await collect(sink.rows('s'))).map((r) => r.itemId);
    expect(ids).toHaveLength(150);
    expect(new Set(ids).size).toBe(150);
    await Promise.all([sink.close(), other.close()]);
  });
});
