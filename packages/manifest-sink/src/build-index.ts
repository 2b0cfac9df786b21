import { foreignStageProblem, overlongProblem, parseLine } from './classify.js';
import { CompactIndex } from './index-store.js';
import { forEachLine, type LineVisitor, MAX_LINE_BYTES } from './lines.js';
import {
  escapes,
  Field,
  fastRow,
  fieldEquals,
  fieldString,
  fingerprintBytes,
  scanned,
  spans,
} from './scan.js';

const STATUS_INDEX: Record<string, number> = { success: 0, failure: 1, skip: 2, cancelled: 3 };

/**
 * The latest-status index of one stage's manifest file, in one streaming pass over raw bytes and in
 * bounded memory (the index itself plus one read buffer). Lines the fast scanner is sure of are indexed
 * straight from their bytes; any other line is parsed and checked against the schema, exactly as
 * `readManifest` does, so both agree on every line. Unusable lines become `problems`.
 */
export async function buildIndex(
  file: string,
  stage: string,
  options: { maxLineBytes?: number; chunkBytes?: number } = {},
): Promise<CompactIndex> {
  const index = new CompactIndex();
  const stageBytes = Buffer.from(stage, 'utf8');
  const limit = options.maxLineBytes ?? MAX_LINE_BYTES;
  const visitor: LineVisitor = {
    line(buf, start, end, line, last) {
      if (start === end) return;
      if (!fastRow(buf, start, end)) {
        slowLine(index, buf.toString('utf8', start, end), line, last, stage);
        return;
      }
      if (!fieldEquals(buf, Field.stage, stageBytes)) {
        const found = fieldString(buf, Field.stage);
        if (found !== stage) {
          index.problems.push(foreignStageProblem(line, found, stage));
          return;
        }
      }
      let slot: number;
      if (escapes[Field.itemId]) {
        const key = Buffer.from(fieldString(buf, Field.itemId), 'utf8');
        slot = index.slot(key, 0, key.length);
      } else {
        slot = index.slot(buf, spans[2 * Field.itemId]! + 1, spans[2 * Field.itemId + 1]! - 1);
      }
      index.setStatus(slot, scanned.status, scanned.attempts);
      if (scanned.hexFingerprint) index.setFingerprintHex(slot, fingerprintBytes);
      else if (escapes[Field.fingerprint])
        index.setFingerprintText(slot, fieldString(buf, Field.fingerprint));
      else
        index.setFingerprintBytes(
          slot,
          buf,
          spans[2 * Field.fingerprint]! + 1,
          spans[2 * Field.fingerprint + 1]! - 1,
        );
      const ref = spans[2 * Field.outputRef]!;
      if (ref < 0 || buf[ref] !== 0x22) index.setOutputRef(slot, buf, -1, -1);
      else if (escapes[Field.outputRef]) {
        const bytes = Buffer.from(fieldString(buf, Field.outputRef), 'utf8');
        index.setOutputRef(slot, bytes, 0, bytes.length);
      } else index.setOutputRef(slot, buf, ref + 1, spans[2 * Field.outputRef + 1]! - 1);
    },
    overlong(line, bytes, last) {
      index.problems.push(overlongProblem(line, bytes, last, limit));
    },
  };
  await forEachLine(file, visitor, {
    maxLineBytes: limit,
    ...(options.chunkBytes ? { chunkBytes: options.chunkBytes } : {}),
  });
  return index;
}

/** A line the fast scanner could not vouch for: parsed and checked against the schema. */
function slowLine(index: CompactIndex, text: string, line: number, last: boolean, stage: string): void {
  const verdict = parseLine(text, line, last);
  if ('problem' in verdict) {
    index.problems.push(verdict.problem);
    return;
  }
  const row = verdict.row;
  if (row.stage !== stage) {
    index.problems.push(foreignStageProblem(line, row.stage, stage));
    return;
  }
  const key = Buffer.from(row.itemId, 'utf8');
  const slot = index.slot(key, 0, key.length);
  index.setStatus(slot, STATUS_INDEX[row.status]!, row.attempts);
  const fp = Buffer.from(row.fingerprint, 'utf8');
  index.setFingerprintBytes(slot, fp, 0, fp.length);
  if (row.outputRef == null) index.setOutputRef(slot, key, -1, -1);
  else {
    const ref = Buffer.from(row.outputRef, 'utf8');
    index.setOutputRef(slot, ref, 0, ref.length);
  }
}
