import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createJsonlSink } from './index.js';

const child = new URL('../test/append-child.mjs', import.meta.url).pathname;
const register = new URL('../../../scripts/register-source.mjs', import.meta.url).pathname;
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

function run(args: string[]) {
  const proc = spawn(
    process.execPath,
    ['--conditions=@jobintel/source', '--import', register, child, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  proc.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { proc, exited };
}

describe('JSONL sink across processes', () => {
  it('4 processes appending to one file: every row present exactly once, every line whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jsonl-xproc-'));
    dirs.push(dir);
    const results = await Promise.all(['w1', 'w2', 'w3', 'w4'].map((w) => run([dir, w, '400']).exited));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const text = await readFile(join(dir, 'shared.jsonl'), 'utf8');
    const lines = text.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1600);
    const ids = lines.map((l) => JSON.parse(l).itemId as string);
    expect(new Set(ids).size).toBe(1600);
    const index = await createJsonlSink({ dir }).latest('shared');
    expect(index.size).toBe(1600);
    expect(index.problems).toEqual([]);
  });

  it('a writer killed with SIGKILL mid-append leaves a file that reads cleanly and accepts new rows', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jsonl-kill-'));
    dirs.push(dir);
    const { proc, exited } = run([dir, 'k', '0', 'slow']);
    await new Promise<void>((resolve) => {
      proc.stdout.on('data', (d: Buffer) => {
        if (/wrote (\d+)/.test(String(d)) && Number(String(d).match(/wrote (\d+)/)![1]) >= 300) resolve();
      });
    });
    proc.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    const sink = createJsonlSink({ dir, lockTimeoutMs: 5000 });
    const before = await sink.latest('shared');
    expect(before.size).toBeGreaterThanOrEqual(300);
    // at most the torn last line is a problem, never a middle line
    expect(before.problems.filter((p) => p.kind !== 'truncated')).toEqual([]);
    // the dead writer's lock (if it died holding it) is broken; a new row lands on a line of its own
    await sink.append([
      {
        schemaVersion: 1,
        runId: 'after',
        stage: 'shared',
        itemId: 'after-crash',
        status: 'success',
        attempts: 1,
        durationMs: 1,
        fingerprint: 'f',
        outputRef: null,
        error: null,
        ts: new Date().toISOString(),
      },
    ]);
    const after = await sink.latest('shared');
    expect(after.get('after-crash')?.status).toBe('success');
    expect(after.size).toBe(before.size + 1);
    await sink.close();
  });
});
