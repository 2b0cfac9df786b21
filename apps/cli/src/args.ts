import { InvalidArgumentError } from 'commander';

/** Commander argument parsers: a bad value is a usage error (exit 2) naming the option. */
export function intArg(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

export const scoreArg = intArg(0, 100);

/** `a,b c` → `['a', 'b', 'c']`; repeated options add up. */
export function listArg(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(/[,\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

/** An ISO date or date-time, or a relative age such as `7d` / `24h`, as an ISO timestamp. */
export function sinceArg(now: () => Date = () => new Date()): (value: string) => string {
  return (value) => {
    const age = /^(\d+)([dh])$/.exec(value.trim());
    if (age) {
      const ms = Number(age[1]) * (age[2] === 'd' ? 86_400_000 : 3_600_000);
      return new Date(now().getTime() - ms).toISOString();
    }
    const t = Date.parse(value);
    if (Number.isNaN(t))
      throw new InvalidArgumentError('expected a date (2026-11-01), a time, or an age (7d, 24h)');
    return new Date(t).toISOString();
  };
}

/** A value from a fixed list. */
export function choiceArg<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}`);
    }
    return value as T;
  };
}
