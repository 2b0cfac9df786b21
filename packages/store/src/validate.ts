import type { z } from 'zod';
import { StoreError, StoreErrorCode } from './errors.js';

/** Parses an API argument, or throws STORE_INVALID_INPUT naming every field at fault. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`);
  throw new StoreError(StoreErrorCode.InvalidInput, `invalid ${what}: ${problems.join('; ')}`, {
    details: { problems },
  });
}

export const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
