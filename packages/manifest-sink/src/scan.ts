// The hot path of the reader: decides, from the raw bytes of one line and without building any object,
// whether the line is certainly a valid manifest row, and if so where its resume fields are.
//
// It is *sound* and deliberately *incomplete*: `fastRow` returns true only for a line that `JSON.parse`
// accepts and whose value `manifestRowSchema` accepts (checked by a property test against both). Anything
// unusual (an escaped key, an exponent in `durationMs`, a duplicate key, nesting deeper than 64, an escaped
// status or timestamp, ...) returns false, and the caller takes the slow path: `JSON.parse` plus the zod
// schema. So the fast path changes only the speed, never the verdict. One pass over the bytes, no
// allocation for a typical row; this loop runs over every byte of a manifest.

/** The top-level fields of a row, as indexes into `spans` and `escapes`. */
export const Field = {
  schemaVersion: 0,
  runId: 1,
  stage: 2,
  itemId: 3,
  status: 4,
  attempts: 5,
  durationMs: 6,
  fingerprint: 7,
  outputRef: 8,
  error: 9,
  ts: 10,
  extra: 11,
} as const;

const NAMES = [
  'schemaVersion',
  'runId',
  'stage',
  'itemId',
  'status',
  'attempts',
  'durationMs',
  'fingerprint',
  'outputRef',
  'error',
  'ts',
  'extra',
];
const KEYS = NAMES.map((n) => Buffer.from(n, 'latin1'));
const REQUIRED = 0b10011111111; // every field but outputRef, error and extra

/**
 * After `fastRow` returned true: the value of field f is `buf[spans[2f], spans[2f + 1])` (a string value
 * with its quotes; start -1 when absent), and `escapes[f]` is 1 when that string contains escapes.
 * Reused for every line.
 */
export const spans = new Int32Array(NAMES.length * 2);
export const escapes = new Uint8Array(NAMES.length);
/**
 * After `fastRow` returned true: the index of the status in `STATUS_NAMES`, the attempts, and whether the
 * fingerprint is 64 lowercase hex digits (then decoded into `fingerprintBytes`).
 */
export const scanned = { status: 0, attempts: 0, hexFingerprint: false };
export const fingerprintBytes = new Uint8Array(32);

/** Lowercase hex digit values; -1 for any other byte (uppercase is kept as text, to round-trip). */
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[0x30 + c] = c;
for (let c = 0; c < 6; c++) HEX[0x61 + c] = 10 + c;

/** Decodes 64 lowercase hex digits at `i` into `fingerprintBytes`; false when they are not. */
function unhex(buf: Uint8Array, i: number): boolean {
  for (let k = 0; k < 32; k++) {
    const hi = HEX[buf[i + 2 * k]!]!;
    const lo = HEX[buf[i + 2 * k + 1]!]!;
    if ((hi | lo) < 0) return false;
    fingerprintBytes[k] = (hi << 4) | lo;
  }
  return true;
}

export const STATUS_NAMES = ['success', 'failure', 'skip', 'cancelled'] as const;
const STATUS_BYTES = STATUS_NAMES.map((s) => Buffer.from(s, 'latin1'));

const SPECIAL = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) SPECIAL[c] = 1;
SPECIAL[0x22] = 1;
SPECIAL[0x5c] = 1;
const MAX_DEPTH = 64;
const stack = new Uint8Array(MAX_DEPTH); // 1 = object, 2 = array

/** The top-level field a key names, or -1. */
function keyField(buf: Uint8Array, s: number, len: number): number {
  let f: number;
  switch (len) {
    case 2:
      f = 10;
      break;
    case 5: {
      const c = buf[s];
      f = c === 0x72 ? 1 : c === 0x73 ? 2 : buf[s + 1] === 0x72 ? 9 : 11;
      break;
    }
    case 6:
      f = buf[s] === 0x69 ? 3 : 4;
      break;
    case 8:
      f = 5;
      break;
    case 9:
      f = 8;
      break;
    case 10:
      f = 6;
      break;
    case 11:
      f = 7;
      break;
    case 13:
      f = 0;
      break;
    default:
      return -1;
  }
  const key = KEYS[f]!;
  for (let k = 0; k < len; k++) if (buf[s + k] !== key[k]) return -1;
  return f;
}

