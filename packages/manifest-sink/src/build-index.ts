import { createReadStream } from 'node:fs';
import { CompactIndex, STATUSES } from './index-store.js';
import { Field, fieldEquals, fieldString, scanLine, spans } from './scan.js';

const STATUS_BYTES = STATUSES.map((s) => Buffer.from(s));
const QUOTE = 0x22;

const start = (f: number) => spans[3 * f]!;
const end = (f: number) => spans[3 * f + 1]!;
const escaped = (f: number) => spans[3 * f + 2] === 1;
const isString = (buf: Buffer, f: number) => start(f) >= 0 && buf[start(f)] === QUOTE;

function statusOf(buf: Buffer): number {
  for (let s = 0; s < STATUS_BYTES.length; s++)
    if (fieldEquals(buf, Field.status, STATUS_BYTES[s]!)) return s;
  return -1;
}

/** A non-negative integer `attempts`, 0 when absent, -1 when malformed. */
function attemptsOf(buf: Buffer): number {
  const s = start(Field.attempts);
  if (s < 0) return 0;
  let n = 0;
  for (let i = s; i < end(Field.attempts); i++) {
    const c = buf[i]!;
    if (c < 0x30 || c > 0x39) return -1;
    n = n * 10 + (c - 0x30);
  }
  return n;
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

  const take = (buf: Buffer, from: number, to: number, last: boolean) => {
    line++;
    if (to === from) return;
    if (!scanLine(buf, from, to)) {
      // the rare path: tell JSON that is not an object from what is not JSON at all
      let json = false;
      try {
        JSON.parse(buf.toString('utf8', from, to));
        json = true;
      } catch {}
      index.problems.push(
        json
          ? { line, kind: 'invalid', message: 'JSON, but not a manifest row; skipped' }
          : last
            ? {
                line,
                kind: 'truncated',
                message: 'the last line is incomplete (a writer stopped mid-line); skipped',
              }
            : { line, kind: 'corrupt', message: 'not a well-formed JSON object; skipped' },
      );
      return;
    }
    const status = statusOf(buf);
    const attempts = attemptsOf(buf);
    const refStart = start(Field.outputRef);
    const refIsString = isString(buf, Field.outputRef);
    const refIsNull = refStart >= 0 && end(Field.outputRef) - refStart === 4 && buf[refStart] === 0x6e;
    if (
      status < 0 ||
      attempts < 0 ||
      !isString(buf, Field.itemId) ||
      end(Field.itemId) - start(Field.itemId) < 3 ||
      !isString(buf, Field.stage) ||
      !isString(buf, Field.fingerprint) ||
      (refStart >= 0 && !refIsString && !refIsNull)
    ) {
      index.problems.push({ line, kind: 'invalid', message: 'JSON, but not a manifest row; skipped' });
      return;
    }
    if (!fieldEquals(buf, Field.stage, stageBytes) && fieldString(buf, Field.stage) !== stage) return;

    // ids, fingerprints and refs stay bytes; only escaped strings (rare) are decoded and re-encoded
    let slot: number;
    if (escaped(Field.itemId)) {
      const key = Buffer.from(fieldString(buf, Field.itemId), 'utf8');
      slot = index.slot(key, 0, key.length, true);
    } else {
      slot = index.slot(buf, start(Field.itemId) + 1, end(Field.itemId) - 1, true);
    }
    const fpStart = start(Field.fingerprint);
    const fpText =
      !escaped(Field.fingerprint) && end(Field.fingerprint) - fpStart === 66
        ? undefined
        : fieldString(buf, Field.fingerprint);
    if (!refIsString) {
      index.record(slot, status, attempts, buf, fpStart + 1, fpText, -1, -1);
    } else if (escaped(Field.outputRef)) {
      const ref = Buffer.from(fieldString(buf, Field.outputRef), 'utf8');
      const fp = fpText ?? buf.toString('latin1', fpStart + 1, fpStart + 65);
      index.record(slot, status, attempts, ref, 0, fp, 0, ref.length);
    } else {
      index.record(slot, status, attempts, buf, fpStart + 1, fpText, refStart + 1, end(Field.outputRef) - 1);
    }
  };

  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      let buf = chunk;
      if (carry) {
        buf = Buffer.concat([carry, chunk]);
        carry = undefined;
      }
      let from = 0;
      for (;;) {
        const nl = buf.indexOf(0x0a, from);
        if (nl === -1) break;
        take(buf, from, nl, false);
        from = nl + 1;
      }
      if (from < buf.length) carry = Buffer.from(buf.subarray(from));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return index;
    throw error;
  }
  if (carry && carry.length > 0) take(carry, 0, carry.length, true);
  return index;
}
