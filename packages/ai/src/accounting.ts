import type { UsageBuckets } from '@jobintel/token-tracker';

/**
 * What the AI client needs from usage and budget accounting. `createTrackerAccounting` implements it
 * over `@jobintel/token-tracker`; the seam keeps the client testable on its own and lets a caller
 * add its own bookkeeping around the tracker.
 */

/** The wire format of a response, which decides how its usage object is read. */
export type LlmApi = 'openai-chat' | 'anthropic-messages';

/** A prompt message as the token estimate reads it. */
export interface PromptMessage {
  role: string;
  content: string;
}

/** A call about to be made: the worst case is `inputTokens` plus `maxOutputTokens`. */
export interface CallEstimate {
  /** The provider name prices and budgets know (`openai`, `anthropic`, `openrouter`, ...). */
  provider: string;
  model: string;
  api: LlmApi;
  inputTokens: number;
  maxOutputTokens: number;
}

/** What one call cost: disjoint token buckets and integer nano-dollars (1e-9 USD). */
export interface SettledCall {
  buckets: UsageBuckets;
  totalTokens: number;
  costNanos: number;
  warnings: string[];
}

/** An opaque handle for one reservation. */
export interface Reservation {
  readonly id: string;
}

export interface Accounting {
  /** Prompt tokens before the call (used for the reservation). */
  estimateInputTokens(model: string, messages: readonly PromptMessage[]): number;
  /** Reserve the worst-case cost. Throws when a budget would be exceeded (no call is made then). */
  reserve(call: CallEstimate): Promise<Reservation>;
  /**
   * Replace the reservation by the real cost of the raw usage object the provider returned. When the
   * response carried no usage (`rawUsage` undefined) the reservation's worst case becomes the cost.
   */
  settle(reservation: Reservation, api: LlmApi, rawUsage: unknown): Promise<SettledCall>;
  /** Give the reservation back: the call failed before any usage was reported. */
  release(reservation: Reservation): Promise<void>;
}
