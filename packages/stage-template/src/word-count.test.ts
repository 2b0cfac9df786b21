import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemorySink, runStage } from '@jobintel/runner-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWordCountStage, listFiles, runWordCount, StageTemplateError } from './index.js';
import countWords from './worker.js';

let dir: string;
let input: string;
let output: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'word-count-'));
  input = join(dir, 'in');
  output = join(dir, 'out');
  await mkdir(join(input, 'sub'), { recursive: true });
  await writeFile(join(input, 'a.txt'), 'The cat and the hat.\nThe END\n');
  await writeFile(
    join(input, 'sub', 'b.md'),
    'Café naïve café — don’t well-known Zürich!\nПривет мир, привет.\n東京 42 x',
  );
  await writeFile(join(input, 'empty.txt'), '');
  await writeFile(join(input, 'skip.bin'), 'not text');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const result = async (rel: string) => JSON.parse(await readFile(join(output, `${rel}.json`), 'utf8'));

describe('word counting', () => {
  it('counts words with accents, apostrophes, hyphens and non-Latin scripts; top words tie-broken by code point', async () => {
    await runWordCount({ inputDir: input, outputDir: output });
    const a = await result('a.txt');
    expect(a).toMatchObject({ file: 'a.txt', words: 7, uniqueWords: 5, lines: 2, bytes: 29 });
    expect(a.top).toEqual([
      { word: 'the', count: 3 },
      { word: 'and', count: 1 },
      { word: 'cat', count: 1 },
      { word: 'end', count: 1 },
      { word: 'hat', count: 1 },
    ]);
    const b = await result('sub/b.md');
    expect(b.top.find((t: { word: string }) => t.word === 'café')?.count).toBe(2);
    expect(b.top.find((t: { word: string }) => t.word === 'привет')?.count).toBe(2);
    const words = b.top.map((t: { word: string }) => t.word);
    expect(words).toEqual(
      expect.arrayContaining(['don’t', 'well-known', 'zürich', 'naïve', 'мир', '東京', 'x']),
    );
    expect(words).not.toContain('42');
    expect(b.lines).toBe(3);
    expect(await result('empty.txt')).toMatchObject({ words: 0, lines: 0, bytes: 0, top: [] });
  });

  it('honours lowercase, minWordLength and topN', async () => {
    await runWordCount({ inputDir: input, outputDir: output, lowercase: false, minWordLength: 4, topN: 1 });
    expect((await result('a.txt')).top).toEqual([]); // no word of 4+ letters in a.txt
    const b = await result('sub/b.md');
    expect(b.top).toHaveLength(1);
    expect(b.top[0]).toEqual({ word: 'Café', count: 1 });
  });

  it('plans sorted relative paths of the listed extensions only', async () => {
    expect(await listFiles(input, ['.txt', '.md'])).toEqual(['a.txt', 'empty.txt', 'sub/b.md']);
    expect(await listFiles(input, ['.md'])).toEqual(['sub/b.md']);
  });

  it('writes byte-identical results and summary on two runs of the same inputs', async () => {
    const first = await runWordCount({ inputDir: input, outputDir: output });
    const bytes = [await readFile(first.summaryPath), await readFile(join(output, 'sub/b.md.json'))];
    const second = await runWordCount({ inputDir: input, outputDir: join(dir, 'out2') });
    expect(await readFile(second.summaryPath)).toEqual(bytes[0]);
    expect(await readFile(join(dir, 'out2', 'sub/b.md.json'))).toEqual(bytes[1]);
    expect(first.summary.perFile.map((f) => f.file)).toEqual(['a.txt', 'empty.txt', 'sub/b.md']);
    expect(first.summary).toMatchObject({ files: 3, words: 7 + 0 + first.summary.perFile[2]!.words });
  });

  it('runs under the io policy too', async () => {
    const { outcome } = await runWordCount({ inputDir: input, outputDir: output }, { policy: 'io' });
    expect(outcome).toMatchObject({ policy: 'io', succeeded: 3 });
  });
});

describe('resume', () => {
  const run = (options = {}, runner = {}) =>
    runWordCount({ inputDir: input, outputDir: output, ...options }, runner);
  const ran = (o: Awaited<ReturnType<typeof run>>) =>
    o.outcome.items
      .filter((i) => i.status === 'succeeded')
      .map((i) => i.id)
      .sort();

  it('skips everything on a second run, re-runs only a changed file, and all files when the config changes', async () => {
    expect(ran(await run())).toEqual(['a.txt', 'empty.txt', 'sub/b.md']);
    const again = await run();
    expect(again.outcome).toMatchObject({ succeeded: 0, skipped: 3, skipReasons: { resume: 3 } });
    expect(again.summary.files).toBe(3);
    await writeFile(join(input, 'a.txt'), 'changed content\n');
    expect(ran(await run())).toEqual(['a.txt']);
    expect(ran(await run({ lowercase: false }))).toHaveLength(3);
  });

  it('re-runs an item whose output was deleted, and everything with force', async () => {
    await run();
    await rm(join(output, 'sub', 'b.md.json'));
    expect(ran(await run())).toEqual(['sub/b.md']);
    expect(ran(await run({}, { force: true }))).toHaveLength(3);
  });
});

describe('errors', () => {
  it('a file removed between plan and work fails clearly and is not retried', async () => {
    const stage = createWordCountStage({ inputDir: input, outputDir: output });
    const outcome = await runStage(
      {
        ...stage,
        hooks: {
          beforeItem: async (item) => {
            if (item.id === 'a.txt') await rm(join(input, 'a.txt'));
          },
        },
      },
      { policy: 'cpu', concurrency: 1, retries: 2, manifest: createMemorySink() },
    );
    const a = outcome.items.find((i) => i.id === 'a.txt');
    expect(a).toMatchObject({ status: 'failed', attempts: 1 });
    expect(a?.error).toMatchObject({ code: 'STAGE_TEMPLATE_INPUT_MISSING', retryable: false });
    expect(a?.error?.message).toMatch(/a\.txt disappeared after it was planned/);
    expect(outcome.succeeded).toBe(2);
  });

  it('marks transient read errors retryable', async () => {
    const error = await countWords({
      path: dir, // a directory: EISDIR, not transient
      relPath: 'x',
      outputPath: join(output, 'x.json'),
      lowercase: true,
      minWordLength: 1,
      topN: 1,
    }).catch((e: unknown) => e as { code: string; retryable: boolean });
    expect(error).toMatchObject({ code: 'STAGE_TEMPLATE_READ_EISDIR', retryable: false });
  });

  it('rejects bad options naming the field', () => {
    expect(() => createWordCountStage({ inputDir: '', outputDir: output })).toThrow(/inputDir/);
    expect(() => createWordCountStage({ inputDir: input, outputDir: output, extensions: ['txt'] })).toThrow(
      /extensions\.0/,
    );
    expect(() => createWordCountStage({ inputDir: input, outputDir: output, topN: -1 })).toThrow(/topN/);
    expect(() => createWordCountStage({ inputDir: input, outputDir: output, colour: true } as never)).toThrow(
      StageTemplateError,
    );
  });
});
