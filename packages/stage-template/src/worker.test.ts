import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StageTemplateErrorCode } from './options.js';
import countWords, {
  CHUNK_BYTES,
  fileError,
  type WordCountInput,
  type WordCountOutput,
  type WordCountResultFile,
  writeAtomically,
} from './worker.js';

// The worker is a plain async function: most of its behaviour is tested by calling it directly.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'word-count-worker-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Writes `content` to a file and counts it with the given options. */
async function count(content: string | Buffer, options: Partial<WordCountInput> = {}, name = 'text.txt') {
  const path = join(dir, name);
  await writeFile(path, content);
  const input: WordCountInput = {
    path,
    relPath: name,
    size: Buffer.byteLength(content),
    outputPath: join(dir, 'out', `${name}.json`),
    lowercase: true,
    minWordLength: 1,
    topN: 10,
    ...options,
  };
  const output = (await countWords(input)) as WordCountOutput;
  const result = JSON.parse(await readFile(input.outputPath, 'utf8')) as WordCountResultFile;
  return { input, output, result };
}

describe('counting words', () => {
  it('counts a simple English text: words, unique words, lines, bytes and top words', async () => {
    const { output, result } = await count('The cat and the hat.\nThe END\n');
    expect(output).toEqual({
      outputPath: join(dir, 'out', 'text.txt.json'),
      sha256: sha256('The cat and the hat.\nThe END\n'),
      words: 7,
      uniqueWords: 5,
      lines: 2,
      bytes: 29,
    });
    // most frequent first, ties in code-point order
    expect(result.top).toEqual([
      { word: 'the', count: 3 },
      { word: 'and', count: 1 },
      { word: 'cat', count: 1 },
      { word: 'end', count: 1 },
      { word: 'hat', count: 1 },
    ]);
  });

  it('counts accented, apostrophised, hyphenated and non-Latin words; digits alone are not words', async () => {
    const text = "Café naïve CAFÉ — don't don’t well-known Zürich!\nПривет мир, привет.\n東京 42 x2 δεδομένα";
    const { output, result } = await count(text, { topN: 3 });
    // café×2, naïve, don't×2 (’ is read as '), well-known, zürich, привет×2, мир, 東京, x2, δεδομένα
    expect(output).toMatchObject({ words: 13, uniqueWords: 10, lines: 3 });
    expect(result.top).toEqual([
      { word: 'café', count: 2 },
      { word: "don't", count: 2 },
      { word: 'привет', count: 2 },
    ]);
    const all = (await count(text, { topN: 100 })).result.top.map((t) => t.word);
    expect(all).toEqual([
      'café',
      "don't",
      'привет',
      'naïve',
      'well-known',
      'x2',
      'zürich',
      'δεδομένα',
      'мир',
      '東京',
    ]);
  });

  it('treats composed and decomposed accents as the same word', async () => {
    const { output, result } = await count('cafe\u0301 caf\u00e9 CAFE\u0301');
    expect(output).toMatchObject({ words: 3, uniqueWords: 1 });
    expect(result.top).toEqual([{ word: 'café', count: 3 }]);
  });

  it('counts an empty file as nothing', async () => {
    const { output, result } = await count('');
    expect(output).toMatchObject({ words: 0, uniqueWords: 0, lines: 0, bytes: 0, sha256: sha256('') });
    expect(result.top).toEqual([]);
  });

  it('counts a last line without a newline, and CRLF lines once', async () => {
    expect((await count('one\ntwo')).output.lines).toBe(2);
    expect((await count('one\r\ntwo\r\n')).output.lines).toBe(2);
    expect((await count('\n\n')).output).toMatchObject({ lines: 2, words: 0 });
  });

  it('honours lowercase, minWordLength (in characters, not bytes or UTF-16 units) and topN', async () => {
    const cased = await count('Word word WORD word', { lowercase: false });
    expect(cased.result.top).toEqual([
      { word: 'word', count: 2 },
      { word: 'WORD', count: 1 },
      { word: 'Word', count: 1 },
    ]);
    const long = await count('a an the 東京 東京都 𝒜𝒞', { minWordLength: 3 });
    expect(long.result.top.map((t) => t.word)).toEqual(['the', '東京都']);
    expect(long.output.words).toBe(2);
    const none = await count('a b c', { topN: 0 });
    expect(none.result.top).toEqual([]);
    expect(none.output.uniqueWords).toBe(3);
  });

  it('counts the same across chunk boundaries, even inside a multi-byte character or a long word', async () => {
    // 14 bytes per repetition: chunk boundaries fall inside words and inside the two bytes of é and ö
    const unit = 'héllo wörld\n';
    expect(Buffer.byteLength(unit)).toBe(14);
    const reps = Math.ceil((CHUNK_BYTES * 3) / 14);
    const giant = 'x'.repeat(CHUNK_BYTES * 2 + 7); // one word longer than two chunks
    const text = `${unit.repeat(reps)}${giant} tail`;
    const { output, result } = await count(text, { size: Buffer.byteLength(text) });
    expect(output).toMatchObject({
      words: reps * 2 + 2,
      uniqueWords: 4,
      lines: reps + 1,
      bytes: Buffer.byteLength(text),
      sha256: sha256(text),
    });
    expect(result.top.slice(0, 2)).toEqual([
      { word: 'héllo', count: reps },
      { word: 'wörld', count: reps },
    ]);
  });

  it('writes deterministic bytes: fixed key order, 2-space indent, trailing newline', async () => {
    const { input } = await count('b a b\n', { topN: 2 });
    const expected = `{
  "file": "text.txt",
  "sha256": "${sha256('b a b\n')}",
  "bytes": 6,
  "lines": 1,
  "words": 3,
  "uniqueWords": 2,
  "top": [
    {
      "word": "b",
      "count": 2
    },
    {
      "word": "a",
      "count": 1
    }
  ],
  "options": {
    "lowercase": true,
    "minWordLength": 1,
    "topN": 2
  },
  "version": 1
}
`;
    expect(await readFile(input.outputPath, 'utf8')).toBe(expected);
    await countWords(input);
    expect(await readFile(input.outputPath, 'utf8')).toBe(expected);
  });

  it('reports progress as fractions up to 1', async () => {
    const text = 'word '.repeat(CHUNK_BYTES); // five chunks
    const path = join(dir, 'big.txt');
    await writeFile(path, text);
    const seen: unknown[] = [];
    await countWords(
      {
        path,
        relPath: 'big.txt',
        size: text.length,
        outputPath: join(dir, 'big.json'),
        lowercase: true,
        minWordLength: 1,
        topN: 1,
      },
      { progress: (v) => seen.push(v) },
    );
    expect(seen.at(-1)).toBe(1);
    expect(seen.length).toBeGreaterThan(2);
    expect([...(seen as number[])].sort((a, b) => a - b)).toEqual(seen);
  });
});

