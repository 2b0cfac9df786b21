import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejection, row, useTempDirs } from '../test/helpers.js';
import { createJsonlSink, FileLock, type LockEvent } from './index.js';

const tempDir = useTempDirs('jsonl-lock-');
const DEAD_PID = 2 ** 22 + 12_345; // above the kernel's pid_max: no process has it

async function plantLock(lockDir: string, owner: { pid: number; token: string; host?: string }) {
  await mkdir(lockDir);
  await writeFile(join(lockDir, 'owner.json'), JSON.stringify({ host: hostname(), since: 'then', ...owner }));
}

/** Runs `n` holders of the lock at once; each checks that nobody else is inside while it holds it. */
async function contend(lock: () => FileLock, n: number, rounds: number, marker: string) {
  let inside = 0;
  let maxInside = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let r = 0; r < rounds; r++) {
        const release = await lock().acquire();
        inside++;
        maxInside = Math.max(maxInside, inside);
        const fh = await open(marker, 'wx'); // fails if another holder is inside
        await new Promise((res) => setTimeout(res, Math.random() * 2));
        await fh.close();
        await rm(marker);
        inside--;
        await release();
      }
    }),
  );
  return maxInside;
}

describe('the cross-process file lock (within one process)', () => {
  it('admits one holder at a time, names its owner while held, and leaves nothing behind', async () => {
    const dir = await tempDir();
    const path = join(dir, 's.jsonl');
    const lock = new FileLock(path, { timeoutMs: 10_000 });
    const release = await lock.acquire();
    const owner = JSON.parse(await readFile(join(lock.path, 'owner.json'), 'utf8'));
    expect(owner).toMatchObject({
      pid: process.pid,
      host: hostname(),
      token: expect.any(String),
      since: expect.any(String),
    });
    await release();
    expect(await readdir(dir)).toEqual([]);
    expect(await contend(() => new FileLock(path, { timeoutMs: 10_000 }), 6, 10, join(dir, 'inside'))).toBe(
      1,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('waits for a live holder, then times out with MANIFEST_LOCK_TIMEOUT naming its pid, never removing it', async () => {
    const dir = await tempDir();
    const path = join(dir, 's.jsonl');
    const lockDir = `${path}.lock`;
    await plantLock(lockDir, { pid: process.pid, token: 'live' }); // this very process: alive
    const started = Date.now();
    const error = await rejection(new FileLock(path, { timeoutMs: 200 }).acquire());
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(error.code).toBe('MANIFEST_LOCK_TIMEOUT');
    expect(error.message).toContain(`pid ${process.pid}`);
    expect(JSON.parse(await readFile(join(lockDir, 'owner.json'), 'utf8')).token).toBe('live');
    // a sink's append waits the same way, and fails the same way
    const sink = createJsonlSink({ dir, lockTimeoutMs: 200 });
    const appendError = await rejection(sink.append([row('a')]));
    expect(appendError).toMatchObject({ code: 'MANIFEST_LOCK_TIMEOUT', retryable: true });
    expect(appendError.message).toContain(`pid ${process.pid}`);
    expect(existsSync(lockDir)).toBe(true);
    // once the holder is gone, the same sink appends
    await rm(lockDir, { recursive: true });
    await sink.append([row('b')]);
    expect((await sink.latest('s')).size).toBe(1);
    await sink.close();
    expect((await readdir(dir)).sort()).toEqual(['s.jsonl']);
  });

  it('breaks a lock left by a dead process, and reports it', async () => {
    const dir = await tempDir();
    const path = join(dir, 's.jsonl');
    await plantLock(`${path}.lock`, { pid: DEAD_PID, token: 'dead' });
    const events: LockEvent[] = [];
    const release = await new FileLock(path, { timeoutMs: 1000, onEvent: (e) => events.push(e) }).acquire();
    expect(events).toEqual([
      { type: 'stale-broken', lock: `${path}.lock`, owner: expect.objectContaining({ pid: DEAD_PID }) },
    ]);
    await release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('with a zero timeout, still takes a lock left by a dead process (no waiting, one retry after the break)', async () => {
    const dir = await tempDir();
    const path = join(dir, 's.jsonl');
    await plantLock(`${path}.lock`, { pid: DEAD_PID, token: 'dead' });
    const release = await new FileLock(path, { timeoutMs: 0, label: 'zero' }).acquire();
    expect(JSON.parse(await readFile(join(`${path}.lock`, 'owner.json'), 'utf8'))).toMatchObject({
      pid: process.pid,
      label: 'zero',
    });
    await release();
  });

  it('many waiters on a stale lock break it once: still one holder at a time', async () => {
    const dir = await tempDir();
    const path = join(dir, 's.jsonl');
    await plantLock(`${path}.lock`, { pid: DEAD_PID, token: 'dead' });
    const events: LockEvent[] = [];
    const lock = () => new FileLock(path, { timeoutMs: 10_000, onEvent: (e) => events.push(e) });
    expect(await contend(lock, 8, 5, join(dir, 'inside'))).toBe(1);
    expect(events.filter((e) => e.type === 'stale-broken')).toHaveLength(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('does not break a lock held on another host (it cannot tell), it waits and times out', async () => {
    const dir = await tempDir();
    const path = join(dir, 's.jsonl');
    await plantLock(`${path}.lock`, { pid: DEAD_PID, token: 'remote', host: 'some-other-host' });
    const error = await rejection(new FileLock(path, { timeoutMs: 100 }).acquire());
    expect(error.message).toMatch(/some-other-host/);
    expect(existsSync(`${path}.lock`)).toBe(true);
  });

  it('a holder whose lock was replaced behind its back refuses to release (and removes nothing)', async () => {
    const dir = await tempDir();
    const path = join(dir, 's.jsonl');
    const release = await new FileLock(path, { timeoutMs: 1000 }).acquire();
    // someone (wrongly) replaces the lock while it is held
    await rm(`${path}.lock`, { recursive: true });
    await plantLock(`${path}.lock`, { pid: process.pid, token: 'intruder' });
    const error = await rejection(release());
    expect(error.code).toBe('MANIFEST_IO');
    expect(error.message).toMatch(/no longer ours/);
    expect(JSON.parse(await readFile(join(`${path}.lock`, 'owner.json'), 'utf8')).token).toBe('intruder');
  });

  it('a breaker left by a crash mid-break is cleared once old, and the stale lock is then broken', async () => {
    const dir = await tempDir();
    const path = join(dir, 's.jsonl');
    await plantLock(`${path}.lock`, { pid: DEAD_PID, token: 'dead' });
    await mkdir(`${path}.lock.breaker`);
    const old = new Date(Date.now() - 60_000);
    await utimes(`${path}.lock.breaker`, old, old);
    const release = await new FileLock(path, { timeoutMs: 2000, breakerStaleMs: 30_000 }).acquire();
    await release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a fresh breaker (someone is breaking right now) is respected until the timeout', async () => {
    const dir = await tempDir();
    const path = join(dir, 's.jsonl');
    await plantLock(`${path}.lock`, { pid: DEAD_PID, token: 'dead' });
    await mkdir(`${path}.lock.breaker`);
    const error = await rejection(new FileLock(path, { timeoutMs: 150 }).acquire());
    expect(error.code).toBe('MANIFEST_LOCK_TIMEOUT');
    expect(error.message).toContain(`pid ${DEAD_PID}`);
    expect(existsSync(`${path}.lock`)).toBe(true);
  });

  it('clears what dead processes left beside the lock, and nothing else', async () => {
    const dir = await tempDir();
    const path = join(dir, 's.jsonl');
    const uuid = '123e4567-e89b-42d3-a456-426614174000';
    const uuid2 = '223e4567-e89b-42d3-a456-426614174000';
    await plantLock(`${path}.lock.${uuid}`, { pid: DEAD_PID, token: uuid }); // a dead writer's staging dir
    await plantLock(`${path}.lock.${uuid2}`, { pid: process.pid, token: uuid2 }); // a live one's
    const old = new Date(Date.now() - 60_000);
    await mkdir(`${path}.lock.released.${uuid}`); // a grave whose remover died
    await utimes(`${path}.lock.released.${uuid}`, old, old);
    const uuid3 = '323e4567-e89b-42d3-a456-426614174000';
    await plantLock(`${path}.lock.released.${uuid3}`, { pid: DEAD_PID, token: uuid3 }); // fresh, but its owner is dead
    const uuid4 = '423e4567-e89b-42d3-a456-426614174000';
    await plantLock(`${path}.lock.released.${uuid4}`, { pid: process.pid, token: uuid4 }); // fresh, owner alive: its remover is at work
    // another stage's manifest that happens to share the prefix, and someone's old directory
    await writeFile(`${path}.lock.${uuid}.jsonl`, 'keep me\n');
    await mkdir(`${path}.lock.backup`);
    await utimes(`${path}.lock.backup`, old, old);
    const events: LockEvent[] = [];
    const release = await new FileLock(path, { timeoutMs: 1000, onEvent: (e) => events.push(e) }).acquire();
    await release();
    expect((await readdir(dir)).sort()).toEqual(
      [
        `s.jsonl.lock.${uuid2}`,
        `s.jsonl.lock.${uuid}.jsonl`,
        's.jsonl.lock.backup',
        `s.jsonl.lock.released.${uuid4}`,
      ].sort(),
    );
    expect(events.filter((e) => e.type === 'leftover-removed')).toHaveLength(3);
  });
});
