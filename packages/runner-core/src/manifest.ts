import { z } from 'zod';
import { CodedError } from './errors.js';

export const MANIFEST_SCHEMA_VERSION = 1 as const;

export const itemStatuses = ['success', 'failure', 'skip', 'cancelled'] as const;
export type ItemStatus = (typeof itemStatuses)[number];

/** A JSON value: what a manifest row may carry in `extra`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number().refine(Number.isFinite, 'must be a finite number'),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

/**
 * One manifest row: the outcome of one item of one stage in one run. Written whole or not at all.
 * Resume reads the latest row per (stage, itemId).
 */
export const manifestRowSchema = z.strictObject({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  runId: z.string().min(1),
  stage: z.string().min(1),
  itemId: z.string().min(1),
  status: z.enum(itemStatuses),
  attempts: z.number().int().min(0),
  durationMs: z.number().min(0).refine(Number.isFinite, 'must be a finite number'),
  fingerprint: z.string(),
  outputRef: z.string().nullable().optional(),
  error: z
    .strictObject({ category: z.string(), code: z.string(), message: z.string() })
    .nullable()
    .optional(),
  ts: z.iso.datetime(),
  extra: z.record(z.string(), jsonValue).optional(),
});
export type ManifestRow = z.infer<typeof manifestRowSchema>;

/** What resume needs of an item's latest row. */
export interface ManifestEntry {
  status: ItemStatus;
  fingerprint: string;
  outputRef: string | null;
  attempts: number;
}

/** A line (or row) a reader could not use: reported, skipped, never fatal. */
export interface ManifestProblem {
  /** 1-based line number in a file-backed sink, or a row key elsewhere. */
  line: number;
  kind: 'truncated' | 'corrupt' | 'invalid';
  message: string;
}

/** The latest row per item id of one stage. */
export interface ManifestIndex {
  get(itemId: string): ManifestEntry | undefined;
  readonly size: number;
  readonly problems: readonly ManifestProblem[];
}

/**
 * The manifest contract. Implementations: the JSONL sink (`@jobintel/manifest-sink`) and the
 * PostgreSQL sink (`@jobintel/store`); both pass the conformance suite of `@jobintel/manifest-sink/conformance`.
 */
export interface ManifestSink {
  /**
   * Records rows durably; resolves once they are committed (a JSONL sink: written and fsynced). Concurrent
   * calls may share one commit. Rows are captured when `append` is called (later changes to the
   * caller's objects are not written). Rejects with a `ManifestError` (code `MANIFEST_ROW_INVALID`) before
   * writing anything when a row is invalid or cannot be serialised.
   */
  append(rows: readonly ManifestRow[]): Promise<void>;
  /** The latest row per item id of a stage, built in one streaming pass. */
  latest(stage: string): Promise<ManifestIndex>;
  /** Every stored row of a stage in write order; unusable lines are skipped (see `latest().problems`). */
  rows(stage: string): AsyncIterable<ManifestRow>;
  /** Flushes pending rows and releases resources. Appending after close rejects. */
  close(): Promise<void>;
}

export const ManifestErrorCode = {
  RowInvalid: 'MANIFEST_ROW_INVALID',
  Closed: 'MANIFEST_CLOSED',
  LockTimeout: 'MANIFEST_LOCK_TIMEOUT',
  Io: 'MANIFEST_IO',
  InvalidOptions: 'MANIFEST_INVALID_OPTIONS',
} as const;
export type ManifestErrorCode = (typeof ManifestErrorCode)[keyof typeof ManifestErrorCode];

export class ManifestError extends CodedError {
  declare readonly code: ManifestErrorCode;
}

/**
 * Validates a row for a sink, naming the field at fault. Values JSON cannot carry (undefined in
 * `extra`, functions, bigint, NaN, cycles) are rejected here, at the call site.
 */
export function validateManifestRow(row: unknown): ManifestRow {
  const bad = notJson(row, 'row', new Set());
  if (bad) {
    throw new ManifestError(
      ManifestErrorCode.RowInvalid,
      `invalid manifest row for item ${describeId(row)}: ${bad.replace(/^row\./, '')}`,
    );
  }
  const parsed = manifestRowSchema.safeParse(row);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : '(row)';
    throw new ManifestError(
      ManifestErrorCode.RowInvalid,
      `invalid manifest row for item ${describeId(row)}: ${path}: ${issue?.message ?? 'invalid'}`,
      {
        details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      },
    );
  }
  return parsed.data;
}

/** What JSON cannot carry (cycles, bigint, functions, symbols, undefined, non-finite numbers, class instances). */
function notJson(value: unknown, path: string, seen: Set<object>): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : `${path}: ${value} is not a finite number`;
  if (typeof value !== 'object') return `${path}: a ${typeof value} cannot be serialised`;
  if (seen.has(value)) return `${path}: the value is cyclic`;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const bad = notJson(value[i], `${path}[${i}]`, seen);
        if (bad) return bad;
      }
      return undefined;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      return `${path}: a ${proto?.constructor?.name ?? 'class'} instance is not plain JSON`;
    }
    for (const [k, v] of Object.entries(value)) {
      // an absent optional field may be written as undefined; inside extra it would vanish silently
      if (v === undefined && path === 'row') continue;
      const bad = notJson(v, `${path}.${k}`, seen);
      if (bad) return bad;
    }
    return undefined;
  } finally {
    seen.delete(value);
  }
}

/** The item id of a row for an error message, whatever its type (a bigint or a cycle must not throw here). */
function describeId(row: unknown): string {
  const id = (row as { itemId?: unknown } | null)?.itemId;
  return typeof id === 'string' ? JSON.stringify(id) : `(${typeof id})`;
}
