import { describe, expect, it } from 'vitest';
import { attoToNanosCeil, nanosToUsd, parseDecimal, toSafeNanos, usdToNanos } from './money.js';

describe('money', () => {
  it('parses decimals exactly, from strings and from numbers in any notation', () => {
    expect(parseDecimal('3.75', 12)).toBe(3_750_000_000_000n);
    expect(parseDecimal(3e-6, 18)).toBe(3_000_000_000_000n);
    expect(parseDecimal(1.25e-7, 18)).toBe(125_000_000_000n);
    expect(parseDecimal('0.1', 9) + parseDecimal('0.2', 9)).toBe(parseDecimal('0.3', 9));
    expect(parseDecimal('.5', 1)).toBe(5n);
    expect(parseDecimal('2E3', 0)).toBe(2000n);
  });

  it('rounds digits beyond the scale half up', () => {
    expect(parseDecimal('0.0000000015', 9)).toBe(2n);
    expect(parseDecimal('0.0000000014', 9)).toBe(1n);
    expect(parseDecimal(3.3333333333333335e-5, 18)).toBe(33_333_333_333_333n);
  });

  it('rejects negative, non-finite and non-numeric amounts with a typed error', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, 'abc', '1,5', '-2']) {
      expect(() => parseDecimal(bad, 9)).toThrow(
        expect.objectContaining({ code: 'TOKEN_TRACKER_INVALID_CONFIG' }),
      );
    }
  });

  it('converts USD and nanos both ways exactly', () => {
    expect(usdToNanos('12.50')).toBe(12_500_000_000);
    expect(usdToNanos(0.000000001)).toBe(1);
    expect(nanosToUsd(12_500_000_000)).toBe('12.5');
    expect(nanosToUsd(1)).toBe('0.000000001');
    expect(nanosToUsd(0)).toBe('0');
    expect(nanosToUsd(-1_500_000_000)).toBe('-1.5');
  });

  it('rounds atto-dollars up to nanos: a non-zero cost never becomes 0', () => {
    expect(attoToNanosCeil(1n)).toBe(1n);
    expect(attoToNanosCeil(1_000_000_000n)).toBe(1n);
    expect(attoToNanosCeil(1_000_000_001n)).toBe(2n);
    expect(attoToNanosCeil(0n)).toBe(0n);
  });

  it('refuses amounts a number cannot hold exactly', () => {
    expect(() => toSafeNanos(2n ** 60n)).toThrow(
      expect.objectContaining({ code: 'TOKEN_TRACKER_AMOUNT_OUT_OF_RANGE' }),
    );
  });
});
