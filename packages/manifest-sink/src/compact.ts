import { randomUUID } from 'node:crypto';
import { type FileHandle, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseLine } from './classify.js';
import { CompactIndex } from './index-store.js';
import { forEachLine, LineReader, type LineVisitor } from './lines.js';
import { escapes, Field, fastRow, fieldEquals, fieldString, spans } from './scan.js';

export interface CompactResult {
  /** Usable rows of the stage before compaction. */
  rowsBefore: number;
  /** Rows kept: one per item, its last. */
  rowsAfter: number;
  /** Lines dropped because they were not usable rows of the stage (the problems `latest()` reports). */
  problemsDropped: number;
}

/**
 * Rewrites a stage file to the last row of each item, in order of their last appearance. The caller
 * holds the lock. Two streaming passes: the first finds each item's last line (a line number per item,
 * in the compact index's slots), the second copies those lines byte for byte into a temporary file,
 * which is fsynced and renamed over the original; then the directory is fsynced. A failure leaves the
 * original untouched and removes the temporary file.
 */
export async function compactFile(file: string, stage: string, fsync: boolean): Promise<CompactResult> {
  const stageBytes = Buffer.from(stage, 'utf8');
  const items = new CompactIndex();
  let lastLine = new Uint32Array(1024); // per item slot: the line of its last row
  let rowsBefore = 0;
  let problemsDropped = 0;
  let lines = 0;

  // pass 1: the last line of every item
  const exists = await forEachLine(file, {
    line(buf, start, end, line, last) {
      lines = line;
      if (start === end) return;
      let key: Buffer | undefined;
      let from = 0;
      let to = 0;
      if (fastRow(buf, start, end)) {
        if (!fieldEquals(buf, Field.stage, stageBytes) && fieldString(buf, Field.stage) !== stage) {
          problemsDropped++;
          return;
        }
        if (escapes[Field.itemId]) key = Buffer.from(fieldString(buf, Field.itemId), 'utf8');
        else {
          key = buf;
          from = spans[2 * Field.itemId]! + 1;
          to = spans[2 * Field.itemId + 1]! - 1;
        }
      } else {
        const verdict = parseLine(buf.toString('utf8', start, end), line, last);
        if ('problem' in verdict || verdict.row.stage !== stage) {
          problemsDropped++;
          return;
        }
        key = Buffer.from(verdict.row.itemId, 'utf8');
      }
      if (key !== buf) to = key.length;
      rowsBefore++;
      const slot = items.slot(key, from, to);
      if (slot >= lastLine.length) lastLine = grown(lastLine, slot);
      lastLine[slot] = line;
    },
    overlong(line) {
      lines = line;
      problemsDropped++;
    },
  });
  if (!exists) return { rowsBefore: 0, rowsAfter: 0, problemsDropped: 0 };
  const keep = new Uint8Array(lines + 1);
  for (let s = 0; s < items.size; s++) keep[lastLine[s]!] = 1;

  await removeDeadTemporaries(file);

  // pass 2: copy the kept lines, writing what each read completes before reading on
  const tmp = `${file}.compact.${randomUUID()}`;
  let out: FileHandle | undefined;
  let reader: LineReader | undefined;
  let rowsAfter = 0;
  try {
    out = await open(tmp, 'wx');
    reader = await LineReader.open(file);
    if (!reader) throw new Error(`${file} disappeared during compaction`);
    let pending = Buffer.allocUnsafe(1 << 20);
    let used = 0;
    const visitor: LineVisitor = {
      line(buf, start, end, line) {
        if (keep[line] !== 1) return;
        rowsAfter++;
        const n = end - start + 1;
        if (used + n > pending.length) {
          const bigger = Buffer.allocUnsafe(Math.max(pending.length * 2, used + n));
          pending.copy(bigger, 0, 0, used);
          pending = bigger;
        }
        buf.copy(pending, used, start, end);
        pending[used + n - 1] = 0x0a;
        used += n;
      },
      overlong() {},
    };
    for (;;) {
      const more = await reader.next(visitor);
      for (let at = 0; at < used; ) at += (await out.write(pending, at, used - at)).bytesWritten;
      used = 0;
      if (!more) break;
    }
    if (fsync) await out.sync();
    await out.close();
    out = undefined;
    await rename(tmp, file);
  } catch (error) {
    await out?.close().catch(() => {});
    await rm(tmp, { force: true });
    throw error;
  } finally {
    await reader?.close();
  }
  if (fsync) await syncDir(dirname(file));
  return { rowsBefore, rowsAfter, problemsDropped };
}

const TEMPORARY = /^\.compact\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Temporary files of compactions that died: any there is now is one, since we hold the lock. */
async function removeDeadTemporaries(file: string): Promise<void> {
  const name = basename(file);
  const names = await readdir(dirname(file)).catch(() => [] as string[]);
  for (const other of names) {
    if (other.startsWith(name) && TEMPORARY.test(other.slice(name.length))) {
      await rm(join(dirname(file), other), { force: true }).catch(() => {});
    }
  }
}

function grown<T extends Uint8Array | Uint32Array>(a: T, index: number): T {
  let n = a.length;
  while (n <= index) n *= 2;
  const next = new (a.constructor as new (n: number) => T)(n);
  next.set(a);
  return next;
}

/** Makes a rename or a new file in `dir` durable. */
export async function syncDir(dir: string): Promise<void> {
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}
