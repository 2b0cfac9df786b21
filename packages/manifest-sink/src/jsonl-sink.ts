import { mkdirSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  type Logger,
  ManifestError,
  ManifestErrorCode,
  type ManifestRow,
  type ManifestSink,
  silentLogger,
} from '@jobintel/runner-core';
import { z } from 'zod';
import { buildIndex } from './build-index.js';
import { type CompactResult, compactFile, syncDir } from './compact.js';
import { FileLock } from './lock.js';
import { readManifest } from './reader.js';
import { checkRow, serialise } from './validate.js';

const optionsSchema = z.strictObject({
  dir: z.string().min(1, 'the directory of the manifest files is required'),
  batchMaxRows: z.int().min(1).default(10_000),
  batchMaxDelayMs: z.number().min(0).max(60_000).default(0),
  lockTimeoutMs: z.number().positive().default(30_000),
  fsync: z.boolean().default(true),
  logger: z
    .custom<Logger>(
      (v) =>
        typeof v === 'object' &&
        v !== null &&
        ['debug', 'info', 'warn', 'error', 'child'].every(
          (m) => typeof (v as Record<string, unknown>)[m] === 'function',
        ),
      'expected a logger (debug, info, warn, error, child)',
    )
    .optional(),
});

/** Options of `createJsonlSink`. */
export type JsonlSinkOptions = z.input<typeof optionsSchema>;
export type { CompactResult };

/** What a sink has done so far: for tests, benchmarks and metrics. */
export interface JsonlSinkStats {
  /** Rows made durable. */
  rows: number;
  /** Batches written: one write of whole lines each. */
  batches: number;
  /** fsync calls on manifest files (one per batch when `fsync` is on). */
  fsyncs: number;
  /** Times the cross-process lock was taken for writing. */
  locks: number;
}

export interface JsonlSink extends ManifestSink {
  /** The file of a stage: `<dir>/<stage>.jsonl`. Throws for a stage name that cannot name a file. */
  fileOf(stage: string): string;
  /** Rewrites a stage's file to the last row per item, atomically and under the lock. */
  compact(stage: string): Promise<CompactResult>;
  /** Counters since the sink was created. */
  stats(): JsonlSinkStats;
}

interface Pending {
  data: string;
  rows: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The runner's rule for stage names (letters, digits, `.`, `_` and `-`, starting with a letter or digit),
 * at most 180 characters so that the lock's and compaction's file names stay within 255 bytes.
 */
const STAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,179}$/;

/** How long a writer keeps the lock across back-to-back batches before letting other processes in. */
const LOCK_HOLD_MS = 50;

/**
 * A manifest in JSONL files, one per stage (`<dir>/<stage>.jsonl`). Rows are validated and serialised
 * when `append` is called; appends are group-committed: rows queued while a batch is being written form
 * the next batch, which is written whole (complete lines, one write) and fsynced once, under a
 * cross-process lock; every `append` resolves when its rows are durable, or rejects when its batch
 * failed. Reading (`rows`, `latest`) streams the file and tolerates torn and corrupt lines.
 */
