import { describe, expect, it } from 'vitest';
import { collectEvents, items, range } from '../test/helpers.js';
import {
  createMemorySink,
  definePipeline,
  type ItemOutcome,
  type PipelineStage,
  RunnerError,
  runPipeline,
} from './index.js';

const numbers: PipelineStage<number, number> = {
  name: 'numbers',
  plan: () => items(range(5)),
  worker: async (n) => n,
};
const squares: PipelineStage<number, number> = {
  name: 'squares',
  plan: ({ inputs }) => {
    const prev = inputs.get('numbers')!.value as ItemOutcome<number>[];
    return prev.map((o) => ({ id: o.id, input: o.output!, fingerprint: o.fingerprint }));
  },
  worker: async (n) => n * n,
  collect: (outcome) => outcome.items.reduce((sum, i) => sum + (i.output as number), 0),
};

describe('pipelines', () => {
  it('runs stages in order, feeding each stage the outputs of the previous one', async () => {
    const pipeline = definePipeline({ name: 'math', stages: [numbers, squares] });
    const { events, onEvent } = collectEvents();
    const outcome = await runPipeline(pipeline, { runId: 'run-1', onEvent });
    expect(outcome.status).toBe('succeeded');
    expect(outcome.results.get('squares')?.value).toBe(0 + 1 + 4 + 9 + 16);
    expect(outcome.stages.map((s) => [s.name, s.status])).toEqual([
      ['numbers', 'succeeded'],
      ['squares', 'succeeded'],
    ]);
    const starts = events.filter((e) => e.type === 'stage:start');
    expect(
      starts.map((e) => [
        e.stage,
        (e as { stageIndex: number }).stageIndex,
        (e as { stageCount: number }).stageCount,
      ]),
    ).toEqual([
      ['numbers', 1, 2],
      ['squares', 2, 2],
    ]);
    expect(events.every((e) => e.runId === 'run-1')).toBe(true);
    expect(events[0]?.type).toBe('pipeline:start');
    expect(events.at(-1)?.type).toBe('pipeline:end');
  });

  it('runs a DAG: a failed stage skips what needs it (transitively) and the outcome says why', async () => {
    const order: string[] = [];
    const stage = (name: string, needs: string[], fail = false): PipelineStage => ({
      name,
      needs,
      plan: () => items([name]),
      worker: async () => {
        order.push(name);
        if (fail) throw new Error(`${name} broke`);
      },
      options: { errorBudget: 0 },
    });
    const pipeline = definePipeline({
      name: 'dag',
      stages: [
        stage('fetch', []),
        stage('normalize', ['fetch'], true),
        stage('score', ['normalize']),
        stage('report', ['score']),
        stage('audit', ['fetch']),
      ],
    });
    const outcome = await runPipeline(pipeline);
    expect(order).toEqual(['fetch', 'normalize', 'audit']);
    expect(outcome.status).toBe('failed');
    const byName = Object.fromEntries(outcome.stages.map((s) => [s.name, s]));
    expect(byName.normalize?.status).toBe('failed');
    expect(byName.score).toMatchObject({
      status: 'skipped',
      code: 'RUNNER_DEPENDENCY_FAILED',
      reason: "needs 'normalize', which failed",
    });
    expect(byName.report).toMatchObject({ status: 'skipped', reason: "needs 'score', which was skipped" });
    expect(byName.audit?.status).toBe('succeeded');
  });

  it('a partial stage (failures within budget) still feeds its dependents', async () => {
    const pipeline = definePipeline({
      name: 'partial',
      stages: [
        {
          name: 'a',
          plan: () => items(range(3)),
          worker: async (n: number) => {
            if (n === 1) throw new Error('x');
            return n;
          },
        },
        squares.name === 'squares'
          ? {
              ...squares,
              name: 'b',
              plan: ({ inputs }) =>
                (inputs.get('a')!.value as ItemOutcome<number>[]).map((o) => ({
                  id: o.id,
                  input: o.output!,
                  fingerprint: 'f',
                })),
            }
          : squares,
      ],
    });
    const outcome = await runPipeline(pipeline);
    expect(outcome.status).toBe('partial');
    expect(outcome.results.get('b')?.value).toBe(0 + 4);
  });

  it('resumes a whole pipeline from the manifest', async () => {
    const manifest = createMemorySink();
    const pipeline = definePipeline({ name: 'math', stages: [numbers, squares] });
    await runPipeline(pipeline, { manifest });
    const again = await runPipeline(pipeline, { manifest });
    expect(again.stages.map((s) => s.outcome?.skipped)).toEqual([5, 5]);
  });

  it('skips the remaining stages when cancelled', async () => {
    const controller = new AbortController();
    const pipeline = definePipeline({
      name: 'cancel',
      stages: [
        { name: 'first', plan: () => items([1]), worker: async () => controller.abort() },
        { name: 'second', plan: () => items([1]), worker: async () => 1 },
      ],
    });
    const outcome = await runPipeline(pipeline, { signal: controller.signal });
    expect(outcome.status).toBe('cancelled');
    expect(outcome.stages[1]).toMatchObject({
      status: 'skipped',
      code: 'RUNNER_CANCELLED',
      reason: 'the run was cancelled',
    });
  });

  it('rejects invalid pipelines: duplicate names, unknown needs, cycles', () => {
    const s = (name: string, needs?: string[]): PipelineStage => ({
      name,
      needs,
      plan: () => [],
      worker: async () => 1,
    });
    expect(() => definePipeline({ name: 'p', stages: [s('a'), s('a')] })).toThrow(/duplicate stage name 'a'/);
    expect(() => definePipeline({ name: 'p', stages: [s('a', ['zzz'])] })).toThrow(/unknown stage 'zzz'/);
    expect(() => definePipeline({ name: 'p', stages: [s('a', ['b']), s('b', ['a'])] })).toThrow(
      /cycle among: a, b/,
    );
    expect(() => definePipeline({ name: 'p', stages: [] })).toThrow(RunnerError);
  });

  it('a stage with invalid options fails and skips its dependents', async () => {
    const pipeline = definePipeline({
      name: 'bad-options',
      stages: [
        { name: 'a', plan: () => items([1]), worker: async () => 1, options: { concurrency: 0 } },
        { name: 'b', plan: () => items([1]), worker: async () => 1 },
      ],
    });
    const outcome = await runPipeline(pipeline);
    expect(outcome.stages[0]).toMatchObject({ status: 'failed' });
    expect(outcome.stages[0]?.reason).toMatch(/concurrency/);
    expect(outcome.stages[1]).toMatchObject({ status: 'skipped' });
  });
});
