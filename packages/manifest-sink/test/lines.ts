// Test helpers: random manifest rows, random damage to their text, and the oracle that defines what a
// usable line is (JSON.parse, then the row schema), written independently of the code under test.
import { type ManifestRow, manifestRowSchema, seededRandom } from '@jobintel/runner-core';

export type Random = () => number;
export const random = (seed: number): Random => seededRandom(seed);
export const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

const ids = [
  'a',
  'item-1',
  'x'.repeat(40),
  'ü-ñ-東京',
  'quote"d',
  'back\\slash',
  'tab\there',
  'nl\nline',
  '\u2028',
  '🙂',
];
const hex = (r: Random) =>
  Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');

/** A valid row with random optional parts. */
export function randomRow(r: Random, stage = 's'): ManifestRow {
  const row: ManifestRow = {
    schemaVersion: 1,
    runId: pick(r, ['run-1', 'r', 'run "2"']),
    stage,
    itemId: `${pick(r, ids)}-${Math.floor(r() * 50)}`,
    status: pick(r, ['success', 'failure', 'skip', 'cancelled'] as const),
    attempts: Math.floor(r() * 4),
    durationMs: pick(r, [0, 1, 12.5, 1e-7, 123456.789]),
    fingerprint: r() < 0.8 ? hex(r) : pick(r, ['', 'f', `${'ABCDEF'.repeat(10)}ABCD`, 'sha1:abc']),
    ts: pick(r, ['2026-11-22T10:00:00.000Z', '2024-02-29T23:59:59Z', '2026-01-01T00:00:00.123456Z']),
  };
  const ref = r();
  if (ref < 0.4) row.outputRef = `out/${row.itemId}.json`;
  else if (ref < 0.7) row.outputRef = null;
  const err = r();
  if (err < 0.3)
    row.error = { category: 'TypeError', code: 'E_X', message: pick(r, ['bad', 'with "quotes"\n']) };
  else if (err < 0.5) row.error = null;
  if (r() < 0.3)
    row.extra = { n: r(), list: [1, 'two', null, { deep: [true, false] }], s: pick(r, ['é', '\\u', '']) };
  return row;
}

const alphabet = [
  '"',
  '\\',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '0',
  '1',
  '9',
  'e',
  'E',
  '-',
  '+',
  '.',
  'a',
  'n',
  'u',
  ' ',
  '\t',
  '\u0001',
  'ü',
];
const values: unknown[] = [
  '',
  'x',
  0,
  -1,
  -0.5,
  1.5,
  2 ** 53,
  1e308,
  null,
  true,
  [],
  {},
  'success',
  'skip',
  '2026-02-29T00:00:00Z',
  { a: 1 },
];
const fields = Object.keys(manifestRowSchema.shape);

/** The text of a row, damaged in one of many ways (or not at all). */
export function damagedLine(r: Random): string {
  const row = randomRow(r) as Record<string, unknown>;
  const kind = Math.floor(r() * 16);
  let text = JSON.stringify(row);
  const at = () => Math.floor(r() * (text.length + 1));
  switch (kind) {
    case 0:
      return text;
    case 1: {
      const i = at();
      return text.slice(0, i) + pick(r, alphabet) + text.slice(i + 1);
    }
    case 2: {
      const i = at();
      return text.slice(0, i) + text.slice(i + 1);
    }
    case 3: {
      const i = at();
      return text.slice(0, i) + pick(r, alphabet) + text.slice(i);
    }
    case 4:
      return text.slice(0, at());
    case 5:
      row[pick(r, fields)] = pick(r, values);
      return JSON.stringify(row);
    case 6:
      delete row[pick(r, fields)];
      return JSON.stringify(row);
    case 7:
      row[pick(r, ['unknown', 'Status', '__proto__', 'ts '])] = 1;
      return JSON.stringify(row);
    case 8: {
      const keys = Object.keys(row).sort(() => r() - 0.5);
      return JSON.stringify(Object.fromEntries(keys.map((k) => [k, row[k]])));
    }
    case 9:
      return text.replace(
        pick(r, ['"schemaVersion":1', '"durationMs":', '"attempts":']),
        pick(r, [
          '"schemaVersion":1.0',
          '"schemaVersion":1e0',
          '"durationMs":1e400,"x":',
          '"durationMs":-0,"y":',
          '"attempts":1e1,"z":',
          '"attempts":01',
        ]),
      );
    case 10:
      return `{${pick(r, ['"status":"skip",', '"itemId":"dup",', '"stage":"other",', '"ts":"bad",'])}${text.slice(1)}`;
    case 11:
      return text.replace(
        pick(r, ['"status"', '"itemId"', '"ts"']),
        pick(r, ['"st\\u0061tus"', '"item\\u0049d"', '"t\\u0073"']),
      );
    case 12:
      return JSON.stringify(row, null, 1).replace(/\n/g, pick(r, [' ', '\t', '\r', '']));
    case 13:
      text = text.replace(
        /"(success|failure|skip|cancelled)"/,
        (m) => `"${m.slice(1, 2)}\\u00${m.charCodeAt(2).toString(16)}${m.slice(3)}`,
      );
      return text;
    case 14: {
      let deep: unknown = 1;
      const depth = pick(r, [10, 63, 64, 65, 200]);
      for (let d = 0; d < depth; d++) deep = r() < 0.5 ? [deep] : { k: deep };
      row.extra = { deep };
      return JSON.stringify(row);
    }
    default:
      return pick(r, [
        '',
        ' ',
        '{}',
        '[]',
        'null',
        '"row"',
        '1',
        '{"a":1}',
        '\u0000\u0000\u0000',
        text + text,
      ]);
  }
}

export type OracleVerdict = { row: ManifestRow } | { kind: 'truncated' | 'corrupt' | 'invalid' };

/** What a line is, by definition. */
export function oracle(text: string, last: boolean): OracleVerdict {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: last ? 'truncated' : 'corrupt' };
  }
  const parsed = manifestRowSchema.safeParse(value);
  return parsed.success ? { row: parsed.data } : { kind: 'invalid' };
}