export function createJsonlSink(input: JsonlSinkOptions): JsonlSink {
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`);
    throw new ManifestError(
      ManifestErrorCode.InvalidOptions,
      `invalid JSONL sink options: ${problems.join('; ')}`,
      {
        details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      },
    );
  }
  const o = parsed.data;
  const dir = resolve(o.dir);
  const log = (o.logger ?? silentLogger).child({ component: 'jsonl-manifest', dir });
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new ManifestError(
      ManifestErrorCode.Io,
      `cannot create the manifest directory ${dir}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const stats: JsonlSinkStats = { rows: 0, batches: 0, fsyncs: 0, locks: 0 };
  const writers = new Map<string, StageWriter>();
  const files = new Map<string, string>();
  let closed = false;

  const fileOf = (stage: string, row?: { itemId?: unknown }) => {
    const known = files.get(stage);
    if (known) return known;
    if (typeof stage !== 'string' || !STAGE_NAME.test(stage)) {
      const what = row ? `invalid manifest row for item ${JSON.stringify(row.itemId)}: stage: ` : '';
      throw new ManifestError(
        ManifestErrorCode.RowInvalid,
        `${what}stage ${JSON.stringify(stage)} cannot name a manifest file (letters, digits, '.', '_' and '-', starting with a letter or digit, at most 180)`,
      );
    }
    const file = join(dir, `${stage}.jsonl`);
    files.set(stage, file);
    return file;
  };
  const writerOf = (stage: string) => {
    let w = writers.get(stage);
    if (!w) {
      w = new StageWriter(fileOf(stage), o, stats, log);
      writers.set(stage, w);
    }
    return w;
  };

  return {
    fileOf: (stage) => fileOf(stage),
    append(rows: readonly ManifestRow[]): Promise<void> {
      // not an async function: one promise per append, the writer's (this is the hot path)
      try {
        if (closed) throw new ManifestError(ManifestErrorCode.Closed, 'the JSONL manifest sink is closed');
        if (rows.length === 0) return Promise.resolve();
        // validate and serialise here: a bad row rejects this append and nothing of it is written, and
        // the caller may reuse its row objects as soon as append returns
        if (rows.length === 1) {
          const valid = checkRow(rows[0]);
          fileOf(valid.stage, valid);
          return writerOf(valid.stage).enqueue(serialise(valid), 1);
        }
        const byStage = new Map<string, string[]>();
        for (const row of rows) {
          const valid = checkRow(row);
          fileOf(valid.stage, valid);
          let lines = byStage.get(valid.stage);
          if (!lines) {
            lines = [];
            byStage.set(valid.stage, lines);
          }
          lines.push(serialise(valid));
        }
        const writes = [...byStage].map(([stage, lines]) =>
          writerOf(stage).enqueue(lines.join(''), lines.length),
        );
        return writes.length === 1 ? writes[0]! : Promise.all(writes).then(() => {});
      } catch (error) {
        return Promise.reject(error);
      }
    },
    async latest(stage) {
      return buildIndex(fileOf(stage), stage);
    },
    async *rows(stage) {
      for await (const entry of readManifest(fileOf(stage), { stage })) {
        if ('row' in entry) yield entry.row;
      }
    },
    async compact(stage) {
      const file = fileOf(stage);
      await writers.get(stage)?.idle();
      const release = await new FileLock(file, {
        timeoutMs: o.lockTimeoutMs,
        onEvent: (event) => log.warn({ file, ...event }, `manifest lock: ${event.type}`),
      }).acquire();
      try {
        const result = await compactFile(file, stage, o.fsync);
        log.info({ stage, ...result }, 'manifest compacted');
        return result;
      } catch (error) {
        throw error instanceof ManifestError
          ? error
          : new ManifestError(
              ManifestErrorCode.Io,
              `compacting ${file} failed: ${(error as Error).message}`,
              {
                retryable: true,
                cause: error,
              },
            );
      } finally {
        await release();
      }
    },
    stats: () => ({ ...stats }),
    async close() {
      closed = true;
      await Promise.all([...writers.values()].map((w) => w.idle()));
    },
  };
}

interface Held {
  release(): Promise<void>;
  fh: FileHandle;
  since: number;
  /** Bytes in the file: where the next batch starts (the lock keeps other writers out). */
  size: number;
  /** The file does not end with a newline: the next batch starts with one. */
  torn: boolean;
  /** The file was empty (perhaps new): fsync the directory too, once. */
  syncDir: boolean;
}

/** The writer of one stage file: a queue, and one flush loop at a time. */
class StageWriter {
  readonly #file: string;
  readonly #lock: FileLock;
  readonly #o: { batchMaxRows: number; batchMaxDelayMs: number; fsync: boolean };
  readonly #stats: JsonlSinkStats;
  readonly #log: Logger;
  #queue: Pending[] = [];
  #flushing: Promise<void> | undefined;

