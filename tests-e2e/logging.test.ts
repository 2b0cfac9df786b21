import { createMemoryLogger } from '@jobintel/logger';
import { runStage } from '@jobintel/runner-core';
import { describe, expect, it } from 'vitest';

describe('runner-core with @jobintel/logger', () => {
  it('takes a pino logger, scopes its records by run and stage, and leaks no secret from errors', async () => {
    const { logger, records, text } = createMemoryLogger();
    const outcome = await runStage(
      {
        name: 'fetch',
        plan: () => [
          { id: 'ok', input: 'ok', fingerprint: 'a' },
          { id: 'bad', input: 'bad', fingerprint: 'b' },
        ],
        worker: async (x: string) => {
          if (x === 'bad') throw new Error('GET https://user:s3cr3t-pass@boards.example/x failed');
          return x;
        },
      },
      { logger, runId: 'run-42' },
    );
    expect(outcome.failed).toBe(1);
    const failed = records.find((r) => r.msg === 'item failed');
    expect(failed).toMatchObject({ runId: 'run-42', stage: 'fetch', itemId: 'bad', level: 'warn' });
    expect(records.find((r) => r.msg === 'stage finished')).toMatchObject({
      runId: 'run-42',
      stage: 'fetch',
      succeeded: 1,
    });
    expect(text()).not.toContain('s3cr3t-pass');
  });
});
