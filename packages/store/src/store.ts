import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { FileLock } from '@jobintel/manifest-sink';
import { silentLogger } from '@jobintel/runner-core';
import type { BudgetStorage } from '@jobintel/token-tracker';
import { createDbBudgetStorage } from './budget-storage.js';
import { type Db, type Driver, openPglite, openPostgres } from './driver.js';
import { redactUrl, StoreError, StoreErrorCode } from './errors.js';
import { type MigrationReport, migrate } from './migrate.js';
import { parseStoreOptions, type StoreOptionsInput } from './options.js';
import { createPgManifestSink, type PgManifestSink, type PgManifestSinkOptions } from './pg-manifest-sink.js';
import { createRecords, type Records } from './records.js';
import { acquireRunLock, type RunLock, type RunLockRequest } from './run-lock.js';
import { RunRegistry } from './runs.js';
import { lockAttempts } from './schema.js';

export interface Store extends Records {
  readonly driver: 'pglite' | 'postgres';
  /** Where the data lives, fit for messages (the PGlite folder, or the URL without its password). */
  readonly location: string;
  /** The drizzle database, for queries the API does not cover. */
  readonly db: Db;
  readonly migrations: MigrationReport;
  readonly runs: RunRegistry;
  manifestSink(options?: PgManifestSinkOptions): PgManifestSink;
  /** The token tracker's budget storage on this database (shared by every process on it). */
  budgetStorage(): BudgetStorage;
  /** One run per configuration at a time, across processes (and machines, on PostgreSQL). */
  acquireRunLock(request: RunLockRequest): Promise<RunLock>;
  close(): Promise<void>;
}

/**
 * Opens the registry database: PostgreSQL when `databaseUrl` is given, else the embedded PGlite
 * database in `dataDir`; applies pending migrations (idempotent, under a lock). The embedded database
 * belongs to one process at a time: a second process gets STORE_BUSY naming the holder.
 */
export async function openStore(input: StoreOptionsInput = {}): Promise<Store> {
  const options = parseStoreOptions(input);
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  let driver: Driver;
  let location: string;
  let dataDir: string | undefined;
  let releaseDir: (() => Promise<void>) | undefined;

  if (options.databaseUrl) {
    location = redactUrl(options.databaseUrl);
    driver = await openPostgres(options.databaseUrl, options);
  } else {
    dataDir = resolve(options.dataDir);
    location = dataDir;
    await mkdir(dirname(dataDir), { recursive: true });
    releaseDir = await lockDataDir(dataDir, options.busyTimeoutMs, options.label ?? 'jobintel', now);
    try {
      driver = await openPglite(dataDir);
    } catch (error) {
      await releaseDir();
      throw new StoreError(
        StoreErrorCode.QueryFailed,
        `cannot open the embedded database in ${dataDir}: ${(error as Error).message}; restore the folder from a backup or move it away to start afresh`,
        { cause: error },
      );
    }
  }

  let migrations: MigrationReport;
  try {
    migrations = await migrate(driver.db, { apply: options.migrate, now });
    if (dataDir) await ingestRefusedAttempts(driver.db, dataDir);
  } catch (error) {
    await driver.close().catch(() => {});
    await releaseDir?.();
    if (error instanceof StoreError) throw error;
    throw new StoreError(
      StoreErrorCode.QueryFailed,
      `cannot migrate the database at ${location}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (migrations.applied.length > 0)
    logger.info({ applied: migrations.applied, location }, 'store: migrated');

  const random = () => randomBytes(3).toString('hex');
  let closed = false;
  const locks = new Set<RunLock>();
  return {
    driver: driver.kind,
    location,
    db: driver.db,
    migrations,
    runs: new RunRegistry(driver.db, now, random),
    ...createRecords(driver.db, now),
    manifestSink: (sinkOptions) => createPgManifestSink(driver.db, sinkOptions),
    budgetStorage: () => createDbBudgetStorage(driver.db),
    async acquireRunLock(request) {
      if (closed) throw new StoreError(StoreErrorCode.Closed, 'the store is closed');
      const lock = await acquireRunLock(driver, dataDir, request, now);
      locks.add(lock);
      return {
        name: lock.name,
        holder: lock.holder,
        release: async () => {
          locks.delete(lock);
          await lock.release();
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const lock of locks) await lock.release().catch(() => {});
      await driver.close();
      await releaseDir?.();
    },
  };
}

// The embedded database is one process's at a time (PGlite is not multi-process). A refused opener
// cannot write to the database, so it notes its attempt in a side file that the holder's next open
// ingests into lock_attempts.
async function lockDataDir(
  dataDir: string,
  timeoutMs: number,
  label: string,
  now: () => Date,
): Promise<() => Promise<void>> {
  const me = { label, pid: process.pid, since: now().toISOString() };
  const lock = new FileLock(dataDir, { timeoutMs, label: JSON.stringify(me) });
  try {
    return await lock.acquire();
  } catch (error) {
    if ((error as { code?: string }).code !== 'MANIFEST_LOCK_TIMEOUT') throw error;
    const holder = (
      error as { details?: { holder?: { pid?: number; host?: string; since?: string; label?: string } } }
    ).details?.holder;
    let what = 'another process';
    try {
      what = (JSON.parse(holder?.label ?? '') as { label: string }).label;
    } catch {}
    await appendFile(
      `${dataDir}.refused.jsonl`,
      `${JSON.stringify({ name: 'database', requester: me, holder: holder ?? null, at: now().toISOString() })}\n`,
    ).catch(() => {});
    throw new StoreError(
      StoreErrorCode.Busy,
      `the embedded database ${dataDir} is in use by ${what} (pid ${holder?.pid ?? '?'} on ${holder?.host ?? '?'} since ${holder?.since ?? '?'}): wait for it to finish, or use PostgreSQL (DATABASE_URL) for concurrent access`,
      { details: { holder } },
    );
  }
}

async function ingestRefusedAttempts(db: Db, dataDir: string): Promise<void> {
  const file = `${dataDir}.refused.jsonl`;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return;
  }
  const rows = text
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        const r = JSON.parse(line) as { name: string; requester: unknown; holder: unknown; at: string };
        return [
          { name: r.name, granted: false, requester: r.requester, holder: r.holder, at: new Date(r.at) },
        ];
      } catch {
        return []; // a torn last line from a killed writer
      }
    });
  if (rows.length > 0) await db.insert(lockAttempts).values(rows);
  await rm(file, { force: true });
}
