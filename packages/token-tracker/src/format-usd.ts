/** 12_500_000_000 -> `"12.5"`: the exact USD value of an amount of nanos, without trailing zeros. */
export function nanosToUsd(nanos: number): string {
  const sign = nanos < 0 ? '-' : '';
  const abs = BigInt(Math.abs(nanos));
  const whole = abs / 1_000_000_000n;
  const frac = (abs % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${sign}${whole}${frac ? `.${frac}` : ''}`;
}
