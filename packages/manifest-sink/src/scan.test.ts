import { seededRandom } from '@jobintel/runner-core';
import { describe, expect, it } from 'vitest';
import { Field, fieldString, scanLine, spans } from './scan.js';

const scan = (text: string) => {
  const buf = Buffer.from(text);
  return { buf, ok: scanLine(buf, 0, buf.length) };
};
const text = (buf: Buffer, f: number) => buf.toString('utf8', spans[3 * f], spans[3 * f + 1]);

describe('the manifest line scanner', () => {
  it('finds the resume fields of a row and decodes escaped strings', () => {
    const row = {
      schemaVersion: 1,
      stage: 's',
      itemId: 'a "quoted" \\ id ü \u0001',
      status: 'success',
      attempts: 12,
      fingerprint: 'f',
      outputRef: null,
      error: { code: 'x', n: [1, -2.5e3, true, null, {}] },
      extra: { itemId: 'nested, ignored' },
    };
    const { buf, ok } = scan(JSON.stringify(row));
    expect(ok).toBe(true);
    expect(fieldString(buf, Field.itemId)).toBe(row.itemId);
    expect(text(buf, Field.attempts)).toBe('12');
    expect(text(buf, Field.outputRef)).toBe('null');
    expect(spans[3 * Field.stage]).toBeGreaterThan(0);
  });

  it.each([
    '{"a":1',
    '{"a":1}}',
    '{"a":}',
    '{"a" 1}',
    '{"a":"unterminated}',
    '{"a":tru}',
    '{"a":01}',
    '{"a":1,}',
    '[1,2]',
    '',
    '{"a":"bad \\x escape"}',
    '{"a":{"b":[1,2}}',
  ])('rejects malformed text %j', (text) => {
    expect(scan(text).ok).toBe(false);
  });

  it('agrees with JSON.parse on whether random prefixes of real rows are whole objects', () => {
    const random = seededRandom(11);
    for (let n = 0; n < 2000; n++) {
      const row = {
        schemaVersion: 1,
        itemId: `id-${n}-${'é"\\'.repeat(n % 3)}`,
        status: 'failure',
        attempts: n,
        durationMs: random() * 1000,
        error: n % 2 ? null : { category: 'E', code: 'C', message: 'm\n\t"' },
        extra: n % 3 ? undefined : { list: [n, { deep: [] }] },
      };
      const text = JSON.stringify(row);
      const cut = text.slice(0, Math.floor(random() * (text.length + 1)));
      let parses = true;
      try {
        const v = JSON.parse(cut);
        parses = typeof v === 'object' && v !== null && !Array.isArray(v);
      } catch {
        parses = false;
      }
      expect(scan(cut).ok, cut).toBe(parses);
    }
  });
});
