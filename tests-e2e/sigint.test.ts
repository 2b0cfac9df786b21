import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { spawnNodeFromSource, waitForExit } from './support/node-source.js';

const child = new URL('./support/sigint-child.mjs', import.meta.url).pathname;

async function startAndWaitReady(concurrency: number, mode = '') {
  const proc = spawnNodeFromSource(child, [String(concurrency), mode]);
  const exit = waitForExit(proc);
  const ready = (async () => {
    for (;;) {
      const [chunk] = (await once(proc.stdout!, 'data')) as [Buffer];
      if (String(chunk).includes('ready')) return;
    }
  })();
  await Promise.race([
    ready,
    exit.then((r) => {
      throw new Error(`child exited before it was ready: ${r.code} ${r.stderr}`);
    }),
  ]);
  return { proc, exit };
}

describe('SIGINT through cancelOnSignals', () => {
  for (const concurrency of [1, 4]) {
    it(`the first SIGINT stops cleanly and reports every item (concurrency ${concurrency})`, async () => {
      const { proc, exit } = await startAndWaitReady(concurrency);
      proc.kill('SIGINT');
      const result = await exit;
      expect(result.code, result.stderr).toBe(130);
      expect(result.stderr).toContain('run again to resume');
      const outcome = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
      expect(outcome).toMatchObject({ status: 'cancelled', failed: 0 });
      expect(outcome.succeeded + outcome.cancelled).toBe(50);
      expect(outcome.cancelled).toBeGreaterThan(40);
    });
  }

  it('a second SIGINT exits at once', async () => {
    // a worker that ignores its signal would keep the stage busy for graceMs (30 s); the second signal
    // ends the process before the runner returns, so no outcome is printed
    const { proc, exit } = await startAndWaitReady(1, 'ignore');
    proc.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 100));
    proc.kill('SIGINT');
    const result = await exit;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('run again to resume');
    expect(result.stdout).not.toContain('"status"');
  });
});
