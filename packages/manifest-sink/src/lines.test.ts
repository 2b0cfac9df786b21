import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test/helpers.js';
import { random } from '../test/lines.js';
import { forEachLine } from './lines.js';

const tempDir = useTempDirs('jsonl-lines-');

async function lines(file: string, options: { chunkBytes?: number; maxLineBytes?: number }) {
  const out: Array<[number, string, boolean] | [number, 'overlong', number, boolean]> = [];
  const exists = await forEachLine(
    file,
    {
      line: (buf, start, end, line, last) => out.push([line, buf.toString('utf8', start, end), last]),
      overlong: (line, bytes, last) => out.push([line, 'overlong', bytes, last]),
    },
    options,
  );
  return exists ? out : undefined;
}

describe('the line reader', () => {
  it('splits exactly like String#split at every chunk size, the last line flagged when it has no newline', async () => {
    const dir = await tempDir();
    const r = random(9);
    for (let n = 0; n < 20; n++) {
      const parts = Array.from({ length: Math.floor(r() * 30) }, () => 'xyz€\r'.repeat(Math.floor(r() * 12)));
      const text = parts.join('\n') + (r() < 0.5 ? '\n' : '');
      const file = join(dir, `f${n}.txt`);
      await writeFile(file, text);
      const expected = text.split('\n');
      const trailing = expected[expected.length - 1] === '';
      if (trailing) expected.pop();
      const want = expected.map((t, i) => [i + 1, t, !trailing && i === expected.length - 1]);
      for (const chunkBytes of [1, 3, 16, 1024]) {
        expect(await lines(file, { chunkBytes }), `${JSON.stringify(text)} / ${chunkBytes}`).toEqual(want);
      }
    }
  });

  it('reports lines over the limit by length, without holding them, and goes on', async () => {
    const dir = await tempDir();
    const file = join(dir, 'f.txt');
    await writeFile(file, `ok\n${'x'.repeat(100)}\nfine\n${'y'.repeat(10)}\n${'z'.repeat(50)}`);
    for (const chunkBytes of [4, 8, 64, 4096]) {
      expect(await lines(file, { chunkBytes, maxLineBytes: 10 }), String(chunkBytes)).toEqual([
        [1, 'ok', false],
        [2, 'overlong', 100, false],
        [3, 'fine', false],
        [4, 'y'.repeat(10), false],
        [5, 'overlong', 50, true],
      ]);
    }
  });

  it('a missing file has no lines (and says so)', async () => {
    expect(await lines(join(await tempDir(), 'missing'), {})).toBeUndefined();
  });
});
