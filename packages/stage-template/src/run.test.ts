import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemorySink, type ManifestSink, type StageOptionsInput } from '@jobintel/runner-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWordCount, type WordCountOptionsInput } from './index.js';

let dir: string;
let input: string;
let output: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'word-count-run-'));
  input = join(dir, 'in');
  output = join(dir, 'out');
  await mkdir(join(input, 'sub'), { recursive: true });
  await writeFile(join(input, 'a.txt'), 'The cat and the hat.\nThe END\n');
  await writeFile(
    join(input, 'sub', 'b.md'),
    'Café naïve café — don’t well-known Zürich!\nПривет мир, привет.\n東京 42 x',
  );
  await writeFile(join(input, 'empty.txt'), '');
  await writeFile(join(input, 'skip.bin'), 'not listed');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const result = async (rel: string, out = output) =>
  JSON.parse(await readFile(join(out, `${rel}.json`), 'utf8'));

/** Runs the stage (cpu policy unless told) and lists the ids it actually counted this time. */
async function run(
  manifest: ManifestSink,
  options: Partial<WordCountOptionsInput> = {},
  runner: StageOptionsInput = {},
) {
  const r = await runWordCount(
    { inputDir: input, outputDir: output, ...options },
    { manifest, concurrency: 2, ...runner },
  );
  const counted = r.outcome.items
    .filter((i) => i.status === 'succeeded')
    .map((i) => i.id)
    .sort();
  return { ...r, counted };
}

describe('runWordCount', () => {
  it('counts every file on worker threads and writes a result per file and a summary', async () => {
    const { outcome, summary, summaryPath, counted } = await run(createMemorySink());
    expect(outcome).toMatchObject({
      status: 'succeeded',
      policy: 'cpu',
      succeeded: 3,
      failed: 0,
      planned: 3,
    });
    expect(counted).toEqual(['a.txt', 'empty.txt', 'sub/b.md']);
    expect(await result('a.txt')).toMatchObject({
      file: 'a.txt',
      words: 7,
      uniqueWords: 5,
      lines: 2,
      bytes: 29,
    });
    expect(await result('sub/b.md')).toMatchObject({ words: 11, lines: 3 });
    expect(await result('empty.txt')).toMatchObject({ words: 0, top: [] });
    expect(summaryPath).toBe(join(output, 'summary.json'));
    expect(JSON.parse(await readFile(summaryPath!, 'utf8'))).toEqual(summary);
    expect(summary).toMatchObject({
      version: 1,
      options: { extensions: ['.md', '.txt'], lowercase: true, minWordLength: 1, topN: 10 },
      files: 3,
      words: 7 + 0 + 11,
      lines: 2 + 0 + 3,
      notCounted: [],
    });
    expect(summary.perFile.map((f) => f.file)).toEqual(['a.txt', 'empty.txt', 'sub/b.md']);
    // the worker's returned output is kept in the outcome
    expect(outcome.items.find((i) => i.id === 'a.txt')?.output).toMatchObject({ words: 7, lines: 2 });
  });

  it('writes byte-identical results and summaries: fresh runs, a resumed run, and either policy', async () => {
    const first = await run(createMemorySink());
    const files = ['summary.json', 'a.txt.json', 'sub/b.md.json', 'empty.txt.json'];
    const bytes = await Promise.all(files.map((f) => readFile(join(output, f))));

    const other = join(dir, 'out-io');
    await runWordCount({ inputDir: input, outputDir: other }, { manifest: createMemorySink(), policy: 'io' });
    for (const [i, f] of files.entries()) expect(await readFile(join(other, f))).toEqual(bytes[i]);

    // a second run on the same inputs resumes everything and rewrites the same summary
    const manifest = createMemorySink();
    await run(manifest);
    const again = await run(manifest);
    expect(again.counted).toEqual([]);
    expect(await readFile(join(output, 'summary.json'))).toEqual(bytes[0]);
    expect(again.summary).toEqual(first.summary);
  });

  it('runs under the io policy and with the sjf schedule', async () => {
    const io = await run(createMemorySink(), {}, { policy: 'io' });
    expect(io.outcome).toMatchObject({ policy: 'io', succeeded: 3 });
    const sjf = await run(createMemorySink(), {}, { schedule: 'sjf' });
    expect(sjf.outcome).toMatchObject({ policy: 'cpu', succeeded: 3 });
    expect(sjf.summary).toEqual(io.summary);
  });

  it('keeps a JSONL manifest in <outputDir>/.manifest by default, so a new process resumes', async () => {
    const first = await runWordCount({ inputDir: input, outputDir: output });
    expect(first.outcome.succeeded).toBe(3);
    const manifest = join(output, '.manifest', 'word-count.jsonl');
    expect((await readFile(manifest, 'utf8')).trim().split('\n')).toHaveLength(3);
    const second = await runWordCount({ inputDir: input, outputDir: output });
    expect(second.outcome).toMatchObject({ succeeded: 0, skipped: 3, skipReasons: { resume: 3 } });
    expect(second.summary).toEqual(first.summary);
  });

  it('writes nothing in a dry run', async () => {
    const { outcome, summaryPath } = await run(createMemorySink(), {}, { dryRun: true });
    expect(outcome).toMatchObject({ dryRun: true, wouldRun: 3, succeeded: 0 });
    expect(summaryPath).toBeNull();
    expect(existsSync(output)).toBe(false);
  });
});

