import {
  ManifestError,
  ManifestErrorCode,
  type ManifestIndex,
  type ManifestRow,
  type ManifestSink,
  validateManifestRow,
} from '@jobintel/runner-core';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { type Db, execute, type Tx } from './driver.js';
import { itemResults, manifest } from './schema.js';

export interface PgManifestSinkOptions {
  /** Separates independent manifests in one database (e.g. one per configuration). Default "default". */
  name?: string;
  /** Most rows per INSERT (several INSERTs share one transaction when more are pending). Default 1000. */
  batchSize?: number;
}

/** A manifest row together with a result the stage keeps in the database. */
export interface RowWithResult {
  row: ManifestRow;
  result: unknown;
}

export interface PgManifestSink extends ManifestSink {
  /**
   * Appends rows and stores each one's result (`item_results`, keyed by stage and item) in the SAME
   * transaction: after a crash either both are there or neither.
   */
  appendWithResults(entries: readonly RowWithResult[]): Promise<void>;
  /** The stored result of an item, or undefined. */
  result(stage: string, itemId: string): Promise<unknown>;
}

interface Pending {
  rows: ManifestRow[];
  results: unknown[] | undefined;
  resolve(): void;
  reject(error: unknown): void;
}

const PAGE = 5000;
const INDEX_PAGE = 100_000;

/**
 * The PostgreSQL (and PGlite) manifest sink. Appends are group-committed: whatever arrives while a
 * transaction is in flight is written by the next one, so concurrent producers share commits. An
 * append resolves once its transaction has committed.
 */
