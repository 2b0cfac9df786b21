import { mkdirSync } from 'node:fs';
import { type FileHandle, open, rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  type Logger,
  ManifestError,
  ManifestErrorCode,
  type ManifestSink,
  silentLogger,
} from '@jobintel/runner-core';
import { z } from 'zod';
import { buildIndex } from './build-index.js';
import { FileLock } from './lock.js';
import { readManifest } from './reader.js';
import { checkRow } from './validate.js';

const optionsSchema = z.strictObject({
  dir: z.string().min(1, 'the directory of the manifest files'),
  batchMaxRows: z.int().min(1).default(10_000),
  batchMaxDelayMs: z.number().min(0).default(0),
  lockTimeoutMs: z.number().positive().default(30_000),
  fsync: z.boolean().default(true),
  logger: z
    .custom<Logger>((v) => typeof v === 'object' && v !== null && 'warn' in v, 'expected a logger')
    .optional(),
});
export type JsonlSinkOptions = z.input<typeof optionsSchema>;

export interface CompactResult {
  rowsBefore: number;
  rowsAfter: number;
  problemsDropped: number;
}

export interface JsonlSink extends ManifestSink {
  /** The file of a stage: `<dir>/<stage>.jsonl`. */
  fileOf(stage: string): string;
  /** Rewrites a stage's file to the last row per item, atomically and under the lock. */
  compact(stage: string): Promise<CompactResult>;
}

interface Pending {
  data: string;
  rows: number;
  resolve(): void;
  reject(error: unknown): void;
}

const STAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * A manifest in JSONL files, one per stage. Appends are group-committed: rows queued while a batch is
 * being written form the next batch, which is written whole (complete lines only) and fsynced once,
 * under a cross-process lock; every `append` resolves when its rows are durable.
 */
