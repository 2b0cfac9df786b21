import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { execute } from './driver.js';
import { storeExitCode } from './errors.js';
import { loadMigrations } from './migrations.js';
import { openStore } from './store.js';
import { createTestDatabase, testDrivers } from './testing.js';

const pgUrl = process.env.TEST_DATABASE_URL;

describe('opening a store', () => {
  it('creates and migrates a fresh embedded database, then reopens it without migrating again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobintel-open-'));
    try {
      const first = await openStore({ dataDir: join(dir, 'db') });
      expect(first.driver).toBe('pglite');
      expect(first.migrations.applied).toEqual(loadMigrations().map((m) => m.tag));
      await first.close();
      const second = await openStore({ dataDir: join(dir, 'db') });
      expect(second.migrations.applied).toEqual([]);
      // a small buffer cache: PGlite's WebAssembly memory never shrinks
      const [settings] = await execute<{ shared_buffers: string }>(second.db, sql`show shared_buffers`);
      expect(settings?.shared_buffers).toBe('8MB');
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a second opener of the embedded database gets STORE_BUSY naming the holder, and the attempt is recorded', async () => {
    const db = await createTestDatabase('pglite');
    try {
      const holder = await db.open({ label: 'jobintel run' });
      const refused = await db.open({ label: 'jobintel runs list' }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'STORE_BUSY', message: expect.stringContaining('jobintel run') });
      expect((refused as Error).message).toContain(`pid ${process.pid}`);
      expect(storeExitCode(refused)).toBe(3);
      await holder.close();
      const again = await db.open();
      const rows = await again.db.execute(
        sql`select granted, requester->>'label' as label from lock_attempts`,
      );
      const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
      expect(list).toEqual([{ granted: false, label: 'jobintel runs list' }]);
      await again.close();
    } finally {
      await db.drop();
    }
  });

  it('rejects invalid options naming the field (exit code 2)', async () => {
    const error = await openStore({ databaseUrl: 'mysql://x', busyTimeoutMs: -1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_INVALID_OPTIONS' });
    expect((error as Error).message).toMatch(/databaseUrl: must be a postgres/);
    expect((error as Error).message).toMatch(/busyTimeoutMs/);
    expect(storeExitCode(error)).toBe(2);
  });

  it('an unreachable server is STORE_UNREACHABLE (exit code 4) and the password never shows', async () => {
    const error = await openStore({
      databaseUrl: 'postgres://jobintel:hunter2secret@127.0.0.1:1/jobintel',
      connectTimeoutSeconds: 2,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_UNREACHABLE' });
    expect((error as Error).message).toContain('127.0.0.1:1');
    expect((error as Error).message).not.toContain('hunter2secret');
    expect(storeExitCode(error)).toBe(4);
  });
});

describe.skipIf(!pgUrl)('opening PostgreSQL (TEST_DATABASE_URL)', () => {
  const withUser = (user: string, password?: string) => {
    const u = new URL(pgUrl as string);
    u.username = user;
    u.password = password ?? '';
    return u.toString();
  };

  it('an unknown role is STORE_AUTH_FAILED (exit code 4)', async () => {
    const error = await openStore({ databaseUrl: withUser('no_such_role_jobintel', 'pw-secret-1') }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'STORE_AUTH_FAILED' });
    expect((error as Error).message).toMatch(/check the user and password/);
    expect((error as Error).message).not.toContain('pw-secret-1');
    expect(storeExitCode(error)).toBe(4);
  });

  it('a missing database is STORE_DATABASE_MISSING', async () => {
    const u = new URL(pgUrl as string);
    u.pathname = '/jobintel_does_not_exist';
    await expect(openStore({ databaseUrl: u.toString() })).rejects.toMatchObject({
      code: 'STORE_DATABASE_MISSING',
    });
  });

  it('two processes opening one empty database at once migrate it exactly once', async () => {
    const db = await createTestDatabase('postgres');
    try {
      // an empty database: drop what the template gave, then race two openers
      const setup = await db.open();
      await setup.db.execute(sql`drop schema public cascade`);
      await setup.db.execute(sql`create schema public`);
      await setup.db.execute(sql`drop table jobintel_migrations`).catch(() => {});
      await setup.close();
      const [a, b] = await Promise.all([db.open(), db.open()]);
      const applied = [a.migrations.applied, b.migrations.applied].map((x) => x.length).sort();
      expect(applied).toEqual([0, loadMigrations().length]);
      await a.close();
      await b.close();
    } finally {
      await db.drop();
    }
  });
});

for (const driver of testDrivers()) {
  describe(`schema versions on ${driver}`, () => {
    it('refuses a database migrated by a newer version (exit code 5), and one whose migration differs', async () => {
      const db = await createTestDatabase(driver);
      try {
        const store = await db.open();
        await store.db.execute(
          sql`insert into jobintel_migrations (idx, tag, hash, applied_at) values (9999, '9999_from_the_future', 'x', now())`,
        );
        await store.close();
        const error = await db.open().catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'STORE_SCHEMA_TOO_NEW' });
        expect((error as Error).message).toMatch(/newer version of JobIntel.*9999_from_the_future.*upgrade/);
        expect(storeExitCode(error)).toBe(5);
      } finally {
        await db.drop();
      }
      const other = await createTestDatabase(driver);
      try {
        const store = await other.open();
        await store.db.execute(sql`update jobintel_migrations set hash = 'tampered' where idx = 0`);
        await store.close();
        await expect(other.open()).rejects.toMatchObject({ code: 'STORE_SCHEMA_MISMATCH' });
      } finally {
        await other.drop();
      }
    });
  });
}

describe('docs', () => {
  it('docs/storage.md lists every error code with its exit code', async () => {
    const { STORE_EXIT_CODES } = await import('./errors.js');
    const doc = await readFile(new URL('../../../docs/storage.md', import.meta.url), 'utf8');
    for (const [code, exit] of Object.entries(STORE_EXIT_CODES)) {
      expect(doc, code).toMatch(new RegExp(`\\| \`${code}\` \\| ${exit} \\|`));
    }
  });
});