describe('outputs and failures', () => {
  it('writes atomically: no temporary file is left behind, and a failed write leaves none either', async () => {
    await count('some words here', {}, 'a.txt');
    expect(await readdir(join(dir, 'out'))).toEqual(['a.txt.json']);

    await writeFile(join(dir, 'blocker'), 'a file where a folder should be');
    const error = await writeAtomically(join(dir, 'blocker', 'x.json'), '{}', 'x').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STAGE_TEMPLATE_WRITE_FAILED', retryable: false });
    await mkdir(join(dir, 'target'));
    const tooLate = await writeAtomically(join(dir, 'target'), '{}', 'target').catch((e: unknown) => e);
    expect(tooLate).toMatchObject({ code: 'STAGE_TEMPLATE_WRITE_FAILED' }); // rename over a folder fails
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('skips a binary file with the skip signal, writing nothing', async () => {
    const path = join(dir, 'image.txt');
    await writeFile(path, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a]));
    const outputPath = join(dir, 'out', 'image.txt.json');
    const result = await countWords({
      path,
      relPath: 'image.txt',
      size: 6,
      outputPath,
      lowercase: true,
      minWordLength: 1,
      topN: 1,
    });
    expect(result).toEqual({ __jobintelItemSignal: 'skip', reason: 'binary' });
    await expect(readFile(outputPath)).rejects.toThrow(/ENOENT/);
  });

  it('fails clearly and finally on a missing file; a folder is a final read error', async () => {
    const input = {
      path: join(dir, 'gone.txt'),
      relPath: 'gone.txt',
      size: 10,
      outputPath: join(dir, 'gone.json'),
      lowercase: true,
      minWordLength: 1,
      topN: 1,
    };
    const missing = await countWords(input).catch((e: unknown) => e);
    expect(missing).toMatchObject({
      name: 'WordCountWorkerError',
      code: 'STAGE_TEMPLATE_INPUT_MISSING',
      retryable: false,
      osCode: 'ENOENT',
    });
    expect((missing as Error).message).toMatch(/gone\.txt disappeared after it was planned/);

    const folder = await countWords({ ...input, path: dir }).catch((e: unknown) => e);
    expect(folder).toMatchObject({ code: 'STAGE_TEMPLATE_READ_FAILED', retryable: false, osCode: 'EISDIR' });
  });

  it('marks transient file-system errors retryable and others final', () => {
    const os = (code: string) => Object.assign(new Error(code), { code });
    for (const code of ['EMFILE', 'ENFILE', 'EBUSY', 'EAGAIN']) {
      expect(fileError(os(code), 'a.txt', 'read')).toMatchObject({
        code: 'STAGE_TEMPLATE_READ_FAILED',
        retryable: true,
      });
      expect(fileError(os(code), 'a.txt', 'write').retryable).toBe(true);
    }
    expect(fileError(os('EACCES'), 'a.txt', 'read').retryable).toBe(false);
    expect(fileError(os('ENOSPC'), 'a.txt', 'write')).toMatchObject({
      code: 'STAGE_TEMPLATE_WRITE_FAILED',
      retryable: false,
    });
    expect(fileError(os('ENOENT'), 'a.txt', 'read').code).toBe('STAGE_TEMPLATE_INPUT_MISSING');
  });

  it('uses only codes the package declares (the worker cannot import them)', () => {
    const declared = Object.values(StageTemplateErrorCode) as string[];
    const os = (code: string) => Object.assign(new Error(code), { code });
    for (const [code, doing] of [
      ['ENOENT', 'read'],
      ['EIO', 'read'],
      ['EIO', 'write'],
    ] as const) {
      expect(declared).toContain(fileError(os(code), 'x', doing).code);
    }
  });

  it('stops between chunks when its signal aborts, writing nothing', async () => {
    const path = join(dir, 'big.txt');
    await writeFile(path, 'word '.repeat(CHUNK_BYTES));
    const controller = new AbortController();
    const outputPath = join(dir, 'big.json');
    const run = countWords(
      {
        path,
        relPath: 'big.txt',
        size: 5 * CHUNK_BYTES,
        outputPath,
        lowercase: true,
        minWordLength: 1,
        topN: 1,
      },
      { signal: controller.signal, progress: () => controller.abort(new Error('stop now')) },
    );
    await expect(run).rejects.toThrow('stop now');
    await expect(readFile(outputPath)).rejects.toThrow(/ENOENT/);
  });
});
