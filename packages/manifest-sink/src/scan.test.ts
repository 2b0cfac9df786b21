import { manifestRowSchema } from '@jobintel/runner-core';
import { describe, expect, it } from 'vitest';
import { damagedLine, oracle, pick, random, randomRow } from '../test/lines.js';
import { Field, fastRow, fieldString, isoDatetime, STATUS_NAMES, scanned, spans } from './scan.js';

const scan = (text: string) => {
  const buf = Buffer.from(text);
  return { buf, ok: fastRow(buf, 0, buf.length) };
};
const raw = (buf: Buffer, f: number) =>
  spans[2 * f]! < 0 ? undefined : buf.toString('utf8', spans[2 * f], spans[2 * f + 1]);

describe('the fast row scanner', () => {
  it('vouches for a typical row and finds its resume fields, decoding escaped strings', () => {
    const row = {
      schemaVersion: 1,
      runId: 'r',
      stage: 's',
      itemId: 'id with "quotes" and \\ and \u00fc',
      status: 'failure',
      attempts: 12,
      durationMs: 1.5,
      fingerprint: 'f'.repeat(64),
      outputRef: null,
      error: { category: 'E', code: 'x', message: 'm\n' },
      ts: '2026-11-22T10:00:00.000Z',
      extra: { itemId: 'nested, ignored', n: [1, -2.5e3, true, null, {}] },
    };
    const { buf, ok } = scan(JSON.stringify(row));
    expect(ok).toBe(true);
    expect(fieldString(buf, Field.itemId)).toBe(row.itemId);
    expect(STATUS_NAMES[scanned.status]).toBe('failure');
    expect(scanned.attempts).toBe(12);
    expect(raw(buf, Field.outputRef)).toBe('null');
    expect(fieldString(buf, Field.stage)).toBe('s');
  });

  it.each([
    '',
    '{',
    '{"a":1',
    '{"a":1}}',
    '[1,2]',
    '"str"',
    '{"a":tru}',
    '{"a":01}',
    '{"a":"raw \u0001 control"}',
    '{"a":"bad \\x escape"}',
    '{"a":{"b":[1,2}}',
  ])('does not vouch for %j', (text) => {
    expect(scan(text).ok).toBe(false);
  });

  it('is sound: whatever it vouches for, JSON.parse and the row schema accept, with the same fields', () => {
    const r = random(7);
    let vouched = 0;
    const cases = 20_000;
    for (let n = 0; n < cases; n++) {
      const text = damagedLine(r);
      const { buf, ok } = scan(text);
      if (!ok) continue;
      vouched++;
      // the oracle reads the same bytes (a lone surrogate in `text` was encoded as U+FFFD)
      const verdict = oracle(buf.toString('utf8'), false);
      expect(verdict, text).toHaveProperty('row');
      if (!('row' in verdict)) continue;
      const row = verdict.row;
      expect(fieldString(buf, Field.itemId), text).toBe(row.itemId);
      expect(fieldString(buf, Field.stage), text).toBe(row.stage);
      expect(fieldString(buf, Field.fingerprint), text).toBe(row.fingerprint);
      expect(STATUS_NAMES[scanned.status], text).toBe(row.status);
      expect(scanned.attempts, text).toBe(row.attempts);
      const ref = raw(buf, Field.outputRef);
      expect(ref === undefined || ref === 'null' ? null : fieldString(buf, Field.outputRef), text).toBe(
        row.outputRef ?? null,
      );
    }
    // and it is not uselessly strict: it vouches for most undamaged rows
    expect(vouched).toBeGreaterThan(cases / 10);
  });

  it('vouches for every row the sink writes (JSON.stringify of a valid row)', () => {
    const r = random(11);
    for (let n = 0; n < 5_000; n++) {
      const text = JSON.stringify(randomRow(r));
      expect(scan(text).ok, text).toBe(true);
    }
  });

  it('never vouches for a proper prefix of a row (a torn line)', () => {
    const r = random(3);
    for (let n = 0; n < 3_000; n++) {
      const text = JSON.stringify(randomRow(r));
      const cut = text.slice(0, Math.floor(r() * text.length));
      expect(scan(cut).ok, cut).toBe(false);
    }
  });
});

describe('isoDatetime', () => {
  const zod = manifestRowSchema.shape.ts;
  const check = (s: string) => {
    const b = Buffer.from(s, 'latin1');
    return isoDatetime(b, 0, b.length);
  };

  it.each([
    '2026-11-22T10:00:00.000Z',
    '2026-11-22T10:00:00Z',
    '2024-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-12-31T23:59:59.999999999Z',
    '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-01-00T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T00:60:00Z',
    '2026-01-01T00:00:60Z',
    '2026-01-01T00:00Z',
    '2026-01-01T00:00:00.Z',
    '2026-01-01T00:00:00+01:00',
    '2026-01-01 00:00:00Z',
    '0000-02-29T00:00:00Z',
  ])('agrees with z.iso.datetime on %s', (s) => {
    expect(check(s)).toBe(zod.safeParse(s).success);
  });

  it('agrees with z.iso.datetime on random timestamps and random damage', () => {
    const r = random(5);
    const digits = '0123456789';
    for (let n = 0; n < 20_000; n++) {
      const y = Array.from({ length: 4 }, () => pick(r, [...digits])).join('');
      const two = (max: number) => String(Math.floor(r() * max)).padStart(2, '0');
      let s = `${y}-${two(14)}-${two(33)}T${two(26)}:${two(62)}:${two(62)}${pick(r, ['', '.1', '.123', '.', '.12a'])}Z`;
      if (r() < 0.3) {
        const i = Math.floor(r() * s.length);
        s = s.slice(0, i) + pick(r, [...'0123456789-:TZ.x ']) + s.slice(i + 1);
      }
      expect(check(s), s).toBe(zod.safeParse(s).success);
    }
  });
});
