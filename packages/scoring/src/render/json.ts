import type { RankedReport } from '../report.js';

/**
 * Canonical, readable JSON: keys sorted at every depth, two-space indent, `\n` line ends and a
 * trailing newline. Undefined object values are left out; non-finite numbers are refused.
 */
export function stableJson(value: unknown): string {
  return `${stableJsonFragment(value)}\n`;
}

/**
 * `stableJson` of a value that sits at `indent` inside a larger document, without the trailing
 * newline: the pieces of a document written in parts (a ranking too large to hold as one string).
 */
export function stableJsonFragment(value: unknown, indent = ''): string {
  // fast path: a copy with its keys in sorted order, written by the native JSON.stringify (the same
  // format); anything it could write differently goes the careful way, which also names a bad value
  let sorted: unknown;
  try {
    sorted = sortedCopy(value);
  } catch (error) {
    if (error !== CAREFUL) throw error;
    return carefulFragment(value, indent);
  }
  const text = JSON.stringify(sorted, null, 2);
  // JSON text has no raw newlines inside strings, so every newline starts a line
  return indent ? text.replaceAll('\n', `\n${indent}`) : text;
}

const CAREFUL = new Error('stableJson: take the careful path');
// keys V8 enumerates before all others (array indexes), whatever order they were added in
const INDEX_KEY = /^(?:0|[1-9][0-9]*)$/;

function sortedCopy(v: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw CAREFUL;
    return v;
  }
  if (typeof v !== 'object') throw CAREFUL;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = sortedCopy(v[i] ?? null);
    return out;
  }
  const record = v as Record<string, unknown>;
  // JSON.stringify would call toJSON (a Date's): the careful path writes own keys only
  if (typeof record.toJSON === 'function') throw CAREFUL;
  const keys = Object.keys(record).sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const value = record[k];
    if (value === undefined) continue;
    if (INDEX_KEY.test(k) || k === '__proto__') throw CAREFUL;
    out[k] = sortedCopy(value);
  }
  return out;
}

/**
 * The reference writer: string by string, naming the path of a value JSON cannot hold. Exported for
 * the tests that hold the fast path to it (not part of the package's surface).
 */
export function carefulFragment(value: unknown, indent: string): string {
  const walk = (v: unknown, indent: string, path: string): string => {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new TypeError(`${path}: ${v} is not a finite number`);
      return JSON.stringify(v);
    }
    if (typeof v !== 'object') throw new TypeError(`${path}: a ${typeof v} is not JSON`);
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[\n${v.map((x, i) => inner + walk(x ?? null, inner, `${path}[${i}]`)).join(',\n')}\n${indent}]`;
    }
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${walk(record[k], inner, `${path}.${k}`)}`).join(',\n')}\n${indent}}`;
  };
  return walk(value, indent, '$');
}

/** The ranked JSON artifact of one profile. */
export function renderRankedJson(report: RankedReport): string {
  return stableJson(report);
}
