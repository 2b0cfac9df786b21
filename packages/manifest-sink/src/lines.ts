import { type FileHandle, open } from 'node:fs/promises';

/** Lines longer than this are reported and skipped rather than held in memory. */
export const MAX_LINE_BYTES = 64 * 2 ** 20;

export interface LineVisitor {
  /**
   * One line `buf[start, end)` without its newline, numbered from 1. `last` is true for a final line
   * that has no newline. `buf` is reused after the call returns: copy what you keep.
   */
  line(buf: Buffer, start: number, end: number, line: number, last: boolean): void;
  /** A line longer than the limit, skipped whole (`last`: it had no newline). */
  overlong(line: number, bytes: number, last: boolean): void;
}

/**
 * Reads a file line by line over two reused buffers: while the lines of one chunk are visited, the next
 * chunk is already being read into the other. A native newline search, no string and no allocation per
 * line; a line split across chunks is assembled in a carry buffer, and one longer than `maxLineBytes`
 * is counted and skipped instead of held.
 */
export class LineReader {
  readonly #fh: FileHandle;
  readonly #maxLine: number;
  readonly #bufs: [Buffer, Buffer];
  #cur = 0;
  #pending: Promise<number> | undefined; // the read into the other buffer
  #carry: Buffer = Buffer.allocUnsafe(1 << 16); // the start of a line the last chunk did not finish
  #carryLen = 0;
  #skipping = -1; // bytes of an overlong line skipped so far, or -1
  #line = 0;
  #done = false;

  private constructor(fh: FileHandle, chunkBytes: number, maxLineBytes: number) {
    this.#fh = fh;
    this.#bufs = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
    this.#maxLine = maxLineBytes;
  }

  /** A reader over `file`, or undefined when it does not exist (an empty manifest). */
  static async open(
    file: string,
    options: { chunkBytes?: number; maxLineBytes?: number } = {},
  ): Promise<LineReader | undefined> {
    let fh: FileHandle;
    try {
      fh = await open(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return new LineReader(fh, options.chunkBytes ?? 2 ** 20, options.maxLineBytes ?? MAX_LINE_BYTES);
  }

  #read(buf: Buffer): Promise<number> {
    return this.#fh.read(buf, 0, buf.length, null).then((r) => r.bytesRead);
  }

  /** Reads the next chunk and visits the lines it completes. False once the file is exhausted. */
  async next(visitor: LineVisitor): Promise<boolean> {
    if (this.#done) return false;
    const buf = this.#bufs[this.#cur]!;
    const pending = this.#pending ?? this.#read(buf);
    this.#pending = undefined;
    const bytes = await pending;
    if (bytes === 0) {
      this.#done = true;
      if (this.#skipping >= 0) visitor.overlong(++this.#line, this.#skipping, true);
      else if (this.#carryLen > 0) visitor.line(this.#carry, 0, this.#carryLen, ++this.#line, true);
      this.#carryLen = 0;
      return false;
    }
    this.#cur = 1 - this.#cur;
    this.#pending = this.#read(this.#bufs[this.#cur]!); // read ahead while this chunk is scanned
    this.#pending.catch(() => {}); // a failure surfaces at the next call
    this.#scan(buf.subarray(0, bytes), visitor);
    return true;
  }

  #scan(data: Buffer, visitor: LineVisitor): void {
    let pos = 0;
    if (this.#carryLen > 0 || this.#skipping >= 0) {
      // finish the line the previous chunk started
      const nl = data.indexOf(0x0a);
      const end = nl === -1 ? data.length : nl;
      this.#keep(data, 0, end);
      if (nl === -1) return;
      if (this.#skipping >= 0) visitor.overlong(++this.#line, this.#skipping, false);
      else visitor.line(this.#carry, 0, this.#carryLen, ++this.#line, false);
      this.#skipping = -1;
      this.#carryLen = 0;
      pos = nl + 1;
    }
    for (;;) {
      const nl = data.indexOf(0x0a, pos);
      if (nl === -1) break;
      if (nl - pos > this.#maxLine) visitor.overlong(++this.#line, nl - pos, false);
      else visitor.line(data, pos, nl, ++this.#line, false);
      pos = nl + 1;
    }
    if (pos < data.length) this.#keep(data, pos, data.length);
  }

  /** Adds `data[start, end)` to the unfinished line, or to the count of an overlong one. */
  #keep(data: Buffer, start: number, end: number): void {
    const n = end - start;
    if (this.#skipping >= 0) {
      this.#skipping += n;
      return;
    }
    if (this.#carryLen + n > this.#maxLine) {
      this.#skipping = this.#carryLen + n;
      this.#carryLen = 0;
      return;
    }
    if (this.#carryLen + n > this.#carry.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.#carry.length * 2, this.#carryLen + n));
      this.#carry.copy(bigger, 0, 0, this.#carryLen);
      this.#carry = bigger;
    }
    data.copy(this.#carry, this.#carryLen, start, end);
    this.#carryLen += n;
  }

  async close(): Promise<void> {
    await this.#pending?.catch(() => {});
    this.#pending = undefined;
    await this.#fh.close();
  }
}

/** Visits every line of `file`; false when the file does not exist. */
export async function forEachLine(
  file: string,
  visitor: LineVisitor,
  options?: { chunkBytes?: number; maxLineBytes?: number },
): Promise<boolean> {
  const reader = await LineReader.open(file, options);
  if (!reader) return false;
  try {
    while (await reader.next(visitor)) {}
  } finally {
    await reader.close();
  }
  return true;
}
