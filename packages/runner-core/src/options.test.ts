import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { RunnerError, RunnerErrorCode, runStage } from './index.js';

const stage = { name: 's', plan: () => [], worker: async () => 1 };

describe('options validated with zod at the edge', () => {
  it.each([
    [{ concurrency: 0 }, /concurrency: Too small/],
    [{ retries: -1 }, /retries/],
    [{ policy: 'gpu' }, /policy: Invalid option/],
    [{ schedule: 'lifo' }, /schedule/],
    [{ backoff: { jitter: 2 } }, /backoff\.jitter/],
    [{ timeoutMs: 0 }, /timeoutMs/],
    [{ errorBudget: 1.5 }, /errorBudget/],
    [{ manifest: {} }, /manifest: expected a ManifestSink/],
    [{ onEvent: 'log' }, /onEvent: expected a function/],
    [{ concurency: 4 }, /Unrecognized key.*concurency/],
  ])('rejects %j naming the field', async (options, message) => {
    const error = await runStage(stage, options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunnerError);
    expect((error as RunnerError).code).toBe('RUNNER_INVALID_OPTIONS');
    expect((error as RunnerError).message).toMatch(message);
  });

  it('rejects a bad stage name', async () => {
    await expect(runStage({ ...stage, name: '../etc' }, {})).rejects.toThrow(/stage.name/);
  });

  it('reports every problem at once', async () => {
    const error = (await runStage(stage, { concurrency: 0, retries: -1 } as never).catch(
      (e: unknown) => e,
    )) as RunnerError;
    expect(error.details?.problems).toHaveLength(2);
  });
});

describe('error codes', () => {
  it('every runner error code is documented in docs/runner.md', async () => {
    const doc = await readFile(new URL('../../../docs/runner.md', import.meta.url), 'utf8');
    for (const code of Object.values(RunnerErrorCode)) expect(doc, code).toContain(code);
  });
});
