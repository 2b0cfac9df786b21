import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const register = new URL('../scripts/register-source.mjs', import.meta.url).pathname;
const worker = new URL('../packages/runner-core/test/fixtures/cpu-worker.mjs', import.meta.url).href;

describe('the cpu policy in a process started with node -e', () => {
  it.each([[[]], [['--max-old-space-size=256']]])(
    'does not pass -e / --input-type (nor heap sizes) on to its worker threads: extra flags %j',
    (extra: string[]) => {
      const code = `
      import { runStage } from '@jobintel/runner-core';
      const o = await runStage(
        { name: 'eval', plan: () => [1, 2].map((n) => ({ id: String(n), input: { n }, fingerprint: 'f' })), worker: { module: ${JSON.stringify(worker)}, exportName: 'crashy' } },
        { policy: 'cpu', concurrency: 2 },
      );
      console.log(JSON.stringify({ succeeded: o.succeeded, errors: o.errors }));
    `;
      const run = spawnSync(
        process.execPath,
        [...extra, '--conditions=@jobintel/source', '--import', register, '--input-type=module', '-e', code],
        { encoding: 'utf8', cwd: new URL('.', import.meta.url).pathname },
      );
      expect(run.status, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout.trim())).toEqual({ succeeded: 2, errors: [] });
    },
  );
});
