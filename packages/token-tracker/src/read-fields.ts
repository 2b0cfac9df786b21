// Tolerant readers for provider JSON: a count is a finite non-negative number or a numeric string.

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function obj(value: unknown, key: string): Json | undefined {
  if (!isObject(value)) return undefined;
  const v = value[key];
  return isObject(v) ? v : undefined;
}

/** A token count at `value[key]`, or undefined when absent, null or not a count. */
export function count(value: unknown, key: string): number | undefined {
  if (!isObject(value)) return undefined;
  const v = value[key];
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined;
}

export function has(value: Json, ...keys: string[]): boolean {
  return keys.some((k) => value[k] !== undefined && value[k] !== null);
}
