// A byte-level scanner for one manifest line. It checks that the line is one well-formed JSON object
// (strings, escapes, numbers, literals, nesting) and records where the few top-level fields the
// resume index needs sit, without building an object or decoding the other strings: on a
// million-row manifest it is faster than JSON.parse and allocates almost nothing. One function with
// local variables and an explicit stack, because this loop runs over every byte of the manifest.

/** Where a top-level value sits in the buffer: [start, end), and whether a string has escapes. */
export interface Span {
  start: number;
  end: number;
  escaped: boolean;
}

export interface ScannedRow {
  stage?: Span;
  itemId?: Span;
  status?: Span;
  attempts?: Span;
  fingerprint?: Span;
  outputRef?: Span;
}

type Field = keyof ScannedRow;

/** Which wanted field a top-level key names (by length and bytes), if any. */
function fieldAt(buf: Uint8Array, s: number, len: number): Field | undefined {
  const c = buf[s];
  let name: string;
  if (len === 5 && c === 0x73) name = 'stage';
  else if (len === 6 && c === 0x69) name = 'itemId';
  else if (len === 6 && c === 0x73) name = 'status';
  else if (len === 8 && c === 0x61) name = 'attempts';
  else if (len === 11 && c === 0x66) name = 'fingerprint';
  else if (len === 9 && c === 0x6f) name = 'outputRef';
  else return undefined;
  for (let k = 1; k < len; k++) if (buf[s + k] !== name.charCodeAt(k)) return undefined;
  return name as Field;
}

const stack = new Uint8Array(64); // 1 = object, 2 = array

/**
 * Scans `buf[start, end)` as one JSON object. Returns the spans of the resume fields, or undefined
 * when the text is not exactly one well-formed JSON object.
 */
export function scanLine(buf: Uint8Array, start: number, end: number): ScannedRow | undefined {
  const out: ScannedRow = {};
  let i = start;
  while (i < end && (buf[i] === 0x20 || buf[i] === 0x09 || buf[i] === 0x0d)) i++;
  if (buf[i] !== 0x7b) return undefined;
  let depth = 1;
  stack[0] = 1;
  i++;
  let wantKey = true; // in an object, a key (or '}') comes next
  let first = true; // right after '{' or '[': the container may close at once
  let pending: Field | undefined; // the top-level field whose value is next
  for (;;) {
    // skip white space
    while (i < end) {
      const w = buf[i]!;
      if (w !== 0x20 && w !== 0x09 && w !== 0x0d && w !== 0x0a) break;
      i++;
    }
    if (i >= end) return undefined;
    let c = buf[i]!;
    const inObject = stack[depth - 1] === 1;
    if (first && ((inObject && c === 0x7d) || (!inObject && c === 0x5d))) {
      // empty container
      depth--;
      i++;
    } else if (inObject && wantKey) {
      if (c !== 0x22) return undefined;
      const ks = i + 1;
      i++;
      let escaped = false;
      for (;;) {
        if (i >= end) return undefined;
        const k = buf[i]!;
        if (k === 0x22) break;
        if (k === 0x5c) {
          escaped = true;
          i += 2;
        } else if (k < 0x20) return undefined;
        else i++;
      }
      pending = depth === 1 && !escaped ? fieldAt(buf, ks, i - ks) : undefined;
      i++;
      while (i < end && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
      if (buf[i] !== 0x3a) return undefined;
      i++;
      wantKey = false;
      first = false;
      continue;
    } else {
      // a value
      while (i < end && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
      c = buf[i]!;
      const vs = i;
      let escaped = false;
      if (c === 0x22) {
        i++;
        for (;;) {
          if (i >= end) return undefined;
          const k = buf[i]!;
          if (k === 0x22) break;
          if (k === 0x5c) {
            escaped = true;
            const e = buf[i + 1];
            if (e === 0x75) {
              for (let h = 2; h < 6; h++) {
                const x = buf[i + h] ?? 0;
                if (!((x >= 0x30 && x <= 0x39) || (x >= 0x61 && x <= 0x66) || (x >= 0x41 && x <= 0x46)))
                  return undefined;
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
            } else return undefined;
          } else if (k < 0x20) return undefined;
          else i++;
        }
        i++;
      } else if (c === 0x7b || c === 0x5b) {
        if (depth >= stack.length) return undefined;
        stack[depth++] = c === 0x7b ? 1 : 2;
        i++;
        wantKey = c === 0x7b;
        first = true;
        pending = undefined;
        continue;
      } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
        const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
        for (let k = 0; k < word.length; k++) if (buf[i + k] !== word.charCodeAt(k)) return undefined;
        i += word.length;
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        if (c === 0x2d) i++;
        if (!(buf[i]! >= 0x30 && buf[i]! <= 0x39)) return undefined;
        if (buf[i] === 0x30) i++;
        else while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
        if (buf[i] === 0x2e) {
          i++;
          if (!(buf[i]! >= 0x30 && buf[i]! <= 0x39)) return undefined;
          while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
        }
        if (buf[i] === 0x65 || buf[i] === 0x45) {
          i++;
          if (buf[i] === 0x2b || buf[i] === 0x2d) i++;
          if (!(buf[i]! >= 0x30 && buf[i]! <= 0x39)) return undefined;
          while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
        }
      } else return undefined;
      if (pending) {
        out[pending] = { start: vs, end: i, escaped };
        pending = undefined;
      }
    }
    // after a value or a closed container: ',' or the closing bracket(s)
    for (;;) {
      while (i < end && (buf[i] === 0x20 || buf[i] === 0x09 || buf[i] === 0x0d || buf[i] === 0x0a)) i++;
      if (depth === 0) {
        return i === end ? out : undefined;
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
      return undefined;
    }
  }
}

/** The string value of a span (a JSON string), decoded. */
export function spanString(buf: Buffer, span: Span): string {
  if (span.escaped) return JSON.parse(buf.toString('utf8', span.start, span.end)) as string;
  return buf.toString('utf8', span.start + 1, span.end - 1);
}

/** True when the span is exactly the JSON string `"<ascii>"`. */
export function spanEquals(buf: Uint8Array, span: Span, ascii: Uint8Array): boolean {
  if (span.escaped || span.end - span.start !== ascii.length + 2 || buf[span.start] !== 0x22) return false;
  for (let k = 0; k < ascii.length; k++) if (buf[span.start + 1 + k] !== ascii[k]) return false;
  return true;
}