describe('resume', () => {
  it('skips everything on a second run; a changed file re-runs alone; rewriting equal bytes re-runs nothing', async () => {
    const manifest = createMemorySink();
    expect((await run(manifest)).counted).toEqual(['a.txt', 'empty.txt', 'sub/b.md']);
    const again = await run(manifest);
    expect(again.outcome).toMatchObject({
      succeeded: 0,
      skipped: 3,
      skipReasons: { resume: 3 },
      status: 'succeeded',
    });
    expect(again.summary.files).toBe(3);

    await writeFile(join(input, 'a.txt'), 'changed content\n');
    const changed = await run(manifest);
    expect(changed.counted).toEqual(['a.txt']);
    expect(await result('a.txt')).toMatchObject({ words: 2 });
    expect(changed.summary.perFile.find((f) => f.file === 'a.txt')?.words).toBe(2);

    await writeFile(join(input, 'sub', 'b.md'), await readFile(join(input, 'sub', 'b.md')));
    expect((await run(manifest)).counted).toEqual([]);
  });

  it('re-runs everything when an option that shapes the output changes, and nothing for one that does not', async () => {
    const manifest = createMemorySink();
    await run(manifest);
    expect((await run(manifest, { lowercase: false })).counted).toHaveLength(3);
    expect((await run(manifest, { lowercase: false })).counted).toEqual([]);
    expect((await run(manifest, { lowercase: false }, { concurrency: 1, retries: 3 })).counted).toEqual([]);
  });

  it('re-runs an item whose result was deleted, and everything with force', async () => {
    const manifest = createMemorySink();
    await run(manifest);
    await rm(join(output, 'sub', 'b.md.json'));
    expect((await run(manifest)).counted).toEqual(['sub/b.md']);
    expect((await run(manifest, {}, { force: true })).counted).toHaveLength(3);
  });

  it('plans new files and drops removed ones', async () => {
    const manifest = createMemorySink();
    await run(manifest);
    await writeFile(join(input, 'sub', 'new.txt'), 'fresh words');
    await rm(join(input, 'empty.txt'));
    const next = await run(manifest);
    expect(next.counted).toEqual(['sub/new.txt']);
    expect(next.summary.perFile.map((f) => f.file)).toEqual(['a.txt', 'sub/b.md', 'sub/new.txt']);
  });
});

describe('failures', () => {
  it('fails a file removed between plan and work clearly, without retrying it, and counts the rest', async () => {
    const { outcome, summary } = await run(
      createMemorySink(),
      {},
      {
        concurrency: 1,
        retries: 2,
        backoff: { baseMs: 0, capMs: 0, jitter: 0 },
        hooks: {
          beforeItem: async (item) => {
            if (item.id === 'a.txt') await rm(join(input, 'a.txt'));
          },
        },
      },
    );
    expect(outcome).toMatchObject({ status: 'partial', succeeded: 2, failed: 1, retries: 0 });
    const a = outcome.items.find((i) => i.id === 'a.txt');
    expect(a).toMatchObject({ status: 'failed', attempts: 1 });
    expect(a?.error).toMatchObject({ code: 'STAGE_TEMPLATE_INPUT_MISSING', retryable: false });
    expect(a?.error?.message).toMatch(/a\.txt disappeared after it was planned/);
    expect(outcome.errors).toEqual([
      { itemId: 'a.txt', code: 'STAGE_TEMPLATE_INPUT_MISSING', message: a?.error?.message },
    ]);
    expect(summary.notCounted).toEqual([
      { file: 'a.txt', status: 'failed', reason: 'STAGE_TEMPLATE_INPUT_MISSING' },
    ]);
    expect(summary.perFile.map((f) => f.file)).toEqual(['empty.txt', 'sub/b.md']);
  });

  it('skips binary files with a reason, and tries them again next time', async () => {
    await writeFile(join(input, 'photo.txt'), Buffer.from([0xff, 0xd8, 0x00, 0x10]));
    const manifest = createMemorySink();
    const first = await run(manifest);
    expect(first.outcome).toMatchObject({ succeeded: 3, skipped: 1, skipReasons: { binary: 1 } });
    expect(first.summary.notCounted).toEqual([{ file: 'photo.txt', status: 'skipped', reason: 'binary' }]);
    const second = await run(manifest);
    expect(second.outcome.skipReasons).toEqual({ resume: 3, binary: 1 });
  });

  it('cancels cleanly when the signal is already aborted, writing no result', async () => {
    const { outcome, summary } = await run(createMemorySink(), {}, { signal: AbortSignal.abort() });
    expect(outcome).toMatchObject({ status: 'cancelled', succeeded: 0 });
    expect(summary.files).toBe(0);
    expect(existsSync(join(output, 'a.txt.json'))).toBe(false);
  });

  it('fails the stage clearly when the input folder does not exist', async () => {
    const missing = join(dir, 'no-such-folder');
    const { outcome, summary } = await runWordCount(
      { inputDir: missing, outputDir: output },
      { manifest: createMemorySink() },
    );
    expect(outcome).toMatchObject({ status: 'failed', planned: 0 });
    expect(outcome.stopReason?.code).toBe('RUNNER_INVALID_PLAN');
    expect(outcome.stopReason?.message).toContain(missing);
    expect(summary.files).toBe(0);
  });

  it('rejects bad runner options before doing any work', async () => {
    await expect(run(createMemorySink(), {}, { concurrency: 0 })).rejects.toMatchObject({
      code: 'RUNNER_INVALID_OPTIONS',
      message: expect.stringMatching(/concurrency/),
    });
    await expect(runWordCount({ inputDir: input, outputDir: output, topN: -1 })).rejects.toMatchObject({
      code: 'STAGE_TEMPLATE_INVALID_OPTIONS',
      message: expect.stringMatching(/topN/),
    });
    expect(existsSync(join(output, 'a.txt.json'))).toBe(false);
  });
});
