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
