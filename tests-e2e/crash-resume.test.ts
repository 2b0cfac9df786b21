import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonlSink } from '@jobintel/manifest-sink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnNodeFromSource, waitForExit } from './support/node-source.js';

const child = new URL('./support/crash-child.mjs', import.meta.url).pathname;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jobintel-crash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lines = async (file: string) =>
  existsSync(file) ? (await readFile(file, 'utf8')).split('\n').filter(Boolean) : [];

describe('crash and resume with the JSONL sink', () => {
  it('a stage killed with SIGKILL mid-run resumes: every item ends with one success, no success runs again', async () => {
    // 1. start the run and kill it hard once a good share of items succeeded
    const first = spawnNodeFromSource(child, [dir, join(dir, 'executions-1.log')]);
    const killed = new Promise<void>((resolve) => {
      first.stdout?.on('data', (chunk: Buffer) => {
        const done = Math.max(...String(chunk).match(/\d+/g)!.map(Number));
        if (done >= 120 && !first.killed) {
          first.kill('SIGKILL');
          resolve();
        }
      });
    });
    const exit1 = await Promise.race([waitForExit(first), killed.then(() => waitForExit(first))]);
    expect(exit1.signal, exit1.stderr).toBe('SIGKILL');

    // 2. what the manifest says succeeded before the crash (the reader tolerates a torn last line)
    const sink = createJsonlSink({ dir: join(dir, 'manifest') });
    const before = await sink.latest('crashy');
    await sink.close();
    const succeededBefore = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const id = `item-${String(i).padStart(3, '0')}`;
      if (before.get(id)?.status === 'success') succeededBefore.add(id);
    }
    expect(succeededBefore.size).toBeGreaterThanOrEqual(100);
    expect(succeededBefore.size).toBeLessThan(400);
    expect(before.problems.filter((p) => p.kind !== 'truncated')).toEqual([]);

    // 3. resume in a new process
    const second = spawnNodeFromSource(child, [dir, join(dir, 'executions-2.log')]);
    const exit2 = await waitForExit(second);
    expect(exit2.code, exit2.stderr).toBe(0);
    const summary = JSON.parse(exit2.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ status: 'succeeded', failed: 0, skipped: succeededBefore.size });

    // no item that had succeeded ran again
    const rerun = await lines(join(dir, 'executions-2.log'));
    expect(rerun.filter((id) => succeededBefore.has(id))).toEqual([]);
    expect(new Set(rerun).size).toBe(rerun.length);

    // every item ends with exactly one latest status, a success, and its output exists
    const reader = createJsonlSink({ dir: join(dir, 'manifest') });
    const after = await reader.latest('crashy');
    const successRows = new Map<string, number>();
    for await (const row of reader.rows('crashy')) {
      if (row.status === 'success') successRows.set(row.itemId, (successRows.get(row.itemId) ?? 0) + 1);
    }
    await reader.close();
    expect(after.size).toBe(400);
    for (let i = 0; i < 400; i++) {
      const id = `item-${String(i).padStart(3, '0')}`;
      expect(after.get(id)?.status, id).toBe('success');
      expect(successRows.get(id), id).toBe(1);
      expect(existsSync(join(dir, 'out', `${id}.txt`))).toBe(true);
    }
  });
});
