import { backoffDelay, isRetryable, seededRandom } from '@jobintel/runner-core';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseMs: number;
  capMs: number;
  /** Seed of the jitter, so that retry timing is reproducible. */
  seed: number;
}

/**
 * Runs `fn` until it succeeds, throws a non-retryable error, or runs out of attempts; waits an
 * exponential, jittered, capped delay between attempts (runner-core's `backoffDelay`).
 * `onRetry` sees every failure that will be retried.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  fn: (attempt: number) => Promise<T>,
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void,
): Promise<T> {
  const random = seededRandom(policy.seed);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || !isRetryable(error)) throw error;
      const delayMs = backoffDelay(
        attempt,
        { baseMs: policy.baseMs, capMs: policy.capMs, jitter: 0.5 },
        random,
      );
      onRetry?.(error, attempt, delayMs);
      await new Promise((done) => setTimeout(done, delayMs));
    }
  }
}
