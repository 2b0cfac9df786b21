// A byte-level scanner for one manifest line. It checks that the line is one well-formed JSON object
// (strings, escapes, numbers, literals, nesting) and records where the few top-level fields the
// resume index needs sit, without building an object or decoding the other strings: on a
// million-row manifest it is faster than JSON.parse and allocates almost nothing. One function with
// local variables and an explicit stack, because this loop runs over every byte of the manifest.

/** The top-level fields the scanner locates, as indexes into `spans`. */
export const Field = { stage: 0, itemId: 1, status: 2, attempts: 3, fingerprint: 4, outputRef: 5 } as const;
const NAMES = ['stage', 'itemId', 'status', 'attempts', 'fingerprint', 'outputRef'];

/**
 * Where each field's value sits after a successful `scanLine`: for field f, `spans[3f]` is the start
 * (-1 when absent), `spans[3f + 1]` the end, `spans[3f + 2]` 1 when a string has escapes. Reused for
 * every line: a million lines allocate nothing here.
 */
export const spans = new Int32Array(NAMES.length * 3);

/** Which wanted field a top-level key names (by length and first byte, then bytes), or -1. */
function fieldAt(buf: Uint8Array, s: number, len: number): number {
  const c = buf[s];
  let f: number;
  if (len === 5 && c === 0x73) f = 0;
  else if (len === 6 && c === 0x69) f = 1;
  else if (len === 6 && c === 0x73) f = 2;
  else if (len === 8 && c === 0x61) f = 3;
  else if (len === 11 && c === 0x66) f = 4;
  else if (len === 9 && c === 0x6f) f = 5;
  else return -1;
  const name = NAMES[f]!;
  for (let k = 1; k < len; k++) if (buf[s + k] !== name.charCodeAt(k)) return -1;
  return f;
}

const stack = new Uint8Array(64); // 1 = object, 2 = array
const isWs = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/**
 * Scans `buf[start, end)` as one JSON object and fills `spans` with where the resume fields are.
 * False when the text is not exactly one well-formed JSON object.
 */
export function scanLine(buf: Uint8Array, start: number, end: number): boolean {
  for (let f = 0; f < spans.length; f += 3) spans[f] = -1;
  let i = start;
  while (i < end && buf[i]! <= 0x20 && isWs(buf[i]!)) i++;
  if (buf[i] !== 0x7b) return false;
  let depth = 1;
  stack[0] = 1;
  i++;
  let wantKey = true; // in an object, a key (or '}') comes next
  let first = true; // right after '{' or '[': the container may close at once
  let pending = -1; // the top-level field whose value is next
  for (;;) {
    // skip white space (one comparison in the common case: writers emit none)
    while (i < end && buf[i]! <= 0x20 && isWs(buf[i]!)) i++;
    if (i >= end) return false;
    let c = buf[i]!;
    const inObject = stack[depth - 1] === 1;
    if (first && ((inObject && c === 0x7d) || (!inObject && c === 0x5d))) {
      // empty container
      depth--;
      i++;
    } else if (inObject && wantKey) {
      if (c !== 0x22) return false;
      const ks = i + 1;
      i++;
      let escaped = false;
      for (;;) {
        if (i >= end) return false;
        const k = buf[i]!;
        if (k === 0x22) break;
        if (k === 0x5c) {
          escaped = true;
          i += 2;
        } else if (k < 0x20) return false;
        else i++;
      }
      pending = depth === 1 && !escaped ? fieldAt(buf, ks, i - ks) : -1;
      i++;
      while (i < end && buf[i]! <= 0x20 && isWs(buf[i]!)) i++;
      if (buf[i] !== 0x3a) return false;
      i++;
      wantKey = false;
      first = false;
      continue;
    } else {
      // a value
      while (i < end && buf[i]! <= 0x20 && isWs(buf[i]!)) i++;
      c = buf[i]!;
      const vs = i;
      let escaped = false;
      if (c === 0x22) {
        i++;
        for (;;) {
          if (i >= end) return false;
          const k = buf[i]!;
          if (k === 0x22) break;
          if (k === 0x5c) {
            escaped = true;
            const e = buf[i + 1];
            if (e === 0x75) {
              for (let h = 2; h < 6; h++) {
                const x = buf[i + h] ?? 0;
                if (!((x >= 0x30 && x <= 0x39) || (x >= 0x61 && x <= 0x66) || (x >= 0x41 && x <= 0x46)))
                  return false;
              }
              i += 6;
            } else if (
              e === 0x22 ||
              e === 0x5c ||
              e === 0x2f ||
              e === 0x62 ||
              e === 0x66 ||
              e === 0x6e ||
              e === 0x72 ||
              e === 0x74
            ) {
              i += 2;
            } else return false;
          } else if (k < 0x20) return false;
          else i++;
        }
        i++;
      } else if (c === 0x7b || c === 0x5b) {
        if (depth >= stack.length) return false;
        stack[depth++] = c === 0x7b ? 1 : 2;
        i++;
        wantKey = c === 0x7b;
        first = true;
        pending = -1;
        continue;
      } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
        const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
        for (let k = 0; k < word.length; k++) if (buf[i + k] !== word.charCodeAt(k)) return false;
        i += word.length;
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        if (c === 0x2d) i++;
        if (!(buf[i]! >= 0x30 && buf[i]! <= 0x39)) return false;
        if (buf[i] === 0x30) i++;
        else while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
        if (buf[i] === 0x2e) {
          i++;
          if (!(buf[i]! >= 0x30 && buf[i]! <= 0x39)) return false;
          while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
        }
        if (buf[i] === 0x65 || buf[i] === 0x45) {
          i++;
          if (buf[i] === 0x2b || buf[i] === 0x2d) i++;
          if (!(buf[i]! >= 0x30 && buf[i]! <= 0x39)) return false;
          while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
        }
      } else return false;
      if (pending >= 0) {
        spans[3 * pending] = vs;
        spans[3 * pending + 1] = i;
        spans[3 * pending + 2] = escaped ? 1 : 0;
        pending = -1;
      }
    }
    // after a value or a closed container: ',' or the closing bracket(s)
    for (;;) {
      while (i < end && buf[i]! <= 0x20 && isWs(buf[i]!)) i++;
      if (depth === 0) {
        return i === end;
      }
      const k = buf[i];
      const isObj = stack[depth - 1] === 1;
      if (k === 0x2c) {
        i++;
        wantKey = isObj;
        first = false;
        break;
      }
      if ((isObj && k === 0x7d) || (!isObj && k === 0x5d)) {
        depth--;
        i++;
        continue;
      }
      return false;
    }
  }
}

/** The decoded string value of field `f` (a JSON string) after a scan. */
export function fieldString(buf: Buffer, f: number): string {
  const start = spans[3 * f]!;
  const end = spans[3 * f + 1]!;
  if (spans[3 * f + 2]) return JSON.parse(buf.toString('utf8', start, end)) as string;
  return buf.toString('utf8', start + 1, end - 1);
}

/** True when field `f` is exactly the JSON string `"<ascii>"`. */
export function fieldEquals(buf: Uint8Array, f: number, ascii: Uint8Array): boolean {
  const start = spans[3 * f]!;
  if (start < 0 || spans[3 * f + 2] || spans[3 * f + 1]! - start !== ascii.length + 2 || buf[start] !== 0x22)
    return false;
  for (let k = 0; k < ascii.length; k++) if (buf[start + 1 + k] !== ascii[k]) return false;
  return true;
}
