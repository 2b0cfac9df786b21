import { type Db, execute, sql } from './driver.js';
import { StoreError, StoreErrorCode } from './errors.js';
import { loadMigrations } from './migrations.js';

// One constant advisory-lock key for migrations: every process migrating any JobIntel database on a
// server queues here (migrations are rare and short).
const MIGRATION_LOCK_KEY = 7_316_201_001;

export interface MigrationReport {
  applied: string[];
  current: string;
}

/**
 * Applies the shipped migrations that a database lacks, in one transaction under an advisory lock, so
 * two processes opening one database never race (the second waits, then finds nothing to do). A
 * database that has a migration we do not ship, or one whose SQL differs from ours, is refused.
 */
export async function migrate(
  db: Db,
  options: { apply: boolean; now: () => Date },
): Promise<MigrationReport> {
  const shipped = loadMigrations();
  return db.transaction(async (tx) => {
    await execute(tx, sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await execute(
      tx,
      sql`create table if not exists jobintel_migrations (
        idx integer primary key, tag text not null unique, hash text not null, applied_at timestamptz not null)`,
    );
    const applied = await execute<{ idx: number; tag: string; hash: string }>(
      tx,
      sql`select idx, tag, hash from jobintel_migrations order by idx`,
    );
    const newest = shipped.at(-1);
    for (const row of applied) {
      const ours = shipped.find((m) => m.idx === row.idx);
      if (!ours) {
        throw new StoreError(
          StoreErrorCode.SchemaTooNew,
          `the database was migrated by a newer version of JobIntel (it has migration ${row.tag}; this version knows up to ${newest?.tag ?? 'none'}): upgrade JobIntel, or point it at another database`,
          { details: { databaseHas: row.tag, weKnow: newest?.tag } },
        );
      }
      if (ours.hash !== row.hash || ours.tag !== row.tag) {
        throw new StoreError(
          StoreErrorCode.SchemaMismatch,
          `migration ${row.idx} in the database (${row.tag}) differs from the one this version ships (${ours.tag}): the database was made by a different build; restore a backup or use a fresh database`,
        );
      }
    }
    const pending = shipped.filter((m) => !applied.some((a) => a.idx === m.idx));
    if (pending.length > 0 && !options.apply) {
      throw new StoreError(
        StoreErrorCode.SchemaMismatch,
        `the database lacks ${pending.length} migration(s) (${pending.map((m) => m.tag).join(', ')}) and migrations are turned off: open it once with migrate enabled`,
      );
    }
    for (const m of pending) {
      for (const statement of m.statements) await execute(tx, sql.raw(statement));
      await execute(
        tx,
        sql`insert into jobintel_migrations (idx, tag, hash, applied_at) values (${m.idx}, ${m.tag}, ${m.hash}, ${options.now().toISOString()})`,
      );
    }
    return { applied: pending.map((m) => m.tag), current: newest?.tag ?? '' };
  });
}
