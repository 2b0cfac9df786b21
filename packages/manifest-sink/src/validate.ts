import {
  itemStatuses,
  MANIFEST_SCHEMA_VERSION,
  ManifestError,
  ManifestErrorCode,
  type ManifestRow,
  manifestRowSchema,
  validateManifestRow,
} from '@jobintel/runner-core';

const statuses = new Set<string>(itemStatuses);
const rowKeys = new Set(Object.keys(manifestRowSchema.shape));
const timestamp = manifestRowSchema.shape.ts;

const plain = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * The common row, checked without zod: a plain object with the schema's keys only, no `extra`, every
 * field of the right type. True only when the schema would accept the row too (a unit test holds the
 * two together); anything else goes through the contract's validator.
 */
function certainlyValid(row: Record<string, unknown>): boolean {
  if (!plain(row)) return false;
  for (const key in row) if (!rowKeys.has(key)) return false;
  const e = row.error;
  return (
    row.schemaVersion === MANIFEST_SCHEMA_VERSION &&
    typeof row.runId === 'string' &&
    row.runId !== '' &&
    typeof row.stage === 'string' &&
    row.stage !== '' &&
    typeof row.itemId === 'string' &&
    row.itemId !== '' &&
    typeof row.status === 'string' &&
    statuses.has(row.status) &&
    Number.isSafeInteger(row.attempts) &&
    (row.attempts as number) >= 0 &&
    typeof row.durationMs === 'number' &&
    Number.isFinite(row.durationMs) &&
    row.durationMs >= 0 &&
    typeof row.fingerprint === 'string' &&
    (row.outputRef === undefined || row.outputRef === null || typeof row.outputRef === 'string') &&
    (e === undefined || e === null || errorShape(e)) &&
    !('extra' in row) &&
    typeof row.ts === 'string' &&
    timestamp.safeParse(row.ts).success
  );
}

function errorShape(e: unknown): boolean {
  if (typeof e !== 'object' || e === null || !plain(e)) return false;
  let n = 0;
  for (const key in e) {
    if (key !== 'category' && key !== 'code' && key !== 'message') return false;
    n++;
  }
  const { category, code, message } = e as Record<string, unknown>;
  return n === 3 && typeof category === 'string' && typeof code === 'string' && typeof message === 'string';
}

/**
 * Validates a row before it is written: a fast check for the common case, the contract's validator
 * otherwise (which rejects what JSON cannot carry, cycles included, then applies the zod schema),
 * throwing `MANIFEST_ROW_INVALID` naming the item and the field.
 */
export function checkRow(row: unknown): ManifestRow {
  if (typeof row === 'object' && row !== null && certainlyValid(row as Record<string, unknown>))
    return row as ManifestRow;
  try {
    return validateManifestRow(row);
  } catch (error) {
    if (error instanceof ManifestError) throw error;
    // the contract's validator failed to describe the row: its item id is something JSON cannot carry
    const itemId = (row as { itemId?: unknown } | null)?.itemId;
    throw new ManifestError(
      ManifestErrorCode.RowInvalid,
      `invalid manifest row: itemId: a ${typeof itemId} cannot identify an item (${(error as Error).message})`,
      { cause: error },
    );
  }
}

/**
 * The line of a valid row: its fields in schema order (whatever the order of the caller's object), so
 * that every line of a manifest has the same shape, which the reader's fast path expects first.
 */
export function serialise(row: ManifestRow): string {
  const {
    schemaVersion,
    runId,
    stage,
    itemId,
    status,
    attempts,
    durationMs,
    fingerprint,
    outputRef,
    error,
    ts,
    extra,
  } = row;
  return `${JSON.stringify({
    schemaVersion,
    runId,
    stage,
    itemId,
    status,
    attempts,
    durationMs,
    fingerprint,
    outputRef,
    error,
    ts,
    extra,
  })}\n`;
}
