import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ManifestError, ManifestErrorCode } from '@jobintel/runner-core';

/** Who holds a lock: written inside the lock directory before the directory is published. */
export interface LockOwner {
  pid: number;
  host: string;
  token: string;
  since: string;
  /** What holds it, in words (e.g. "jobintel run 2026-11-29-0700"), when the locker said. */
  label?: string;
}

export interface FileLockOptions {
  /** How long `acquire` waits for a live holder before `MANIFEST_LOCK_TIMEOUT`. */
  timeoutMs: number;
  /** A breaker directory older than this is presumed left by a crash mid-break and cleared. Default 30 s. */
  breakerStaleMs?: number;
  /** Written into the owner file, so that a waiter can say what holds the lock. */
  label?: string;
  /** Reports what the lock had to repair (a stale lock broken, leftovers removed). */
  onEvent?(event: LockEvent): void;
}

export type LockEvent =
  | { type: 'stale-broken'; lock: string; owner: LockOwner }
  | { type: 'misbreak-restored'; lock: string; owner: LockOwner | undefined }
  | { type: 'leftover-removed'; path: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const errno = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** Whether a process with this pid exists on this host (EPERM: it exists, but is not ours to signal). */
export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errno(error) === 'EPERM';
  }
}

export async function readOwner(lockDir: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(join(lockDir, 'owner.json'), 'utf8')) as LockOwner;
    return typeof owner === 'object' && owner !== null && typeof owner.token === 'string' ? owner : undefined;
  } catch {
    return undefined;
  }
}

const host = hostname();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const GRAVE =
  /^(released|stale|breaker\.stale)\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A cross-process lock on one path: the directory `<path>.lock`, holding `owner.json`.
 *
 * - **Acquire**: build a staging directory `<path>.lock.<token>` holding the owner (pid, host, random
 *   token, time), then `rename` it onto `<path>.lock`. The rename fails while a lock exists (a non-empty
 *   directory cannot be replaced), so taking the lock and naming its owner are one atomic step: there
 *   is never a lock without an owner, and the owner file never changes while the lock exists.
 * - **Release**: only the owner releases, after checking that the lock still carries its token; the
 *   directory is renamed to a unique grave, then removed. Nobody removes a lock that is held.
 * - **Stale locks**: a lock whose owner is a dead process on this host is stale. Breaking it is
 *   serialised by a second lock, the directory `<path>.lock.breaker` (`mkdir` is atomic): under it the
 *   owner is read again and the lock renamed to a grave only if it is still the stale one, and the
 *   grave's owner is checked afterwards (were it not the stale owner, the lock is put back). So two
 *   processes never both break a lock, and a fresh lock is never broken.
 * - **Waiting**: exponential backoff with jitter (1 ms doubling to 50 ms) until `timeoutMs`, then
 *   `MANIFEST_LOCK_TIMEOUT` naming the holder's pid and host.
 * - **Limits**: liveness is judged by pid on the same host, so a lock held from another host is waited
 *   for until the timeout, and a recycled pid makes a stale lock look live. A breaker left by a process
 *   that crashed while breaking is cleared after `breakerStaleMs`. Network file systems, whose rename
 *   and mkdir are not reliably atomic across clients, are not supported.
 */
export class FileLock {
  readonly #dir: string;
  readonly #options: Required<Omit<FileLockOptions, 'onEvent' | 'label'>> &
    Pick<FileLockOptions, 'onEvent' | 'label'>;
  #swept = false;

  constructor(path: string, options: FileLockOptions) {
    this.#dir = `${path}.lock`;
    this.#options = { breakerStaleMs: 30_000, ...options };
  }

  /** The lock directory, `<path>.lock`. */
  get path(): string {
    return this.#dir;
  }

