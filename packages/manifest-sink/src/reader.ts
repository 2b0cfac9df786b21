import type { ManifestProblem, ManifestRow } from '@jobintel/runner-core';
import { foreignStageProblem, overlongProblem, parseLine } from './classify.js';
import { LineReader, type LineVisitor, MAX_LINE_BYTES } from './lines.js';
import { fastRow } from './scan.js';

export type ManifestLine = { line: number; row: ManifestRow } | { line: number; problem: ManifestProblem };

export interface ReadManifestOptions {
  /** Only rows of this stage are rows; a row of another stage is reported as `invalid`. */
  stage?: string;
  /** Lines longer than this are reported (`corrupt`, or `truncated` when last) and skipped. Default 64 MiB. */
  maxLineBytes?: number;
}

/**
 * Streams a JSONL manifest line by line over raw buffers (no readline, no whole-file read). Yields each
 * usable row, and a problem for each line that is not: `truncated` for a last line without its newline
 * that does not parse (a writer killed mid-line), `corrupt` for a line that is not JSON, `invalid` for
 * JSON that the row schema rejects (the message names the field). A bad line never takes a neighbour
 * with it, bad content never throws, and a missing file is an empty manifest. Empty lines are skipped.
 */
export async function* readManifest(
  file: string,
  options: ReadManifestOptions = {},
): AsyncGenerator<ManifestLine> {
  const limit = options.maxLineBytes ?? MAX_LINE_BYTES;
  const reader = await LineReader.open(file, { maxLineBytes: limit });
  if (!reader) return;
  const stage = options.stage;
  let out: ManifestLine[] = [];
  const visitor: LineVisitor = {
    line(buf, start, end, line, last) {
      if (start === end) return;
      const text = buf.toString('utf8', start, end);
      // the fast scanner vouches for the common line; JSON.parse then builds it without the schema
      const verdict = fastRow(buf, start, end)
        ? { row: JSON.parse(text) as ManifestRow }
        : parseLine(text, line, last);
      if ('problem' in verdict) out.push({ line, problem: verdict.problem });
      else if (stage !== undefined && verdict.row.stage !== stage)
        out.push({ line, problem: foreignStageProblem(line, verdict.row.stage, stage) });
      else out.push({ line, row: verdict.row });
    },
    overlong(line, bytes, last) {
      out.push({ line, problem: overlongProblem(line, bytes, last, limit) });
    },
  };
  try {
    for (;;) {
      const more = await reader.next(visitor);
      const batch = out;
      out = [];
      yield* batch;
      if (!more) break;
    }
  } finally {
    await reader.close();
  }
}
