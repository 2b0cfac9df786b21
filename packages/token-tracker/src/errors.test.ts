import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BudgetExceededError,
  TokenTrackerError,
  TokenTrackerErrorCode,
  UnknownModelError,
} from './errors.js';

describe('error codes', () => {
  it('every code is listed in docs/token-tracker.md', () => {
    const docs = readFileSync(new URL('../../../docs/token-tracker.md', import.meta.url), 'utf8');
    for (const code of Object.values(TokenTrackerErrorCode)) expect(docs, code).toContain(`\`${code}\``);
  });

  it('errors are coded, typed and not retryable', () => {
    const unknown = new UnknownModelError('m', 'p');
    expect(unknown).toBeInstanceOf(TokenTrackerError);
    expect(unknown.toJSON()).toEqual({
      name: 'UnknownModelError',
      code: 'TOKEN_TRACKER_UNKNOWN_MODEL',
      message: expect.stringContaining('"m"'),
      retryable: false,
    });
    const budget = {
      id: 'b',
      window: 'day',
      windowStart: '2026-06-01T00:00:00.000Z',
      provider: null,
      model: null,
      runId: null,
      action: 'fail',
    } as const;
    const exceeded = new BudgetExceededError(budget, 1_500_000_000, 0, 2_000_000_000, 600_000_000);
    expect(exceeded.message).toBe(
      'budget "b" (day window from 2026-06-01T00:00:00.000Z) exceeded: spent $1.5 + reserved $0 + this call\'s worst case $0.6 > limit $2',
    );
    expect(exceeded.details).toMatchObject({ spentNanos: 1_500_000_000, limitNanos: 2_000_000_000 });
  });
});
