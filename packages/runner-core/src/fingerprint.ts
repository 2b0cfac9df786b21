import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted at every depth, so that equal values give equal text whatever
 * their key order. Throws on values JSON cannot carry (bigint, functions, cycles) rather than hashing
 * something that silently lost data.
 */
export function canonicalJson(value: unknown): string {
  const seen = new Set<object>();
  const walk = (v: unknown, path: string): string => {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new TypeError(`cannot fingerprint ${path}: ${v} is not a finite number`);
      return JSON.stringify(v);
    }
    if (typeof v !== 'object') throw new TypeError(`cannot fingerprint ${path}: a ${typeof v} is not JSON`);
    if (seen.has(v)) throw new TypeError(`cannot fingerprint ${path}: the value is cyclic`);
    seen.add(v);
    let out: string;
    if (Array.isArray(v)) {
      out = `[${v.map((x, i) => walk(x === undefined ? null : x, `${path}[${i}]`)).join(',')}]`;
    } else if (v instanceof Date) {
      out = JSON.stringify(v.toISOString());
    } else {
      const keys = Object.keys(v)
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .sort();
      out = `{${keys.map((k) => `${JSON.stringify(k)}:${walk((v as Record<string, unknown>)[k], `${path}.${k}`)}`).join(',')}}`;
    }
    seen.delete(v);
    return out;
  };
  return walk(value, '$');
}

/**
 * A fingerprint: sha256 (hex) of everything an item's output depends on. Pass the input content
 * (or its hash) and the stage configuration that affects the output; key order does not matter.
 *
 *     fingerprint({ file: sha256OfFile, options: { lowercase: true }, version: 2 })
 */
export function fingerprint(...parts: unknown[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(typeof part === 'string' ? `s:${part}` : `j:${canonicalJson(part)}`);
    hash.update('\u0000');
  }
  return hash.digest('hex');
}
