import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestEntry } from '@jobintel/runner-core';
import { describe, expect, it } from 'vitest';
import { collect, line, row, useTempDirs } from '../test/helpers.js';
import { damagedLine, oracle, random } from '../test/lines.js';
import { buildIndex } from './build-index.js';
import { createJsonlSink, readManifest } from './index.js';

const tempDir = useTempDirs('jsonl-reader-');

const summary = (entries: Awaited<ReturnType<typeof collect>>) =>
  (entries as Array<{ line: number; row?: { itemId: string }; problem?: { kind: string } }>).map((e) =>
    e.row ? [e.line, e.row.itemId] : [e.line, e.problem?.kind],
  );

describe('the tolerant reader', () => {
  it('reports a truncated last line, corrupt and invalid middle lines, and keeps every neighbour', async () => {
    const dir = await tempDir();
    const file = join(dir, 's.jsonl');
    await writeFile(
      file,
      [
        line('a'),
        '{"broken json\n',
        line('b'),
        '[1,2]\n',
        `${JSON.stringify({ ...row('x'), status: 'done' })}\n`,
        '\n',
        line('c'),
        line('d').slice(0, 40),
      ].join(''),
    );
    expect(summary(await collect(readManifest(file)))).toEqual([
      [1, 'a'],
      [2, 'corrupt'],
      [3, 'b'],
      [4, 'invalid'],
      [5, 'invalid'],
      [7, 'c'],
      [8, 'truncated'],
    ]);
    const index = await createJsonlSink({ dir }).latest('s');
    expect(['a', 'b', 'c'].map((id) => index.get(id)?.status)).toEqual(['success', 'success', 'success']);
    expect(index.get('d')).toBeUndefined();
    expect(index.get('x')).toBeUndefined();
    expect(index.problems.map((p) => [p.line, p.kind])).toEqual([
      [2, 'corrupt'],
      [4, 'invalid'],
      [5, 'invalid'],
      [8, 'truncated'],
    ]);
    // an invalid line's problem names the field at fault
    expect(index.problems[2]?.message).toMatch(/status/);
  });

  it('a last line without its newline that is a whole row is a row, not a problem', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 's.jsonl'), `${line('a')}${line('b').trimEnd()}`);
    const index = await createJsonlSink({ dir }).latest('s');
    expect([index.size, index.problems]).toEqual([2, []]);
  });

  it('a missing file is an empty manifest, and so is an empty one', async () => {
    const dir = await tempDir();
    expect(await collect(readManifest(join(dir, 'nope.jsonl')))).toEqual([]);
    await writeFile(join(dir, 'empty.jsonl'), '');
    const index = await createJsonlSink({ dir }).latest('empty');
    expect([index.size, index.problems]).toEqual([0, []]);
  });

  it('reports a row of another stage in a stage file as invalid, for the stage that reads it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 's.jsonl'), `${line('a')}${line('b', { stage: 'other' })}`);
    const sink = createJsonlSink({ dir });
    const index = await sink.latest('s');
    expect(index.get('b')).toBeUndefined();
    expect(index.problems).toEqual([{ line: 2, kind: 'invalid', message: expect.stringMatching(/other/) }]);
    expect((await collect(sink.rows('s'))).map((r) => r.itemId)).toEqual(['a']);
    // without a stage, readManifest yields whatever rows the file holds
    expect((await collect(readManifest(join(dir, 's.jsonl')))).length).toBe(2);
  });

  it('skips a line longer than the limit without holding it, and keeps its neighbours', async () => {
    const dir = await tempDir();
    const file = join(dir, 's.jsonl');
    const huge = JSON.stringify(row('huge', { extra: { pad: 'x'.repeat(5000) } }));
    await writeFile(file, `${line('a')}${huge}\n${line('b')}${huge}`);
    const entries = await collect(readManifest(file, { maxLineBytes: 1000 }));
    expect(summary(entries)).toEqual([
      [1, 'a'],
      [2, 'corrupt'],
      [3, 'b'],
      [4, 'truncated'],
    ]);
    const index = await buildIndex(file, 's', { maxLineBytes: 1000 });
    expect(index.size).toBe(2);
    expect(index.problems.map((p) => p.kind)).toEqual(['corrupt', 'truncated']);
  });

  it('rows(), latest() and readManifest agree with the definition (JSON.parse + schema) on every line', async () => {
    const dir = await tempDir();
    const file = join(dir, 's.jsonl');
    const r = random(42);
    const lines: string[] = [];
    for (let n = 0; n < 3000; n++) lines.push(damagedLine(r).replace(/\n/g, ''));
    const text = lines.join('\n'); // the last line has no newline: it may read as truncated
    await writeFile(file, text);
    const decoded = Buffer.from(text).toString('utf8').split('\n');

    // the expected verdict per line, and the expected index
    const expected: Array<[number, string]> = [];
    const latest = new Map<string, ManifestEntry>();
    const problems: Array<[number, string]> = [];
    decoded.forEach((t, i) => {
      if (t === '') return;
      const v = oracle(t, i === decoded.length - 1);
      if ('kind' in v) {
        expected.push([i + 1, v.kind]);
        problems.push([i + 1, v.kind]);
      } else if (v.row.stage !== 's') {
        expected.push([i + 1, 'invalid']);
        problems.push([i + 1, 'invalid']);
      } else {
        expected.push([i + 1, v.row.itemId]);
        const { status, fingerprint, attempts } = v.row;
        latest.set(v.row.itemId, { status, fingerprint, outputRef: v.row.outputRef ?? null, attempts });
      }
    });
    expect(
      expected.filter(([, v]) => !['corrupt', 'invalid', 'truncated'].includes(v)).length,
    ).toBeGreaterThan(300);

    expect(summary(await collect(readManifest(file, { stage: 's' })))).toEqual(expected);
    for (const chunkBytes of [61, 4096]) {
      // small reads put line ends at every position of a chunk
      const index = await buildIndex(file, 's', { chunkBytes });
      expect(index.problems.map((p) => [p.line, p.kind])).toEqual(problems);
      expect(index.size).toBe(latest.size);
      for (const [id, entry] of latest) expect(index.get(id), id).toEqual(entry);
    }
    const rows = await collect(createJsonlSink({ dir }).rows('s'));
    expect(rows.map((x) => x.itemId)).toEqual(
      expected.filter(([, v]) => !['corrupt', 'invalid', 'truncated'].includes(v)).map(([, v]) => v),
    );
  });
});
