import { createReadStream } from 'node:fs';
import { CompactIndex, STATUSES } from './index-store.js';
import { type ScannedRow, type Span, scanLine, spanEquals, spanString } from './scan.js';

const STATUS_BYTES = STATUSES.map((s) => Buffer.from(s));
const NULL = Buffer.from('null');

function statusOf(buf: Buffer, span: Span | undefined): number {
  if (!span) return -1;
  for (let s = 0; s < STATUS_BYTES.length; s++) if (spanEquals(buf, span, STATUS_BYTES[s]!)) return s;
  return -1;
}

const isNull = (buf: Buffer, span: Span) =>
  span.end - span.start === 4 &&
  buf[span.start] === NULL[0] &&
  buf.toString('latin1', span.start, span.end) === 'null';

function attemptsOf(buf: Buffer, span: Span | undefined): number {
  if (!span) return 0;
  let n = 0;
  for (let i = span.start; i < span.end; i++) {
    const c = buf[i]!;
    if (c < 0x30 || c > 0x39) return -1;
    n = n * 10 + (c - 0x30);
  }
  return n;
}

function recordRef(
  index: CompactIndex,
  slot: number,
  status: number,
  attempts: number,
  buf: Uint8Array,
  fpAt: number,
  fpText: string | undefined,
  ref: Buffer,
): void {
  // an escaped reference: copy the fingerprint bytes first, since `record` reads them from one buffer
  const fp = fpText ?? Buffer.from(buf.subarray(fpAt, fpAt + 64)).toString('latin1');
  index.record(slot, status, attempts, ref, 0, fp, 0, ref.length);
}

/**
 * The latest-status index of one stage's manifest file, in one streaming pass over raw chunks and in
 * bounded memory (the index itself, plus one chunk). Unusable lines become problems, as in `readManifest`.
 */
export async function buildIndex(file: string, stage: string): Promise<CompactIndex> {
  const index = new CompactIndex();
  const stageBytes = Buffer.from(stage);
  let line = 0;
  let carry: Buffer | undefined;

  const take = (buf: Buffer, start: number, end: number, last: boolean) => {
    line++;
    if (end === start) return;
    const row: ScannedRow | undefined = scanLine(buf, start, end);
    if (!row) {
      // the rare path: tell JSON that is not an object from what is not JSON at all
      let json = false;
      try {
        JSON.parse(buf.toString('utf8', start, end));
        json = true;
      } catch {}
      if (json) {
        index.problems.push({ line, kind: 'invalid', message: 'JSON, but not a manifest row; skipped' });
        return;
      }
      index.problems.push(
        last
          ? {
              line,
              kind: 'truncated',
              message: 'the last line is incomplete (a writer stopped mid-line); skipped',
            }
          : { line, kind: 'corrupt', message: 'not a well-formed JSON object; skipped' },
      );
      return;
    }
    const status = statusOf(buf, row.status);
    const attempts = attemptsOf(buf, row.attempts);
    const fp = row.fingerprint;
    const ref = row.outputRef;
    const itemIdSpan = row.itemId;
    if (
      status < 0 ||
      attempts < 0 ||
      !itemIdSpan ||
      buf[itemIdSpan.start] !== 0x22 ||
      itemIdSpan.end - itemIdSpan.start < 3 ||
      !row.stage ||
      buf[row.stage.start] !== 0x22 ||
      !fp ||
      buf[fp.start] !== 0x22 ||
      (ref && buf[ref.start] !== 0x22 && !isNull(buf, ref))
    ) {
      index.problems.push({ line, kind: 'invalid', message: 'JSON, but not a manifest row; skipped' });
      return;
    }
    if (!spanEquals(buf, row.stage, stageBytes) && spanString(buf, row.stage) !== stage) return;
    // ids and refs stay bytes; only escaped ones (rare) are decoded and re-encoded canonically
    let slot: number;
    if (itemIdSpan.escaped) {
      const key = Buffer.from(spanString(buf, itemIdSpan), 'utf8');
      slot = index.slot(key, 0, key.length, true);
    } else {
      slot = index.slot(buf, itemIdSpan.start + 1, itemIdSpan.end - 1, true);
    }
    const hexFp = !fp.escaped && fp.end - fp.start === 66;
    const fpText = hexFp ? undefined : spanString(buf, fp);
    if (ref && buf[ref.start] === 0x22) {
      if (ref.escaped) {
        const bytes = Buffer.from(spanString(buf, ref), 'utf8');
        recordRef(index, slot, status, attempts, buf, fp.start + 1, fpText, bytes);
      } else {
        index.record(slot, status, attempts, buf, fp.start + 1, fpText, ref.start + 1, ref.end - 1);
      }
    } else {
      index.record(slot, status, attempts, buf, fp.start + 1, fpText, -1, -1);
    }
  };

  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      let buf = chunk;
      if (carry) {
        buf = Buffer.concat([carry, chunk]);
        carry = undefined;
      }
      let start = 0;
      for (;;) {
        const end = buf.indexOf(0x0a, start);
        if (end === -1) break;
        take(buf, start, end, false);
        start = end + 1;
      }
      if (start < buf.length) carry = Buffer.from(buf.subarray(start));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return index;
    throw error;
  }
  if (carry && carry.length > 0) take(carry, 0, carry.length, true);
  return index;
}
