import type { z } from 'zod';
import { PublisherError, PublisherErrorCode } from './errors.js';

/** Validates options once, at the edge: every problem with its field path, in one error. */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  throw new PublisherError(
    PublisherErrorCode.InvalidOptions,
    `invalid ${what} options: ${problems.join('; ')}`,
    {
      details: { problems },
    },
  );
}
