import { createReadStream } from 'node:fs';
import type { ManifestProblem, ManifestRow } from '@jobintel/runner-core';
import { readableRow } from './validate.js';

export type ManifestLine =
  | { line: number; row: ManifestRow; text: string }
  | { line: number; problem: ManifestProblem };

const NEWLINE = 0x0a;

/**
 * Streams a JSONL manifest line by line over raw buffers (no readline, no whole-file read). Yields each
 * usable row, and a problem for each line that is not: `truncated` for a last line without its newline
 * that does not parse (a writer killed mid-line), `corrupt` for a line that is not JSON, `invalid` for
 * JSON that is not a row. A bad line never takes a neighbour with it. A missing file is empty.
 */
export async function* readManifest(file: string): AsyncGenerator<ManifestLine> {
  let stream: AsyncIterable<Buffer>;
  try {
    stream = createReadStream(file, { highWaterMark: 1 << 20 });
  } catch {
    return;
  }
  let carry: Buffer | undefined;
  let line = 0;
  try {
    for await (const chunk of stream) {
      let start = 0;
      let buf = chunk;
      if (carry) {
        buf = Buffer.concat([carry, chunk]);
        carry = undefined;
      }
      for (;;) {
        const end = buf.indexOf(NEWLINE, start);
        if (end === -1) break;
        line++;
        if (end > start) yield parse(buf.toString('utf8', start, end), line, false);
        start = end + 1;
      }
      if (start < buf.length) carry = buf.subarray(start);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (carry && carry.length > 0) yield parse(carry.toString('utf8'), line + 1, true);
}

function parse(text: string, line: number, last: boolean): ManifestLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      line,
      problem: {
        line,
        kind: last ? 'truncated' : 'corrupt',
        message: last
          ? 'the last line is incomplete (a writer stopped mid-line); skipped'
          : `not JSON (${(error as Error).message}); skipped`,
      },
    };
  }
  if (!readableRow(value)) {
    return { line, problem: { line, kind: 'invalid', message: 'JSON, but not a manifest row; skipped' } };
  }
  return { line, row: value, text };
}
