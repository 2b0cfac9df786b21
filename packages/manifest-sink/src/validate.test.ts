import { inspect } from 'node:util';
import { manifestRowSchema, validateManifestRow } from '@jobintel/runner-core';
import { describe, expect, it } from 'vitest';
import { pick, random, randomRow } from '../test/lines.js';
import { checkRow } from './validate.js';

const values: unknown[] = [
  undefined,
  null,
  '',
  'x',
  0,
  -1,
  1.5,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  [],
  {},
  'success',
  '2026-02-30T00:00:00Z',
  '2026-02-28T00:00:00Z',
  { category: 'a', code: 'b', message: 'c' },
  { category: 'a', code: 'b' },
  { category: 'a', code: 'b', message: 'c', more: 1 },
  new Date(0),
  10n,
];

describe('checkRow (the write-side validation)', () => {
  it('accepts exactly what the contract accepts, and returns what is to be written', () => {
    const r = random(21);
    const fields = Object.keys(manifestRowSchema.shape);
    for (let n = 0; n < 10_000; n++) {
      const row = randomRow(r) as Record<string, unknown>;
      const kind = r();
      if (kind < 0.4) row[pick(r, fields)] = pick(r, values);
      else if (kind < 0.5) delete row[pick(r, fields)];
      else if (kind < 0.55) row.unexpected = 1;
      else if (kind < 0.6) Object.setPrototypeOf(row, { inherited: true });
      let expected: unknown;
      let expectedError: unknown;
      try {
        expected = validateManifestRow(row);
      } catch (error) {
        expectedError = error;
      }
      let actual: unknown;
      let actualError: unknown;
      try {
        actual = checkRow(row);
      } catch (error) {
        actualError = error;
      }
      if (expectedError) {
        expect(actualError, inspect(row)).toBeDefined();
        expect((actualError as { code: string }).code).toBe('MANIFEST_ROW_INVALID');
      } else {
        expect(actualError, inspect(row)).toBeUndefined();
        expect(JSON.parse(JSON.stringify(actual))).toEqual(JSON.parse(JSON.stringify(expected)));
      }
    }
  });
});
