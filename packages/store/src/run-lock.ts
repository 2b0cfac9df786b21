import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { FileLock } from '@jobintel/manifest-sink';
import { eq } from 'drizzle-orm';
import { type Driver, sql } from './driver.js';
import { StoreError, StoreErrorCode } from './errors.js';
import { lockAttempts, locks } from './schema.js';

/** Who holds (or asks for) a run lock. */
export interface LockHolder {
  runId: string | null;
  label: string;
  pid: number;
  host: string;
  since: string;
  token: string;
}

export interface RunLock {
  readonly name: string;
  readonly holder: LockHolder;
  release(): Promise<void>;
}

export interface RunLockRequest {
  /** The configuration the run belongs to: one run per config key at a time. */
  configKey: string;
  runId?: string;
  /** What is asking, in words (e.g. "jobintel run"). */
  label?: string;
}

const lockName = (configKey: string) => `run:${configKey}`;
// Two int4 keys for pg_try_advisory_lock, from a hash of the name (stable across versions).
function advisoryKeys(name: string): [number, number] {
  const h = createHash('sha256').update(`jobintel:${name}`).digest();
  return [h.readInt32BE(0), h.readInt32BE(4)];
}

const describe = (h: Partial<LockHolder> | null | undefined) =>
  h
    ? `${h.label ?? 'a process'}${h.runId ? ` (run ${h.runId})` : ''}, pid ${h.pid ?? '?'} on ${h.host ?? '?'} since ${h.since ?? '?'}`
    : 'an unknown holder';

function heldError(name: string, holder: Partial<LockHolder> | null | undefined): StoreError {
  return new StoreError(
    StoreErrorCode.LockHeld,
    `another run of this configuration is in progress: ${name} is held by ${describe(holder)}; wait for it to finish, or stop it`,
    { details: { lock: name, holder } },
  );
}

/**
 * Takes the run lock of a configuration, or throws STORE_LOCK_HELD naming the holder. PostgreSQL: a
 * session advisory lock on a dedicated connection (held across machines; freed by the server when the
 * holder dies). PGlite: a file lock beside the database folder (freed when the holder's pid is gone).
 * Every attempt, granted or refused, is recorded in `lock_attempts`.
 */
export async function acquireRunLock(
  driver: Driver,
  dataDir: string | undefined,
  request: RunLockRequest,
  now: () => Date,
): Promise<RunLock> {
  const name = lockName(request.configKey);
  const me: LockHolder = {
    runId: request.runId ?? null,
    label: request.label ?? 'jobintel',
    pid: process.pid,
    host: hostname(),
    since: now().toISOString(),
    token: randomUUID(),
  };
  const record = async (granted: boolean, holder: unknown) =>
    driver.db.insert(lockAttempts).values({ name, granted, requester: me, holder, at: now() });

  // Take the lock itself; `free` gives it back. The `locks` row only names the holder.
  let free: () => Promise<void>;
  if (driver.session) {
    const session = await driver.session();
    const [k1, k2] = advisoryKeys(name);
    const [got] = await session.query<{ ok: boolean }>(sql`select pg_try_advisory_lock(${k1}, ${k2}) as ok`);
    if (!got?.ok) {
      await session.release();
      const [row] = await driver.db.select().from(locks).where(eq(locks.name, name));
      await record(false, row?.holder ?? null);
      throw heldError(name, row?.holder as LockHolder | undefined);
    }
    free = async () => {
      await session.query(sql`select pg_advisory_unlock(${k1}, ${k2})`);
      await session.release();
    };
  } else {
    const path = `${dataDir}.run-${createHash('sha256').update(request.configKey).digest('hex').slice(0, 16)}`;
    const file = new FileLock(path, { timeoutMs: 0, label: JSON.stringify(me) });
    try {
      free = await file.acquire();
    } catch (error) {
      if ((error as { code?: string }).code !== 'MANIFEST_LOCK_TIMEOUT') throw error;
      const owner = (error as { details?: { holder?: { label?: string } } }).details?.holder;
      let holder: Partial<LockHolder> | null = null;
      try {
        holder = owner?.label ? (JSON.parse(owner.label) as LockHolder) : null;
      } catch {}
      await record(false, holder);
      throw heldError(name, holder);
    }
  }
  await driver.db
    .insert(locks)
    .values({ name, holder: me, acquiredAt: now() })
    .onConflictDoUpdate({ target: locks.name, set: { holder: me, acquiredAt: now() } });
  await record(true, null);
  let released = false;
  return {
    name,
    holder: me,
    async release() {
      if (released) return;
      released = true;
      await driver.db
        .delete(locks)
        .where(sql`${locks.name} = ${name} and ${locks.holder}->>'token' = ${me.token}`);
      await free();
    },
  };
}