/**
 * A JSON string whose opening quote is at `i - 1`. Returns the index after the closing quote; as
 * `-end - 2` when the string has escapes; -1 when it is malformed (or holds a raw control character).
 */
function scanString(buf: Uint8Array, i: number, end: number): number {
  let escaped = false;
  for (;;) {
    // the tight loop: plain characters
    let c = 0;
    while (i < end) {
      c = buf[i]!;
      if (SPECIAL[c]) break;
      i++;
    }
    if (i >= end || c < 0x20) return -1;
    if (c === 0x22) return escaped ? -(i + 1) - 2 : i + 1;
    i = escapeEnd(buf, i);
    if (i < 0) return -1;
    escaped = true;
  }
}

/** The index after the escape sequence at `i` (a backslash), or -1. */
function escapeEnd(buf: Uint8Array, i: number): number {
  const e = buf[i + 1];
  if (e === 0x75) {
    for (let h = i + 2; h < i + 6; h++) {
      const x = buf[h] ?? 0;
      if (!((x >= 0x30 && x <= 0x39) || (x >= 0x61 && x <= 0x66) || (x >= 0x41 && x <= 0x46))) return -1;
    }
    return i + 6;
  }
  return e === 0x22 ||
    e === 0x5c ||
    e === 0x2f ||
    e === 0x62 ||
    e === 0x66 ||
    e === 0x6e ||
    e === 0x72 ||
    e === 0x74
    ? i + 2
    : -1;
}

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/**
 * A JSON number starting at `i`. Returns the index after it, or -1 when malformed or not finite (an
 * exponent or a long run of digits can overflow to Infinity, which the schema rejects).
 */
function scanNumber(buf: Buffer, i: number, end: number): number {
  const s = i;
  if (buf[i] === 0x2d) i++;
  if (buf[i] === 0x30) i++;
  else if (isDigit(buf[i])) while (i < end && isDigit(buf[i])) i++;
  else return -1;
  const intEnd = i;
  if (buf[i] === 0x2e) {
    i++;
    if (!isDigit(buf[i])) return -1;
    while (i < end && isDigit(buf[i])) i++;
  }
  let exp = false;
  if (buf[i] === 0x65 || buf[i] === 0x45) {
    exp = true;
    i++;
    if (buf[i] === 0x2b || buf[i] === 0x2d) i++;
    if (!isDigit(buf[i])) return -1;
    while (i < end && isDigit(buf[i])) i++;
  }
  if ((exp || intEnd - s > 300) && !Number.isFinite(Number(buf.toString('latin1', s, i)))) return -1;
  return i;
}

/** `true`, `false` or `null` at `i`: the index after it, or -1. */
function scanWord(buf: Uint8Array, i: number, end: number): number {
  const c = buf[i];
  if (c === 0x74 || c === 0x6e) {
    if (i + 4 > end) return -1;
    return (
      c === 0x74
        ? buf[i + 1] === 0x72 && buf[i + 2] === 0x75 && buf[i + 3] === 0x65
        : buf[i + 1] === 0x75 && buf[i + 2] === 0x6c && buf[i + 3] === 0x6c
    )
      ? i + 4
      : -1;
  }
  if (c === 0x66 && i + 5 <= end)
    return buf[i + 1] === 0x61 && buf[i + 2] === 0x6c && buf[i + 3] === 0x73 && buf[i + 4] === 0x65
      ? i + 5
      : -1;
  return -1;
}