  constructor(
    file: string,
    o: { batchMaxRows: number; batchMaxDelayMs: number; lockTimeoutMs: number; fsync: boolean },
    stats: JsonlSinkStats,
    log: Logger,
  ) {
    this.#file = file;
    this.#lock = new FileLock(file, {
      timeoutMs: o.lockTimeoutMs,
      onEvent: (event) => log.warn({ file, ...event }, `manifest lock: ${event.type}`),
    });
    this.#o = o;
    this.#stats = stats;
    this.#log = log;
  }

  enqueue(data: string, rows: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ data, rows, resolve, reject });
      this.#flushing ??= this.#flushLoop();
    });
  }

  /** Resolves once everything queued so far (and anything queued meanwhile) is written or failed. */
  async idle(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flushLoop(): Promise<void> {
    let held: Held | undefined;
    try {
      // let the appends of this tick (or of batchMaxDelayMs) join the first batch
      await new Promise((r) =>
        this.#o.batchMaxDelayMs > 0 ? setTimeout(r, this.#o.batchMaxDelayMs) : setImmediate(r),
      );
      while (this.#queue.length > 0) {
        const batch = this.#takeBatch();
        try {
          // Keep the lock (and the open file) across back-to-back batches, for at most LOCK_HOLD_MS so
          // that writers in other processes get their turn. The tail is checked whenever it is taken.
          if (held && performance.now() - held.since > LOCK_HOLD_MS) {
            const h = held;
            held = undefined;
            await this.#unlock(h);
          }
          held ??= await this.#lockAndOpen();
          await this.#write(held, batch);
          for (const p of batch) p.resolve();
        } catch (error) {
          this.#log.error({ file: this.#file, err: (error as Error).message }, 'manifest batch write failed');
          const wrapped =
            error instanceof ManifestError
              ? error
              : new ManifestError(
                  ManifestErrorCode.Io,
                  `writing ${this.#file} failed: ${(error as Error).message}`,
                  {
                    retryable: true,
                    cause: error,
                  },
                );
          for (const p of batch) p.reject(wrapped);
          if (held) {
            const h = held;
            held = undefined;
            await this.#unlock(h).catch(() => {});
          }
        }
        // rows that arrived while this batch was written form the next one
        if (this.#queue.length === 0) await new Promise((r) => setImmediate(r));
      }
    } finally {
      if (held) await this.#unlock(held).catch(() => {});
      this.#flushing = undefined;
      // rows queued while the lock was being released must not wait for an append that may never come
      if (this.#queue.length > 0) this.#flushing = this.#flushLoop();
    }
  }

  #takeBatch(): Pending[] {
    const queue = this.#queue;
    let rows = 0;
    let n = 0;
    while (n < queue.length && (n === 0 || rows + queue[n]!.rows <= this.#o.batchMaxRows))
      rows += queue[n++]!.rows;
    if (n === queue.length) {
      this.#queue = [];
      return queue;
    }
    return queue.splice(0, n);
  }

  /** One write of whole lines (after a newline if the file ends torn), then one fsync. */
  async #write(held: Held, batch: Pending[]): Promise<void> {
    let text = held.torn ? '\n' : '';
    for (const p of batch) text += p.data;
    const data = Buffer.from(text, 'utf8');
    const before = held.size;
    try {
      for (let at = 0; at < data.length; )
        at += (await held.fh.write(data, at, data.length - at)).bytesWritten;
      if (this.#o.fsync) {
        this.#stats.fsyncs++;
        await held.fh.sync();
        if (held.syncDir) await syncDir(dirname(this.#file));
      }
    } catch (error) {
      // take back what was written of the failed batch, so no rejected row is read back later
      await held.fh.truncate(before).catch(() => {});
      throw error;
    }
    held.size += data.length;
    held.torn = false;
    held.syncDir = false;
    this.#stats.batches++;
    for (const p of batch) this.#stats.rows += p.rows;
  }

  /** Takes the lock, opens the file and notes whether its last line is torn (a writer killed mid-row). */
  async #lockAndOpen(): Promise<Held> {
    const release = await this.#lock.acquire();
    this.#stats.locks++;
    let fh: FileHandle | undefined;
    try {
      fh = await open(this.#file, 'a+');
      const { size } = await fh.stat();
      let torn = false;
      if (size > 0) {
        const last = Buffer.alloc(1);
        await fh.read(last, 0, 1, size - 1);
        torn = last[0] !== 0x0a;
        if (torn)
          this.#log.warn(
            { file: this.#file },
            'manifest ends with a torn line; the next row starts on a new line',
          );
      }
      return { release, fh, since: performance.now(), size, torn, syncDir: size === 0 };
    } catch (error) {
      await fh?.close().catch(() => {});
      await release();
      throw error;
    }
  }

  async #unlock(held: Held): Promise<void> {
    // close the file first, then let go of the lock even if closing failed
    const closeError = await held.fh.close().then(
      () => undefined,
      (error: unknown) => error,
    );
    try {
      await held.release();
    } catch (error) {
      // the lock was broken while we held it: our rows are written, but say so loudly
      this.#log.error({ file: this.#file, err: (error as Error).message }, 'manifest lock lost while held');
      throw error;
    }
    if (closeError) throw closeError;
  }
}
