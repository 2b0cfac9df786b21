import { TokenTrackerError, TokenTrackerErrorCode } from './errors.js';

export { nanosToUsd } from './format-usd.js';

/**
 * Money is integer nano-dollars (1 USD = 1,000,000,000 nanos) in a JS number: exact, JSON- and
 * SQL-friendly (BIGINT), and safe up to about 9 million USD. Token rates are kept exactly as bigint
 * atto-dollars (1e-18 USD) per token, so a rate written as "0.075" USD per million tokens loses nothing.
 */
export type Nanos = number;

/** A decimal amount as written in a price list or a config: `"3.75"`, `0.3`, `1.25e-7`. */
export type Decimal = string | number;

const DECIMAL = /^(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/**
 * Parses a non-negative decimal exactly into an integer count of 10^-scale units. Digits beyond the
 * scale are rounded half up (documented: only rates with more than 18 decimals of USD per token lose
 * anything). Numbers go through their shortest round-trip decimal form, so `3e-6` is exactly 3e-6.
 */
export function parseDecimal(value: Decimal, scale: number, what = 'amount'): bigint {
  const text = typeof value === 'number' ? numberText(value, what) : value.trim();
  const m = DECIMAL.exec(text.startsWith('.') ? `0${text}` : text);
  if (!m) throw invalid(`${what} must be a non-negative decimal number, got ${JSON.stringify(value)}`);
  const digits = `${m[1]}${m[2] ?? ''}`;
  const shift = scale - (m[2]?.length ?? 0) + Number(m[3] ?? 0);
  if (shift >= 0) return BigInt(digits) * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  const n = BigInt(digits);
  return (n + divisor / 2n) / divisor;
}

function numberText(value: number, what: string): string {
  if (!Number.isFinite(value) || value < 0) throw invalid(`${what} must be a finite non-negative number`);
  return String(value);
}

function invalid(message: string): TokenTrackerError {
  return new TokenTrackerError(TokenTrackerErrorCode.InvalidConfig, message);
}

/** `"12.50"` (USD) -> 12_500_000_000 nanos, exactly; sub-nano digits round half up. */
export function usdToNanos(usd: Decimal): Nanos {
  return toSafeNanos(parseDecimal(usd, 9, 'a USD amount'));
}

/** A bigint amount of nanos as a number, or a typed error when it would not be exact. */
export function toSafeNanos(value: bigint): Nanos {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new TokenTrackerError(
      TokenTrackerErrorCode.AmountOutOfRange,
      `amount of ${value} nanos is beyond the exact range of a number (about 9 million USD)`,
    );
  }
  return Number(value);
}

export const ATTO_PER_NANO = 1_000_000_000n;

/** Atto-dollars to nanos, rounded up: a non-zero cost never rounds to zero, and never under-counts. */
export function attoToNanosCeil(atto: bigint): bigint {
  return (atto + ATTO_PER_NANO - 1n) / ATTO_PER_NANO;
}
