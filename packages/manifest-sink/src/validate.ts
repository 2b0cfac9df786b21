import {
  itemStatuses,
  MANIFEST_SCHEMA_VERSION,
  type ManifestRow,
  validateManifestRow,
} from '@jobintel/runner-core';

const statuses = new Set<string>(itemStatuses);
const rowKeys = new Set([
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
]);

// the shape of Date#toISOString (what writers produce); anything else goes through the zod schema
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const isIso = (s: unknown) => typeof s === 'string' && ISO.test(s);

/** The hot-path check of a row: true when it is certainly valid (the common case). */
function looksValid(row: Record<string, unknown>): boolean {
  for (const key in row) if (!rowKeys.has(key)) return false;
  const e = row.error as Record<string, unknown> | null | undefined;
  return (
    row.schemaVersion === MANIFEST_SCHEMA_VERSION &&
    typeof row.runId === 'string' &&
    row.runId !== '' &&
    typeof row.stage === 'string' &&
    row.stage !== '' &&
    typeof row.itemId === 'string' &&
    row.itemId !== '' &&
    statuses.has(row.status as string) &&
    Number.isInteger(row.attempts) &&
    (row.attempts as number) >= 0 &&
    typeof row.durationMs === 'number' &&
    Number.isFinite(row.durationMs) &&
    row.durationMs >= 0 &&
    typeof row.fingerprint === 'string' &&
    (row.outputRef === undefined || row.outputRef === null || typeof row.outputRef === 'string') &&
    (e === undefined ||
      e === null ||
      (typeof e === 'object' &&
        Object.keys(e).length === 3 &&
        typeof e.category === 'string' &&
        typeof e.code === 'string' &&
        typeof e.message === 'string')) &&
    isIso(row.ts) &&
    row.extra === undefined
  );
}

/**
 * Validates a row before it is written: a fast check for the common case, the contract's validator
 * otherwise (which rejects what JSON cannot carry, then applies the zod schema naming the field).
 */
export function checkRow(row: unknown): ManifestRow {
  if (typeof row === 'object' && row !== null && looksValid(row as Record<string, unknown>))
    return row as ManifestRow;
  return validateManifestRow(row);
}

/** The reader's check of a parsed line: cheap, and never throws. */
export function readableRow(value: unknown): value is ManifestRow {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return (
    typeof row.itemId === 'string' &&
    row.itemId !== '' &&
    typeof row.stage === 'string' &&
    statuses.has(row.status as string) &&
    typeof row.fingerprint === 'string' &&
    (row.outputRef === undefined || row.outputRef === null || typeof row.outputRef === 'string') &&
    (row.attempts === undefined || Number.isInteger(row.attempts))
  );
}
