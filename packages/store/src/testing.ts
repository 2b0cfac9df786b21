// Test databases for every test file, from a migrated template so that each costs a copy, not a
// migration: PGlite folders are copied from a template folder; PostgreSQL databases are created
// `TEMPLATE` a migrated template database. PostgreSQL is used when TEST_DATABASE_URL is set.
import { randomBytes } from 'node:crypto';
import { cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLock } from '@jobintel/manifest-sink';
import postgres from 'postgres';
import { migrationsFingerprint } from './migrations.js';
import type { StoreOptionsInput } from './options.js';
import { openStore, type Store } from './store.js';

export type TestDriver = 'pglite' | 'postgres';

export interface TestDatabase {
  driver: TestDriver;
  /** Options that open this database (dataDir or databaseUrl). */
  options: StoreOptionsInput;
  open(extra?: Omit<StoreOptionsInput, 'dataDir' | 'databaseUrl'>): Promise<Store>;
  /** Removes the database (close every store on it first). */
  drop(): Promise<void>;
}

/** The drivers to test on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testDrivers(): TestDriver[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

export async function createTestDatabase(driver: TestDriver): Promise<TestDatabase> {
  return driver === 'pglite' ? createPgliteDatabase() : createPostgresDatabase();
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const root = join(tmpdir(), 'jobintel-test-db');
  await mkdir(root, { recursive: true });
  const template = join(root, `template-${migrationsFingerprint()}`);
  if (!(await exists(template))) {
    const release = await new FileLock(template, { timeoutMs: 120_000 }).acquire();
    try {
      if (!(await exists(template))) {
        const building = `${template}.building-${process.pid}`;
        await rm(building, { recursive: true, force: true });
        const store = await openStore({ dataDir: building });
        await store.close();
        await rename(building, template);
      }
    } finally {
      await release();
    }
  }
  const dir = join(root, `db-${process.pid}-${randomBytes(4).toString('hex')}`);
  await cp(template, dir, { recursive: true });
  return {
    driver: 'pglite',
    options: { dataDir: dir },
    open: (extra = {}) => openStore({ ...extra, dataDir: dir }),
    drop: async () => {
      for (const path of [dir, `${dir}.lock`, `${dir}.refused.jsonl`])
        await rm(path, { recursive: true, force: true });
    },
  };
}

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function createPostgresDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const template = `jobintel_tpl_${migrationsFingerprint()}`;
    const name = `jobintel_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(7316201002)`;
      const [found] = await tx`select 1 from pg_database where datname = ${template}`;
      if (found) return;
      const building = `${template}_b${process.pid}`;
      await onSide(adminUrl, async (side) => {
        await side.unsafe(`drop database if exists "${building}"`);
        await side.unsafe(`create database "${building}"`);
      });
      const store = await openStore({ databaseUrl: withDatabase(adminUrl, building) });
      await store.close();
      await onSide(adminUrl, (side) => side.unsafe(`alter database "${building}" rename to "${template}"`));
    });
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}" template "${template}"`);
        break;
      } catch (error) {
        // "source database is being accessed by other users": another file is copying it right now
        if (attempt >= 50 || (error as { code?: string }).code !== '55006') throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
    const url = withDatabase(adminUrl, name);
    return {
      driver: 'postgres',
      options: { databaseUrl: url },
      open: (extra = {}) => openStore({ ...extra, databaseUrl: url }),
      drop: () => onSide(adminUrl, (side) => side.unsafe(`drop database if exists "${name}" with (force)`)),
    };
  } finally {
    await admin.end();
  }
}

// CREATE / DROP / ALTER DATABASE cannot run in a transaction block: a short-lived connection of its own.
async function onSide(url: string, fn: (sql: postgres.Sql) => Promise<unknown>): Promise<void> {
  const side = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await fn(side);
  } finally {
    await side.end();
  }
}
