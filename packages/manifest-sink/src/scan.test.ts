import { seededRandom } from '@jobintel/runner-core';
import { describe, expect, it } from 'vitest';
import { scanLine, spanString } from './scan.js';

const scan = (text: string) => {
  const buf = Buffer.from(text);
  return { buf, row: scanLine(buf, 0, buf.length) };
};

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
    const { buf, row: spans } = scan(JSON.stringify(row));
    expect(spans).toBeDefined();
    expect(spanString(buf, spans!.itemId!)).toBe(row.itemId);
    expect(buf.toString('utf8', spans!.attempts!.start, spans!.attempts!.end)).toBe('12');
    expect(buf.toString('utf8', spans!.outputRef!.start, spans!.outputRef!.end)).toBe('null');
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
    expect(scan(text).row).toBeUndefined();
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
      expect(scan(cut).row !== undefined, cut).toBe(parses);
    }
  });
});
