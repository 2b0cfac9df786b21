import type { AiErrorCode } from '../errors.js';

/** A task's answer: validated output, or a reason and no content at all. */
export type TaskResult<O> =
  | {
      status: 'ok';
      output: O;
      /** True when the answer came from the cache (then the cost is 0 and no call was made). */
      cached: boolean;
      prompt: string;
      model: string;
      /** What the task's calls cost, in integer nano-dollars (1e-9 USD), as the token tracker priced them. */
      costNanos: number;
      /** Model calls made: 0 (cached), 1, or 2 with the repair retry. */
      calls: number;
    }
  | { status: 'unavailable'; code: AiErrorCode; reason: string; prompt: string; costNanos: number }
  | { status: 'disabled'; reason: string };

export type TaskStatus = TaskResult<unknown>['status'];
