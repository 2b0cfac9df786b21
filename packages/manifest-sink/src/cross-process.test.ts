// Cross-process behaviour, with real child processes (test/child.mjs). Each child runs the package from
// its TypeScript source: `node --conditions=@jobintel/source --import scripts/register-source.mjs`. Node
// 24 strips the types itself and the repository's register hook maps relative `.js` imports to the
// `.ts` files beside them, so no build step (nor tsx) is needed and the code tested is the code here.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejection, row, useTempDirs } from '../test/helpers.js';
import { createJsonlSink } from './index.js';

const childScript = new URL('../test/child.mjs', import.meta.url).pathname;
const register = new URL('../../../scripts/register-source.mjs', import.meta.url).pathname;
const tempDir = useTempDirs('jsonl-xproc-');

interface Child {
  proc: ChildProcess;
  stdout(): string;
  exited: Promise<{ code: number | null; signal: string | null; stderr: string }>;
  /** Resolves once the child has printed a line matching `pattern`. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
}

function child(...args: string[]): Child {
  const proc = spawn(
    process.execPath,
    ['--conditions=@jobintel/source', '--import', register, childScript, ...args],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ pattern: RegExp; resolve(m: RegExpMatchArray): void }> = [];
  proc.stdout!.on('data', (d) => {
    stdout += d;
    for (const w of [...waiters]) {
      const m = stdout.match(w.pattern);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  proc.stderr!.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return {
    proc,
    stdout: () => stdout,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const m = stdout.match(pattern);
        if (m) return resolve(m);
        waiters.push({ pattern, resolve });
        exited.then((e) =>
          reject(new Error(`child exited (${e.code ?? e.signal}) before ${pattern}: ${e.stderr}`)),
        );
      }),
  };
}

/** The pid of a process that has just exited: certainly dead (and, so soon, not reused). */
async function deadPid(): Promise<number> {
  const p = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => p.on('exit', r));
  return p.pid!;
}

describe('JSONL sink across processes', () => {
  it('4 processes appending to one file: every row present exactly once, every line whole and valid', async () => {
    const dir = await tempDir();
    const results = await Promise.all(
      ['w1', 'w2', 'w3', 'w4'].map((w) => child('append', dir, w, '400').exited),
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const text = await readFile(join(dir, 'shared.jsonl'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.split('\n').slice(0, -1);
    expect(lines).toHaveLength(1600);
    const ids = lines.map((l) => JSON.parse(l).itemId as string);
    expect(new Set(ids).size).toBe(1600);
    // each writer's rows, in its own order of durability, interleave with the others' only by whole lines
    const index = await createJsonlSink({ dir }).latest('shared');
    expect([index.size, index.problems]).toEqual([1600, []]);
    expect(await readdir(dir)).toEqual(['shared.jsonl']);
  });

  it('the lock admits one process at a time and is never removed while held (holders check their token)', async () => {
    const dir = await tempDir();
    const file = join(dir, 'x.jsonl');
    const marker = join(dir, 'inside');
    const results = await Promise.all(
      Array.from({ length: 4 }, () => child('lock', file, '25', marker).exited),
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a stale lock left by a dead process is broken exactly once while 4 processes contend for it', async () => {
    const dir = await tempDir();
    const file = join(dir, 'x.jsonl');
    const pid = await deadPid();
    await mkdir(`${file}.lock`);
    await writeFile(
      join(`${file}.lock`, 'owner.json'),
      JSON.stringify({ pid, host: hostname(), token: 'dead', since: 'x' }),
    );
    const children = Array.from({ length: 4 }, () => child('lock', file, '5', join(dir, 'inside')));
    const results = await Promise.all(children.map((c) => c.exited));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const breaks = children.map((c) => c.stdout().match(/stale-broken/g)?.length ?? 0);
    expect(breaks.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a lock held by a live process makes append wait, then time out naming its pid; then it proceeds', async () => {
    const dir = await tempDir();
    const holder = child('hold', join(dir, 's.jsonl'));
    await holder.waitFor(/held/);
    const sink = createJsonlSink({ dir, lockTimeoutMs: 300 });
    const error = await rejection(sink.append([row('a')]));
    expect(error.code).toBe('MANIFEST_LOCK_TIMEOUT');
    expect(error.message).toContain(`pid ${holder.proc.pid}`);
    expect(existsSync(join(dir, 's.jsonl.lock'))).toBe(true);
    // a patient append waits for the holder to let go
    const patient = createJsonlSink({ dir, lockTimeoutMs: 30_000 });
    const appended = patient.append([row('b')]);
    await new Promise((r) => setTimeout(r, 100));
    holder.proc.stdin!.end();
    expect((await holder.exited).code).toBe(0);
    await appended;
    expect((await patient.latest('s')).get('b')?.status).toBe('success');
    await Promise.all([sink.close(), patient.close()]);
  });

  it('a writer killed with SIGKILL mid-append leaves a file that reads cleanly and accepts new rows', async () => {
    const dir = await tempDir();
    const writer = child('slow', dir, 'k');
    await writer.waitFor(/wrote ([3-9]\d\d|\d{4,})/);
    writer.proc.kill('SIGKILL');
    expect((await writer.exited).signal).toBe('SIGKILL');
    const sink = createJsonlSink({ dir, lockTimeoutMs: 10_000 });
    const before = await sink.latest('shared');
    expect(before.size).toBeGreaterThanOrEqual(300);
    // at most the torn last line is a problem, never a middle line
    expect(before.problems.filter((p) => p.kind !== 'truncated')).toEqual([]);
    expect(before.problems.length).toBeLessThanOrEqual(1);
    // the dead writer's lock (if it died holding it) is broken; the new row lands on a line of its own
    await sink.append([row('after-crash', { stage: 'shared' })]);
    const after = await sink.latest('shared');
    expect(after.get('after-crash')?.status).toBe('success');
    expect(after.size).toBe(before.size + 1);
    expect(after.problems.filter((p) => p.kind !== 'corrupt')).toEqual([]);
    await sink.close();
    expect((await readdir(dir)).filter((n) => n.includes('.lock'))).toEqual([]);
  });

  it('a compaction killed with SIGKILL leaves the manifest whole; the next one cleans up after it', async () => {
    const dir = await tempDir();
    const sink = createJsonlSink({ dir, fsync: false });
    for (let round = 0; round < 4; round++) {
      await sink.append(
        Array.from({ length: 20_000 }, (_, i) => row(`i${i}`, { stage: 'shared', attempts: round })),
      );
    }
    const compactor = child('compact', dir);
    await compactor.waitFor(/compacting/);
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    compactor.proc.kill('SIGKILL');
    await compactor.exited;
    const index = await sink.latest('shared');
    expect(index.size).toBe(20_000);
    expect(index.problems).toEqual([]);
    expect(index.get('i5')?.attempts).toBe(3);
    expect(await sink.compact('shared')).toMatchObject({ rowsAfter: 20_000, problemsDropped: 0 });
    await sink.close();
    expect(await readdir(dir)).toEqual(['shared.jsonl']);
  });
});