function skipSpace(buf: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** Any JSON value at `i` (nested at most 64 deep): the index after it, or -1. */
function scanValue(buf: Buffer, i: number, end: number): number {
  let depth = 0;
  for (;;) {
    // a value
    const c = buf[i];
    if (c === 0x22) {
      i = scanString(buf, i + 1, end);
      if (i < -1) i = -i - 2;
      else if (i < 0) return -1;
    } else if (c === 0x7b || c === 0x5b) {
      if (depth === MAX_DEPTH) return -1;
      stack[depth++] = c === 0x7b ? 1 : 2;
      i = skipSpace(buf, i + 1, end);
      if (buf[i] === (c === 0x7b ? 0x7d : 0x5d)) {
        depth--;
        i++;
      } else {
        if (c === 0x7b) {
          i = objectKey(buf, i, end);
          if (i < 0) return -1;
        }
        continue;
      }
    } else if (c === 0x2d || isDigit(c)) {
      i = scanNumber(buf, i, end);
      if (i < 0) return -1;
    } else {
      i = scanWord(buf, i, end);
      if (i < 0) return -1;
    }
    // after a value: ',' or the closing bracket(s)
    for (;;) {
      if (depth === 0) return i;
      i = skipSpace(buf, i, end);
      const k = buf[i];
      const inObject = stack[depth - 1] === 1;
      if (k === 0x2c) {
        i = skipSpace(buf, i + 1, end);
        if (inObject) {
          i = objectKey(buf, i, end);
          if (i < 0) return -1;
        }
        break;
      }
      if (k !== (inObject ? 0x7d : 0x5d)) return -1;
      depth--;
      i++;
    }
  }
}

/** A key and its colon at `i` inside an object: the index of the value, or -1. */
function objectKey(buf: Uint8Array, i: number, end: number): number {
  if (buf[i] !== 0x22) return -1;
  i = scanString(buf, i + 1, end);
  if (i < -1) i = -i - 2;
  else if (i < 0) return -1;
  i = skipSpace(buf, i, end);
  if (buf[i] !== 0x3a) return -1;
  return skipSpace(buf, i + 1, end);
}

/** The `error` object `{category, code, message}` (strings, each once) at `i`: the index after it, or -1. */
function scanErrorObject(buf: Uint8Array, i: number, end: number): number {
  let seen = 0;
  i = skipSpace(buf, i + 1, end);
  for (;;) {
    if (buf[i] !== 0x22) return -1;
    const ks = i + 1;
    i = scanString(buf, ks, end);
    if (i < 0) return -1; // an escaped key: the slow path decides
    const len = i - 1 - ks;
    let bit = 0;
    if (len === 8 && buf[ks] === 0x63) bit = 1;
    else if (len === 4 && buf[ks] === 0x63) bit = 2;
    else if (len === 7 && buf[ks] === 0x6d) bit = 4;
    const name = bit === 1 ? 'category' : bit === 2 ? 'code' : 'message';
    if (bit === 0 || seen & bit) return -1;
    for (let k = 1; k < len; k++) if (buf[ks + k] !== name.charCodeAt(k)) return -1;
    seen |= bit;
    i = skipSpace(buf, i, end);
    if (buf[i] !== 0x3a) return -1;
    i = skipSpace(buf, i + 1, end);
    if (buf[i] !== 0x22) return -1;
    i = scanString(buf, i + 1, end);
    if (i < -1) i = -i - 2;
    else if (i < 0) return -1;
    i = skipSpace(buf, i, end);
    if (buf[i] === 0x2c) {
      i = skipSpace(buf, i + 1, end);
      continue;
    }
    if (buf[i] !== 0x7d || seen !== 7) return -1;
    return i + 1;
  }
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.fraction]Z` with a real calendar date, at `buf[s, e)` (no quotes): exactly what
 * `z.iso.datetime()` accepts (UTC, no offset, any precision; checked against it by a property test).
 */
export function isoDatetime(buf: Uint8Array, s: number, e: number): boolean {
  const len = e - s;
  if (len < 20 || buf[e - 1] !== 0x5a) return false;
  if (buf[s + 4] !== 0x2d || buf[s + 7] !== 0x2d || buf[s + 10] !== 0x54) return false;
  if (buf[s + 13] !== 0x3a || buf[s + 16] !== 0x3a) return false;
  const y = num4(buf, s);
  const month = num2(buf, s + 5);
  const day = num2(buf, s + 8);
  const hour = num2(buf, s + 11);
  const minute = num2(buf, s + 14);
  const second = num2(buf, s + 17);
  if (y < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return false;
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  if (len > 20) {
    if (buf[s + 19] !== 0x2e || len < 22) return false;
    for (let k = s + 20; k < e - 1; k++) if (!isDigit(buf[k])) return false;
  }
  if (month === 2) {
    if (day <= 28) return true;
    return day === 29 && (y % 100 === 0 ? y % 400 === 0 : y % 4 === 0);
  }
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

/** Two ASCII digits as a number, or -1. */
function num2(buf: Uint8Array, i: number): number {
  const a = buf[i]! - 0x30;
  const b = buf[i + 1]! - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function num4(buf: Uint8Array, i: number): number {
  const hi = num2(buf, i);
  const lo = num2(buf, i + 2);
  return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
}

/**
 * True when `buf[start, end)` is certainly one valid manifest row (then `spans`, `escapes` and `scanned`
 * describe it); false when it is not, or when the fast path cannot tell (the caller then parses it).
 */
export function fastRow(buf: Buffer, start: number, end: number): boolean {
  let i = skipSpace(buf, start, end);
  if (buf[i] !== 0x7b) return false;
  i = skipSpace(buf, i + 1, end);
  let seen = 0;
  let attempts = 0;
  let next = 0;
  let hexFingerprint = false;
  let tsChecked = false;
  for (;;) {
    // a top-level key
    if (buf[i] !== 0x22) return false;
    const ks = ++i;
    // rows are usually written in schema order: try the key that follows the previous one first
    let f = next;
    const want = KEYS[f]!;
    let n = 0;
    while (n < want.length && buf[i + n] === want[n]) n++;
    if (n === want.length && buf[i + n] === 0x22) i += n + 1;
    else {
      while (i < end) {
        const b = buf[i]!;
        if (b === 0x22 || b === 0x5c || b < 0x20) break;
        i++;
      }
      if (buf[i] !== 0x22) return false; // an escaped key: the slow path decides
      f = keyField(buf, ks, i++ - ks);
      if (f < 0) return false;
    }
    if (seen & (1 << f)) return false;
    next = f + 1 < KEYS.length ? f + 1 : 0;
    seen |= 1 << f;
    if (buf[i] === 0x3a) i++;
    else {
      i = skipSpace(buf, i, end);
      if (buf[i] !== 0x3a) return false;
      i++;
    }
    if (buf[i] === 0x20 || buf[i] === 0x09 || buf[i] === 0x0d) i = skipSpace(buf, i, end);
    const vs = i;
    const c = buf[i];
    let esc = 0;
    if (c === 0x22) {
      // runId, stage, itemId, status, fingerprint, ts, outputRef
      if (f === Field.schemaVersion || f === Field.attempts || f === Field.durationMs) return false;
      if (f === Field.error || f === Field.extra) return false;
      i++;
      if (f === Field.fingerprint && i + 64 < end && buf[i + 64] === 0x22 && unhex(buf, i)) {
        // the usual sha256: decoded while checked (hex digits need no escaping)
        hexFingerprint = true;
        i += 65;
      } else if (f === Field.ts && i + 24 < end && buf[i + 24] === 0x22 && isoDatetime(buf, i, i + 24)) {
        // the usual Date#toISOString: its characters need no escaping
        tsChecked = true;
        i += 25;
      } else {
        if (f === Field.fingerprint) hexFingerprint = false;
        else if (f === Field.ts) tsChecked = false;
        while (i < end) {
          if (SPECIAL[buf[i]!]) break;
          i++;
        }
        if (buf[i] === 0x22) i++;
        else {
          i = scanString(buf, i, end);
          if (i < -1) {
            i = -i - 2;
            esc = 1;
          } else if (i < 0) return false;
        }
      }
      if (i - vs === 2 && (f === Field.runId || f === Field.stage || f === Field.itemId)) return false;
    } else if (f === Field.schemaVersion) {
      if (c !== 0x31) return false;
      i++;
      if (isDigit(buf[i]) || buf[i] === 0x2e || buf[i] === 0x65 || buf[i] === 0x45) return false;
    } else if (f === Field.attempts) {
      if (c === 0x30) i++;
      else while (i < end && isDigit(buf[i])) attempts = attempts * 10 + buf[i++]! - 0x30;
      if (i === vs || i - vs > 15) return false;
      const n = buf[i];
      if (isDigit(n) || n === 0x2e || n === 0x65 || n === 0x45) return false;
    } else if (f === Field.durationMs) {
      if (c === 0x2d) return false; // negative (or -0): the slow path decides
      i = scanNumber(buf, i, end);
      if (i < 0) return false;
    } else if (c === 0x6e) {
      // null: outputRef, error
      if (f !== Field.outputRef && f !== Field.error) return false;
      i = scanWord(buf, i, end);
      if (i < 0) return false;
    } else if (c === 0x7b) {
      if (f === Field.error) i = scanErrorObject(buf, i, end);
      else if (f === Field.extra) i = scanValue(buf, i, end);
      else return false;
      if (i < 0) return false;
    } else return false;
    spans[2 * f] = vs;
    spans[2 * f + 1] = i;
    escapes[f] = esc;
    // ',' or the end of the row
    let k = buf[i];
    if (k !== 0x2c && k !== 0x7d) {
      i = skipSpace(buf, i, end);
      k = buf[i];
    }
    if (k === 0x2c) {
      i++;
      if (buf[i] !== 0x22) i = skipSpace(buf, i, end);
      continue;
    }
    if (k !== 0x7d) return false;
    if (skipSpace(buf, i + 1, end) !== end) return false;
    break;
  }
  if ((seen & REQUIRED) !== REQUIRED) return false;
  if (!(seen & (1 << Field.outputRef))) spans[2 * Field.outputRef] = -1;
  if (!(seen & (1 << Field.error))) spans[2 * Field.error] = -1;
  if (!(seen & (1 << Field.extra))) spans[2 * Field.extra] = -1;
  // status: one of the four, unescaped
  if (escapes[Field.status]) return false;
  const ss = spans[2 * Field.status]! + 1;
  const sl = spans[2 * Field.status + 1]! - 1 - ss;
  const c0 = buf[ss];
  const status =
    sl === 7
      ? c0 === 0x73
        ? 0
        : c0 === 0x66
          ? 1
          : -1
      : sl === 4
        ? c0 === 0x73
          ? 2
          : -1
        : sl === 9
          ? 3
          : -1;
  if (status >= 0) {
    const name = STATUS_BYTES[status]!;
    for (let k = 1; k < sl; k++) if (buf[ss + k] !== name[k]) return false;
  }
  if (status < 0) return false;
  // ts: an ISO datetime, unescaped
  if (!tsChecked) {
    if (escapes[Field.ts]) return false;
    if (!isoDatetime(buf, spans[2 * Field.ts]! + 1, spans[2 * Field.ts + 1]! - 1)) return false;
  }
  scanned.status = status;
  scanned.attempts = attempts;
  scanned.hexFingerprint = hexFingerprint;
  return true;
}

/** The decoded string value of field `f` after `fastRow` (a JSON string). */
export function fieldString(buf: Buffer, f: number): string {
  const s = spans[2 * f]!;
  const e = spans[2 * f + 1]!;
  if (escapes[f]) return JSON.parse(buf.toString('utf8', s, e)) as string;
  return buf.toString('utf8', s + 1, e - 1);
}

/** True when field `f` is exactly the JSON string of the UTF-8 bytes `want` (no escapes). */
export function fieldEquals(buf: Uint8Array, f: number, want: Uint8Array): boolean {
  const s = spans[2 * f]! + 1;
  if (escapes[f] || spans[2 * f + 1]! - 1 - s !== want.length) return false;
  for (let k = 0; k < want.length; k++) if (buf[s + k] !== want[k]) return false;
  return true;
}