export function createPgManifestSink(db: Db, options: PgManifestSinkOptions = {}): PgManifestSink {
  const name = options.name ?? 'default';
  const batchSize = options.batchSize ?? 1000;
  let queue: Pending[] = [];
  let flushing: Promise<void> | undefined;
  let closed = false;

  const toInsert = (r: ManifestRow) => ({
    sink: name,
    run_id: r.runId,
    stage: r.stage,
    item_id: r.itemId,
    status: r.status,
    attempts: r.attempts,
    duration_ms: r.durationMs,
    fingerprint: r.fingerprint,
    output_ref: r.outputRef ?? null,
    error: r.error ?? null,
    ts: r.ts,
    extra: r.extra ?? null,
  });

  async function write(tx: Tx, batch: Pending[]): Promise<void> {
    const rows = batch.flatMap((p) => p.rows.map(toInsert));
    // One parameter per chunk (the rows as JSON), expanded by the server: far cheaper than binding
    // twelve parameters per row, and the same statement on both drivers. Rows keep their order.
    for (let i = 0; i < rows.length; i += batchSize) {
      await execute(
        tx,
        sql`insert into manifest (sink, run_id, stage, item_id, status, attempts, duration_ms, fingerprint, output_ref, error, ts, extra)
            select sink, run_id, stage, item_id, status, attempts, duration_ms, fingerprint, output_ref, error, ts, extra
            from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + batchSize))}::jsonb) as r(
              sink text, run_id text, stage text, item_id text, status text, attempts integer,
              duration_ms double precision, fingerprint text, output_ref text, error jsonb, ts text, extra jsonb)`,
      );
    }
    const now = new Date();
    for (const p of batch) {
      if (!p.results) continue;
      for (const [i, r] of p.rows.entries()) {
        const values = {
          sink: name,
          stage: r.stage,
          itemId: r.itemId,
          runId: r.runId,
          fingerprint: r.fingerprint,
          result: p.results[i] ?? null,
          updatedAt: now,
        };
        await tx
          .insert(itemResults)
          .values(values)
          .onConflictDoUpdate({
            target: [itemResults.sink, itemResults.stage, itemResults.itemId],
            set: {
              runId: values.runId,
              fingerprint: values.fingerprint,
              result: values.result,
              updatedAt: now,
            },
          });
      }
    }
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        await db.transaction((tx) => write(tx, batch));
        for (const p of batch) p.resolve();
      } catch (error) {
        const wrapped = new ManifestError(
          ManifestErrorCode.Io,
          `could not store ${batch.length} manifest append(s): ${(error as Error).message}`,
          { cause: error, retryable: true },
        );
        for (const p of batch) p.reject(wrapped);
      }
    }
    flushing = undefined;
  }

  function enqueue(rows: readonly unknown[], results: unknown[] | undefined): Promise<void> {
    if (closed) {
      return Promise.reject(new ManifestError(ManifestErrorCode.Closed, `manifest sink ${name} is closed`));
    }
    let valid: ManifestRow[];
    try {
      // validation copies the rows: later changes to the caller's objects are not stored
      valid = rows.map((r) => validateManifestRow(r));
      if (results) results = results.map((r) => (r === undefined ? null : JSON.parse(JSON.stringify(r))));
    } catch (error) {
      return Promise.reject(error);
    }
    if (valid.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      queue.push({ rows: valid, results, resolve, reject });
      flushing ??= Promise.resolve().then(drain);
    });
  }

  return {
    append: (rows) => enqueue(rows, undefined),
    appendWithResults: (entries) =>
      enqueue(
        entries.map((e) => e.row),
        entries.map((e) => e.result),
      ),

    async latest(stage): Promise<ManifestIndex> {
      await flushing;
      // Keyset pages over the (sink, stage, item_id, seq desc) index, kept in columns (an id -> slot
      // map, and one array per field): only one page of driver rows is ever held, and no object per
      // item until `get` asks for one.
      const slots = new Map<string, number>();
      const statuses: ManifestRow['status'][] = [];
      const fingerprints: string[] = [];
      const outputRefs: (string | null)[] = [];
      const attempts: number[] = [];
      let after = '';
      for (;;) {
        const page = await execute<{
          i: string;
          s: ManifestRow['status'];
          f: string;
          o: string | null;
          a: number;
        }>(
          db,
          sql`select distinct on (item_id) item_id as i, status as s, fingerprint as f, output_ref as o, attempts as a
              from manifest where sink = ${name} and stage = ${stage} and item_id > ${after}
              order by item_id, seq desc limit ${INDEX_PAGE}`,
        );
        for (const r of page) {
          slots.set(r.i, statuses.length);
          statuses.push(r.s);
          fingerprints.push(r.f);
          outputRefs.push(r.o);
          attempts.push(r.a);
        }
        if (page.length < INDEX_PAGE) break;
        after = page[page.length - 1]?.i ?? after;
      }
      return {
        get(id) {
          const slot = slots.get(id);
          if (slot === undefined) return undefined;
          return {
            status: statuses[slot] as ManifestRow['status'],
            fingerprint: fingerprints[slot] as string,
            outputRef: outputRefs[slot] ?? null,
            attempts: attempts[slot] as number,
          };
        },
        size: slots.size,
        problems: [],
      };
    },

    async *rows(stage) {
      await flushing;
      let after = 0;
      for (;;) {
        const page = await db
          .select()
          .from(manifest)
          .where(and(eq(manifest.sink, name), eq(manifest.stage, stage), gt(manifest.seq, after)))
          .orderBy(asc(manifest.seq))
          .limit(PAGE);
        for (const r of page) {
          const row: ManifestRow = {
            schemaVersion: 1,
            runId: r.runId,
            stage: r.stage,
            itemId: r.itemId,
            status: r.status as ManifestRow['status'],
            attempts: r.attempts,
            durationMs: r.durationMs,
            fingerprint: r.fingerprint,
            outputRef: r.outputRef,
            error: (r.error as ManifestRow['error']) ?? null,
            ts: r.ts,
          };
          if (r.extra !== null) row.extra = r.extra as NonNullable<ManifestRow['extra']>;
          yield row;
        }
        if (page.length < PAGE) return;
        after = page.at(-1)?.seq ?? after;
      }
    },

    async result(stage, itemId) {
      await flushing;
      const [row] = await db
        .select({ result: itemResults.result })
        .from(itemResults)
        .where(and(eq(itemResults.sink, name), eq(itemResults.stage, stage), eq(itemResults.itemId, itemId)));
      return row?.result;
    },

    async close() {
      closed = true;
      await flushing;
    },
  };
}
