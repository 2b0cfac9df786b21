import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fingerprint,
  type PlanContext,
  type StageDefinition,
  silentLogger,
  type WorkItem,
} from '@jobintel/runner-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createWordCountStage,
  listTextFiles,
  OUTPUT_VERSION,
  parseWordCountOptions,
  STAGE_NAME,
  StageTemplateError,
  wordCountOptionsSchema,
  workerUrl,
} from './index.js';
import type { WordCountInput, WordCountOutput } from './worker.js';

let dir: string;
let input: string;
let output: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'word-count-stage-'));
  input = join(dir, 'in');
  output = join(dir, 'out');
  await mkdir(join(input, 'sub', 'deeper'), { recursive: true });
  await mkdir(join(input, 'dir.txt'), { recursive: true });
  await writeFile(join(input, 'a.txt'), 'alpha beta\n');
  await writeFile(join(input, 'B.TXT'), 'upper case extension\n');
  await writeFile(join(input, 'sub', 'c.md'), '# heading\n');
  await writeFile(join(input, 'sub', 'deeper', 'd.txt'), 'deep\n');
  await writeFile(join(input, 'dir.txt', 'e.txt'), 'inside a folder named like a file\n');
  await writeFile(join(input, 'z.bin'), 'not listed');
  await writeFile(join(input, 'notes.log'), 'not listed either');
  await symlink(join(input, 'a.txt'), join(input, 'link.txt'));
  await symlink(join(input, 'sub'), join(input, 'linked-dir'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ctx = (logger = silentLogger): PlanContext => ({
  runId: 'test',
  stage: STAGE_NAME,
  signal: new AbortController().signal,
  logger,
  inputs: new Map(),
});

/** Runs a stage's plan by hand and collects its items. */
async function plan(stage: StageDefinition<WordCountInput, WordCountOutput>, context = ctx()) {
  const result = await stage.plan(context);
  const source = 'items' in result ? result : { items: result, total: undefined };
  const items: WorkItem<WordCountInput>[] = [];
  for await (const item of source.items) items.push(item);
  return { total: source.total, items };
}

describe('plan', () => {
  it('lists regular files with listed extensions, sorted, skipping symlinks and other files', async () => {
    expect(await listTextFiles(input, ['.txt', '.md'])).toEqual([
      'B.TXT',
      'a.txt',
      'dir.txt/e.txt',
      'sub/c.md',
      'sub/deeper/d.txt',
    ]);
    expect(await listTextFiles(input, ['.md'])).toEqual(['sub/c.md']);
    expect(await listTextFiles(input, ['.log'])).toEqual(['notes.log']);
  });

  it('plans one item per file: POSIX relative id, inputs, size as costHint, and the total', async () => {
    const stage = createWordCountStage({ inputDir: input, outputDir: output });
    const { total, items } = await plan(stage);
    expect(total).toBe(5);
    expect(items.map((i) => i.id)).toEqual([
      'B.TXT',
      'a.txt',
      'dir.txt/e.txt',
      'sub/c.md',
      'sub/deeper/d.txt',
    ]);
    const d = items.find((i) => i.id === 'sub/deeper/d.txt')!;
    expect(d.costHint).toBe(5);
    expect(d.input).toEqual({
      path: join(input, 'sub', 'deeper', 'd.txt'),
      relPath: 'sub/deeper/d.txt',
      size: 5,
      outputPath: join(output, 'sub', 'deeper', 'd.txt.json'),
      lowercase: true,
      minWordLength: 1,
      topN: 10,
    });
    // inputs cross to worker threads by structured clone: plain data only
    expect(structuredClone(d.input)).toEqual(d.input);
  });

  it('fingerprints the content, the options that shape the output and the output version', async () => {
    const stage = createWordCountStage({ inputDir: input, outputDir: output });
    const a = (await plan(stage)).items.find((i) => i.id === 'a.txt')!;
    const content = createHash('sha256').update('alpha beta\n').digest('hex');
    expect(a.fingerprint).toBe(
      fingerprint({
        content,
        config: { lowercase: true, minWordLength: 1, topN: 10 },
        version: OUTPUT_VERSION,
      }),
    );
    const fp = async (options: object, id = 'a.txt') =>
      (await plan(createWordCountStage({ inputDir: input, outputDir: output, ...options }))).items.find(
        (i) => i.id === id,
      )!.fingerprint;
    // options that change the result change the fingerprint…
    expect(await fp({ lowercase: false })).not.toBe(a.fingerprint);
    expect(await fp({ minWordLength: 2 })).not.toBe(a.fingerprint);
    expect(await fp({ topN: 3 })).not.toBe(a.fingerprint);
    // …options that do not, do not (nor does where the output goes)
    expect(await fp({ extensions: ['.txt'] })).toBe(a.fingerprint);
    expect(await fp({ outputDir: join(dir, 'elsewhere') })).toBe(a.fingerprint);
    // the content, not the path or the time: equal bytes elsewhere give an equal fingerprint
    await writeFile(join(input, 'copy.txt'), 'alpha beta\n');
    expect(await fp({}, 'copy.txt')).toBe(a.fingerprint);
    await writeFile(join(input, 'a.txt'), 'alpha beta!\n');
    expect(await fp({})).not.toBe(a.fingerprint);
  });

  it('does not plan the output folder when it is inside the input folder', async () => {
    await mkdir(join(input, 'results'));
    await writeFile(join(input, 'results', 'a.txt.md'), 'looks like an input');
    const stage = createWordCountStage({ inputDir: input, outputDir: join(input, 'results') });
    expect((await plan(stage)).items.map((i) => i.id)).not.toContain('results/a.txt.md');
    expect(await listTextFiles(input, ['.md'])).toContain('results/a.txt.md');
  });

  it('leaves out a file that vanishes while the plan runs, with a warning', async () => {
    const stage = createWordCountStage({ inputDir: input, outputDir: output });
    const warnings: unknown[] = [];
    const logger = { ...silentLogger, warn: (...args: unknown[]) => warnings.push(args) };
    const result = await stage.plan(ctx(logger as typeof silentLogger));
    await rm(join(input, 'a.txt')); // listed, not hashed yet: planning is lazy
    const ids: string[] = [];
    for await (const item of (result as { items: AsyncIterable<WorkItem<WordCountInput>> }).items)
      ids.push(item.id);
    expect(ids).toEqual(['B.TXT', 'dir.txt/e.txt', 'sub/c.md', 'sub/deeper/d.txt']);
    expect(warnings).toHaveLength(1);
  });

  it('uses the worker module beside it, so that it loads in threads from source and built', () => {
    const stage = createWordCountStage({ inputDir: input, outputDir: output });
    expect(stage.name).toBe('word-count');
    expect(stage.worker).toEqual({ module: workerUrl });
    expect(workerUrl.href).toMatch(/\/worker\.(ts|js)$/);
  });
});

describe('outputExists', () => {
  it('accepts only a non-empty file at the path this run would write', async () => {
    const stage = createWordCountStage({ inputDir: input, outputDir: output });
    const [item] = (await plan(stage)).items;
    const ref = item!.input.outputPath;
    expect(await stage.outputExists!(ref, item!)).toBe(false);
    await mkdir(join(ref, '..'), { recursive: true });
    await writeFile(ref, '');
    expect(await stage.outputExists!(ref, item!)).toBe(false);
    await writeFile(ref, '{}\n');
    expect(await stage.outputExists!(ref, item!)).toBe(true);
    // a result recorded under another output folder does not count for this one
    expect(await stage.outputExists!(join(dir, 'old', 'B.TXT.json'), item!)).toBe(false);
  });
});

describe('options', () => {
  const bad = (options: unknown) => {
    try {
      createWordCountStage(options as never);
    } catch (error) {
      return error as StageTemplateError;
    }
    throw new Error('expected the options to be rejected');
  };

  it('applies the documented defaults', () => {
    expect(parseWordCountOptions({ inputDir: 'in', outputDir: 'out' })).toEqual({
      inputDir: 'in',
      outputDir: 'out',
      extensions: ['.md', '.txt'],
      lowercase: true,
      minWordLength: 1,
      topN: 10,
    });
    expect(
      wordCountOptionsSchema.parse({ inputDir: 'i', outputDir: 'o', extensions: ['.TXT', '.txt'] })
        .extensions,
    ).toEqual(['.txt']);
  });

  it('rejects bad options with a typed error that names each field', () => {
    const missing = bad({ outputDir: output });
    expect(missing).toBeInstanceOf(StageTemplateError);
    expect(missing.code).toBe('STAGE_TEMPLATE_INVALID_OPTIONS');
    expect(missing.retryable).toBe(false);
    expect(missing.message).toMatch(/^invalid word-count options: inputDir: /);

    expect(bad({ inputDir: input, outputDir: output, extensions: ['txt'] }).message).toMatch(
      /extensions\.0: expected an extension with its dot/,
    );
    expect(bad({ inputDir: input, outputDir: output, topN: -1 }).message).toMatch(/topN: /);
    expect(bad({ inputDir: input, outputDir: output, minWordLength: 1.5 }).message).toMatch(
      /minWordLength: /,
    );
    expect(bad({ inputDir: input, outputDir: output, lowercase: 'yes' }).message).toMatch(/lowercase: /);
    expect(bad({ inputDir: input, outputDir: output, concurrency: 4 }).message).toMatch(/concurrency/);
    expect(bad(undefined).code).toBe('STAGE_TEMPLATE_INVALID_OPTIONS');

    const two = bad({ inputDir: '', outputDir: output, topN: 'ten' });
    expect(two.details).toEqual({
      issues: [
        { field: 'inputDir', message: 'expected the folder of text files' },
        { field: 'topN', message: expect.any(String) },
      ],
    });
  });
});
