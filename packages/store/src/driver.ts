import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { redactUrl, StoreError, StoreErrorCode } from './errors.js';
import type * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that runs queries: the database or a transaction. */
export type Queryable = Db | Tx;

/** A dedicated connection, held for a session-level advisory lock. */
export interface Session {
  query<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  release(): Promise<void>;
}

export interface Driver {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** A dedicated connection (PostgreSQL); PGlite has one connection, so it has none. */
  session?(): Promise<Session>;
  close(): Promise<void>;
}

/** Rows of a raw `execute`, whichever driver ran it. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export async function execute<T = Record<string, unknown>>(q: Queryable, query: SQL): Promise<T[]> {
  return rowsOf<T>(await q.execute(query));
}

/**
 * PGlite's start flags with a small buffer cache: the WebAssembly memory never shrinks, and the
 * default 128 MB of shared buffers grew a 100,000-job run by about 200 MB. The OS page cache still
 * caches the data files.
 */
const PGLITE_START_PARAMS = [
  ...PGlite.defaultStartParams,
  '-c',
  'shared_buffers=8MB',
  '-c',
  'wal_buffers=1MB',
];

const initScript = fileURLToPath(new URL('../scripts/init-pglite.mjs', import.meta.url));

export async function openPglite(dataDir: string): Promise<Driver> {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    // a new database: initdb runs in a child process (it peaks above 1 GB; see the script)
    await promisify(execFile)(process.execPath, [initScript, dataDir], { env: process.env });
  }
  const client = await PGlite.create(dataDir, { startParams: PGLITE_START_PARAMS });
  const db = drizzlePglite({ client }) as unknown as Db;
  return { kind: 'pglite', db, close: () => client.close() };
}

export async function openPostgres(
  url: string,
  options: { connectTimeoutSeconds: number; maxConnections: number },
): Promise<Driver> {
  const client = postgres(url, {
    max: options.maxConnections,
    connect_timeout: options.connectTimeoutSeconds,
    onnotice: () => {},
  });
  try {
    await client`select 1`;
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw connectError(error, url);
  }
  const db = drizzlePostgres({ client }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    async session() {
      const reserved = await client.reserve();
      return {
        query: <T>(query: SQL) => runOn<T>(reserved, query),
        release: async () => reserved.release(),
      };
    },
    close: () => client.end({ timeout: 5 }),
  };
}

// Runs a drizzle SQL fragment on a reserved postgres.js connection.
const dialect = new PgDialect();
async function runOn<T>(reserved: postgres.ReservedSql, query: SQL): Promise<T[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return (await reserved.unsafe(text, params as never[])) as unknown as T[];
}

/** Maps a failed first connection to a clear error naming the fix (never the password). */
export function connectError(error: unknown, url: string): StoreError {
  const e = error as { code?: string; message?: string };
  const where = redactUrl(url);
  if (e.code === '28P01' || e.code === '28000') {
    return new StoreError(
      StoreErrorCode.AuthFailed,
      `PostgreSQL at ${where} refused the credentials (${e.code}): check the user and password in DATABASE_URL`,
      { cause: error },
    );
  }
  if (e.code === '3D000') {
    return new StoreError(
      StoreErrorCode.DatabaseMissing,
      `the database named in ${where} does not exist: create it (createdb) or fix DATABASE_URL`,
      { cause: error },
    );
  }
  return new StoreError(
    StoreErrorCode.Unreachable,
    `cannot reach PostgreSQL at ${where} (${e.code ?? e.message ?? 'unknown error'}): is the server running and DATABASE_URL right?`,
    { cause: error, retryable: true },
  );
}

export { sql };
