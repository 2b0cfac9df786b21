import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { ManifestError, ManifestErrorCode } from '@jobintel/runner-core';

/** Who holds a lock: written inside the lock directory before it is published. */
export interface LockOwner {
  pid: number;
  host: string;
  token: string;
  since: string;
}

export interface FileLockOptions {
  timeoutMs: number;
  /** A breaker lock older than this is presumed left by a crash and removed. */
  breakerStaleMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readOwner(lockDir: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(`${lockDir}/owner.json`, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/**
 * A cross-process lock on one path: a directory `<path>.lock` holding `owner.json`.
 *
 * - Acquire: build `<path>.lock.<token>` with the owner file, then `rename` it onto `<path>.lock`. The
 *   rename fails while a lock exists (its directory is not empty), so taking the lock and naming its
 *   owner are one atomic step: there is never a lock without an owner.
 * - Release: only the owner releases, after checking its token; the directory is renamed away and then
 *   removed, so the lock path is never unlinked while someone holds it.
 * - A lock whose owner is a dead process on this host is stale. Breaking it is serialised by a second
 *   `mkdir` lock (`<path>.lock.breaker`) under which the owner is read again, so two processes never
 *   both break the same lock (and never break a fresh one).
 * - Limits: liveness is judged by pid on the same host; on another host the lock is waited for until
 *   `timeoutMs`. Network file systems are not supported.
 */
export class FileLock {
  readonly #dir: string;
  readonly #options: Required<FileLockOptions>;

  constructor(path: string, options: FileLockOptions) {
    this.#dir = `${path}.lock`;
    this.#options = { breakerStaleMs: 30_000, ...options };
  }

  get path(): string {
    return this.#dir;
  }

  async acquire(): Promise<() => Promise<void>> {
    const token = randomUUID();
    const owner: LockOwner = { pid: process.pid, host: hostname(), token, since: new Date().toISOString() };
    const staging = `${this.#dir}.${token}`;
    await mkdir(staging);
    await writeFile(`${staging}/owner.json`, JSON.stringify(owner));
    const deadline = Date.now() + this.#options.timeoutMs;
    let wait = 1;
    try {
      for (;;) {
        try {
          await rename(staging, this.#dir);
          return () => this.#release(token);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EISDIR') throw error;
        }
        const holder = await readOwner(this.#dir);
        if (holder && holder.host === owner.host && !pidAlive(holder.pid)) {
          await this.#breakStale(holder.token);
          continue;
        }
        if (Date.now() >= deadline) {
          throw new ManifestError(
            ManifestErrorCode.LockTimeout,
            `could not lock ${this.#dir} within ${this.#options.timeoutMs} ms: held by pid ${holder?.pid ?? 'unknown'} on ${holder?.host ?? 'unknown host'} since ${holder?.since ?? '?'}`,
            { retryable: true, details: { holder } },
          );
        }
        await sleep(wait + Math.random() * wait);
        wait = Math.min(wait * 2, 50);
      }
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  }

  async #release(token: string): Promise<void> {
    const holder = await readOwner(this.#dir);
    if (holder?.token !== token) {
      throw new ManifestError(
        ManifestErrorCode.Io,
        `lock ${this.#dir} is no longer ours (held by ${holder?.pid ?? 'nobody'})`,
      );
    }
    const grave = `${this.#dir}.released.${token}`;
    await rename(this.#dir, grave);
    await rm(grave, { recursive: true, force: true });
  }

  async #breakStale(staleToken: string): Promise<void> {
    const breaker = `${this.#dir}.breaker`;
    try {
      await mkdir(breaker);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(breaker).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > this.#options.breakerStaleMs) await rm(breaker, { recursive: true, force: true });
      return;
    }
    try {
      const holder = await readOwner(this.#dir);
      if (holder?.token === staleToken) {
        const grave = `${this.#dir}.stale.${staleToken}`;
        await rename(this.#dir, grave);
        await rm(grave, { recursive: true, force: true });
      }
    } finally {
      await rm(breaker, { recursive: true, force: true });
    }
  }
}