export function createJsonlSink(input: JsonlSinkOptions): JsonlSink {
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`);
    throw new ManifestError(
      ManifestErrorCode.InvalidOptions,
      `invalid JSONL sink options: ${problems.join('; ')}`,
    );
  }
  const o = parsed.data;
  const dir = resolve(o.dir);
  const log = (o.logger ?? silentLogger).child({ component: 'jsonl-sink' });
  mkdirSync(dir, { recursive: true });
  const writers = new Map<string, StageWriter>();
  let closed = false;

  const files = new Map<string, string>();
  const fileOf = (stage: string) => {
    const known = files.get(stage);
    if (known) return known;
    if (!STAGE_NAME.test(stage)) {
      throw new ManifestError(
        ManifestErrorCode.RowInvalid,
        `stage ${JSON.stringify(stage)} cannot name a manifest file: use letters, digits, '.', '_' or '-'`,
      );
    }
    const file = join(dir, `${stage}.jsonl`);
    files.set(stage, file);
    return file;
  };
  const writerOf = (stage: string) => {
    let w = writers.get(stage);
    if (!w) {
      w = new StageWriter(fileOf(stage), o, log);
      writers.set(stage, w);
    }
    return w;
  };

  return {
    fileOf,
    async append(rows) {
      if (closed) throw new ManifestError(ManifestErrorCode.Closed, 'the JSONL manifest sink is closed');
      if (rows.length === 0) return;
      // validate and serialise at the call site: a bad row rejects this append and writes nothing
      if (rows.length === 1) {
        const valid = checkRow(rows[0]);
        fileOf(valid.stage);
        return writerOf(valid.stage).enqueue(`${JSON.stringify(valid)}\n`, 1);
      }
      const byStage = new Map<string, string[]>();
      for (const row of rows) {
        const valid = checkRow(row);
        const lines = byStage.get(valid.stage) ?? [];
        if (lines.length === 0) byStage.set(valid.stage, lines);
        lines.push(`${JSON.stringify(valid)}\n`);
      }
      for (const stage of byStage.keys()) fileOf(stage);
      await Promise.all(
        [...byStage].map(([stage, lines]) => writerOf(stage).enqueue(lines.join(''), lines.length)),
      );
    },
    async latest(stage) {
      return buildIndex(fileOf(stage), stage);
    },
    async *rows(stage) {
      for await (const entry of readManifest(fileOf(stage))) {
        if ('row' in entry && entry.row.stage === stage) yield entry.row;
      }
    },
    async compact(stage) {
      await writerOf(stage).idle();
      return compactFile(fileOf(stage), o.lockTimeoutMs, o.fsync);
    },
    async close() {
      closed = true;
      await Promise.all([...writers.values()].map((w) => w.idle()));
    },
  };
}

class StageWriter {
  readonly #file: string;
  readonly #lock: FileLock;
  readonly #o: { batchMaxRows: number; batchMaxDelayMs: number; fsync: boolean };
  readonly #log: Logger;
  #queue: Pending[] = [];
  #flushing: Promise<void> | undefined;

  constructor(
    file: string,
    o: { batchMaxRows: number; batchMaxDelayMs: number; lockTimeoutMs: number; fsync: boolean },
    log: Logger,
  ) {
    this.#file = file;
    this.#lock = new FileLock(file, { timeoutMs: o.lockTimeoutMs });
    this.#o = o;
    this.#log = log;
  }

  enqueue(data: string, rows: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ data, rows, resolve, reject });
      this.#flushing ??= this.#flushLoop();
    });
  }

  async idle(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flushLoop(): Promise<void> {
    let held: { release(): Promise<void>; fh: FileHandle; since: number } | undefined;
    try {
      // let appends issued in the same tick join the first batch
      await new Promise((r) =>
        this.#o.batchMaxDelayMs > 0 ? setTimeout(r, this.#o.batchMaxDelayMs) : setImmediate(r),
      );
      while (this.#queue.length > 0) {
        const batch: Pending[] = [];
        let rows = 0;
        while (
          this.#queue.length > 0 &&
          (batch.length === 0 || rows + this.#queue[0]!.rows <= this.#o.batchMaxRows)
        ) {
          const next = this.#queue.shift()!;
          batch.push(next);
          rows += next.rows;
        }
        try {
          // Keep the lock and the file open across back-to-back batches, for at most 50 ms so that
          // writers in other processes get their turn; the tail is checked whenever the lock is taken.
          if (held && performance.now() - held.since > 50) {
            await this.#unlock(held);
            held = undefined;
          }
          held ??= await this.#lockAndOpen();
          await held.fh.appendFile(batch.map((p) => p.data).join(''));
          if (this.#o.fsync) await held.fh.sync();
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
            await this.#unlock(held).catch(() => {});
            held = undefined;
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

  /** Takes the lock, opens the file and ends a torn last line (a writer killed mid-row) with a newline. */
  async #lockAndOpen(): Promise<{ release(): Promise<void>; fh: FileHandle; since: number }> {
    const release = await this.#lock.acquire();
    let fh: FileHandle | undefined;
    try {
      fh = await open(this.#file, 'a+');
      const { size } = await fh.stat();
      if (size > 0) {
        const last = Buffer.alloc(1);
        await fh.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) await fh.appendFile('\n');
      }
      return { release, fh, since: performance.now() };
    } catch (error) {
      await fh?.close();
      await release();
      throw error;
    }
  }

  async #unlock(held: { release(): Promise<void>; fh: FileHandle }): Promise<void> {
    try {
      await held.fh.close();
    } finally {
      await held.release();
    }
  }
}

async function compactFile(file: string, lockTimeoutMs: number, fsync: boolean): Promise<CompactResult> {
  const release = await new FileLock(file, { timeoutMs: lockTimeoutMs }).acquire();
  try {
    // pass 1: the line of each item's last row; pass 2: keep exactly those lines, in file order
    const lastLine = new Map<string, number>();
    let rowsBefore = 0;
    let problemsDropped = 0;
    for await (const entry of readManifest(file)) {
      if ('row' in entry) {
        rowsBefore++;
        lastLine.set(entry.row.itemId, entry.line);
      } else problemsDropped++;
    }
    const tmp = `${file}.compact-${process.pid}`;
    const out = await open(tmp, 'w');
    let rowsAfter = 0;
    try {
      let chunk: string[] = [];
      for await (const entry of readManifest(file)) {
        if ('row' in entry && lastLine.get(entry.row.itemId) === entry.line) {
          chunk.push(`${entry.text}\n`);
          rowsAfter++;
          if (chunk.length >= 5000) {
            await out.appendFile(chunk.join(''));
            chunk = [];
          }
        }
      }
      await out.appendFile(chunk.join(''));
      if (fsync) await out.sync();
    } finally {
      await out.close();
    }
    await rename(tmp, file);
    if (fsync) {
      const d = await open(resolve(file, '..'), 'r');
      await d.sync().finally(() => d.close());
    }
    return { rowsBefore, rowsAfter, problemsDropped };
  } finally {
    await release();
  }
}