  /** Waits for the lock; resolves to its release function. */
  async acquire(): Promise<() => Promise<void>> {
    if (!this.#swept) {
      this.#swept = true;
      await this.#sweep();
    }
    const token = randomUUID();
    const owner: LockOwner = { pid: process.pid, host, token, since: new Date().toISOString() };
    if (this.#options.label !== undefined) owner.label = this.#options.label;
    const staging = `${this.#dir}.${token}`;
    await mkdir(staging);
    try {
      await writeFile(join(staging, 'owner.json'), JSON.stringify(owner));
      const deadline = Date.now() + this.#options.timeoutMs;
      let wait = 1;
      let retriedAfterBreak = false;
      for (;;) {
        try {
          await rename(staging, this.#dir);
          return () => this.#release(token);
        } catch (error) {
          const code = errno(error);
          if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EISDIR') throw error;
        }
        const holder = await readOwner(this.#dir);
        if (holder && holder.host === host && !pidAlive(holder.pid)) {
          await this.#breakStale(holder);
          // one more try even past the deadline: a zero timeout still takes a lock left by the dead
          if (Date.now() < deadline || !retriedAfterBreak) {
            retriedAfterBreak = true;
            continue;
          }
        }
        if (Date.now() >= deadline) {
          throw new ManifestError(
            ManifestErrorCode.LockTimeout,
            `could not lock ${this.#dir} within ${this.#options.timeoutMs} ms: held by pid ${holder?.pid ?? 'unknown'} on ${holder?.host ?? 'an unknown host'} since ${holder?.since ?? 'an unknown time'}`,
            { retryable: true, details: { lock: this.#dir, holder } },
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
        `lock ${this.#dir} is no longer ours (now held by ${holder ? `pid ${holder.pid}` : 'nobody'}); it was broken while held`,
      );
    }
    const grave = `${this.#dir}.released.${token}`;
    await rename(this.#dir, grave);
    await rm(grave, { recursive: true, force: true });
  }

  async #breakStale(stale: LockOwner): Promise<void> {
    const breaker = `${this.#dir}.breaker`;
    try {
      await mkdir(breaker);
    } catch (error) {
      if (errno(error) !== 'EEXIST') throw error;
      // someone else is breaking it; a breaker left by a crash mid-break is cleared when old
      const age = await stat(breaker).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > this.#options.breakerStaleMs) {
        await rename(breaker, `${breaker}.stale.${randomUUID()}`).then(
          (): Promise<void> => this.#sweep(),
          () => {},
        );
      } else await sleep(1 + Math.random() * 4);
      return;
    }
    try {
      const holder = await readOwner(this.#dir);
      if (holder?.token !== stale.token) return; // already broken (and perhaps taken again)
      const grave = `${this.#dir}.stale.${randomUUID()}`;
      try {
        await rename(this.#dir, grave);
      } catch (error) {
        if (errno(error) === 'ENOENT') return;
        throw error;
      }
      const moved = await readOwner(grave);
      if (moved?.token !== stale.token) {
        // not the lock we judged stale: put it back (fails only if yet another lock was taken since)
        await rename(grave, this.#dir).catch(() => {});
        this.#options.onEvent?.({ type: 'misbreak-restored', lock: this.#dir, owner: moved });
        return;
      }
      await rm(grave, { recursive: true, force: true });
      this.#options.onEvent?.({ type: 'stale-broken', lock: this.#dir, owner: stale });
    } finally {
      await rm(breaker, { recursive: true, force: true });
    }
  }

  /**
   * Removes what crashed processes left beside the lock: staging directories of dead owners, graves,
   * and stale breakers. Never the lock itself, nor a live process's staging directory.
   */
  async #sweep(): Promise<void> {
    const base = basename(this.#dir);
    let names: string[];
    try {
      names = await readdir(dirname(this.#dir));
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.startsWith(`${base}.`)) continue;
      const rest = name.slice(base.length + 1);
      const grave = GRAVE.test(rest);
      if (!grave && !UUID.test(rest)) continue; // not ours (another stage's file may share the prefix)
      const path = join(dirname(this.#dir), name);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isDirectory()) continue;
      const age = Date.now() - info.mtimeMs;
      let remove: boolean;
      if (grave) {
        // its creator removes it at once, unless it died (a grave keeps the owner file it had as a lock)
        const owner = await readOwner(path);
        remove = age > 5_000 || (owner !== undefined && owner.host === host && !pidAlive(owner.pid));
      } else {
        // a staging directory: removed when its owner is dead (or never got to write owner.json)
        const owner = await readOwner(path);
        remove = owner ? owner.host === host && !pidAlive(owner.pid) : age > 60_000;
      }
      if (remove) {
        await rm(path, { recursive: true, force: true }).catch(() => {});
        this.#options.onEvent?.({ type: 'leftover-removed', path });
      }
    }
  }
}
