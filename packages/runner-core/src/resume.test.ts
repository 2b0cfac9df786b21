import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySink, fingerprint, type ManifestSink, runStage, type StageDefinition } from './index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runner-resume-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function writerStage(config: { suffix: string }, calls: string[]): StageDefinition<string, string> {
  return {
    name: 'write',
    plan: () =>
      ['a', 'b', 'c'].map((id) => ({ id, input: id, fingerprint: fingerprint({ input: id, config }) })),
    worker: async (id) => {
      calls.push(id);
      const path = join(dir, `${id}.txt`);
      await writeFile(path, `${id}${config.suffix}`);
      return path;
    },
    outputRef: (_item, path) => path,
    outputExists: async (ref) =>
      access(ref).then(
        () => true,
        () => false,
      ),
  };
}

async function run(manifest: ManifestSink, config = { suffix: '!' }, options = {}) {
  const calls: string[] = [];
  const outcome = await runStage(writerStage(config, calls), { manifest, ...options });
  return { calls, outcome };
}

describe('resume by fingerprint (semantics 6)', () => {
  it('skips items whose last row is a success with the same fingerprint and an existing output', async () => {
    const manifest = createMemorySink();
    expect((await run(manifest)).calls).toEqual(['a', 'b', 'c']);
    const second = await run(manifest);
    expect(second.calls).toEqual([]);
    expect(second.outcome).toMatchObject({ skipped: 3, skipReasons: { resume: 3 }, status: 'succeeded' });
    expect(second.outcome.items.map((i) => i.outputRef)).toEqual(
      ['a', 'b', 'c'].map((id) => join(dir, `${id}.txt`)),
    );
  });

  it('re-runs every item when the configuration changes', async () => {
    const manifest = createMemorySink();
    await run(manifest);
    expect((await run(manifest, { suffix: '?' })).calls).toEqual(['a', 'b', 'c']);
  });

  it('re-runs an item whose output is missing', async () => {
    const manifest = createMemorySink();
    await run(manifest);
    await rm(join(dir, 'b.txt'));
    expect((await run(manifest)).calls).toEqual(['b']);
  });

  it('re-runs everything with force', async () => {
    const manifest = createMemorySink();
    await run(manifest);
    expect((await run(manifest, undefined, { force: true })).calls).toEqual(['a', 'b', 'c']);
  });

  it('re-runs items whose last row is not a success', async () => {
    const manifest = createMemorySink();
    let fail = true;
    const stage: StageDefinition<string, string> = {
      name: 'flaky',
      plan: () => ['x', 'y'].map((id) => ({ id, input: id, fingerprint: fingerprint(id) })),
      worker: async (id) => {
        if (id === 'y' && fail) throw new Error('nope');
        return id;
      },
    };
    await runStage(stage, { manifest });
    fail = false;
    const second = await runStage(stage, { manifest });
    expect(second).toMatchObject({ skipped: 1, succeeded: 1 });
    expect(second.items.find((i) => i.id === 'y')?.status).toBe('succeeded');
  });

  it('resume: false re-runs everything but still records', async () => {
    const manifest = createMemorySink();
    await run(manifest);
    expect((await run(manifest, undefined, { resume: false })).calls).toEqual(['a', 'b', 'c']);
  });

  it('rejects an empty fingerprint instead of letting empty match empty', async () => {
    const outcome = await runStage({
      name: 'empty-fp',
      plan: () => [{ id: 'a', input: 1, fingerprint: '' }],
      worker: async () => 1,
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.stopReason?.code).toBe('RUNNER_INVALID_PLAN');
    expect(outcome.stopReason?.message).toMatch(/fingerprint/);
  });

  it('fingerprint() is independent of key order and sensitive to values', () => {
    expect(fingerprint({ a: 1, b: [1, 2] })).toBe(fingerprint({ b: [1, 2], a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
    expect(fingerprint('1')).not.toBe(fingerprint(1));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => fingerprint(cyclic)).toThrow(/cyclic/);
    expect(() => fingerprint({ n: Number.NaN })).toThrow(/finite/);
  });

  it('dry run plans, evaluates resume and runs nothing', async () => {
    const manifest = createMemorySink();
    await run(manifest);
    await rm(join(dir, 'a.txt'));
    const dry = await run(manifest, undefined, { dryRun: true });
    expect(dry.calls).toEqual([]);
    expect(dry.outcome).toMatchObject({ dryRun: true, wouldRun: 1, skipped: 2 });
    expect(manifest.size).toBe(3);
  });
});
