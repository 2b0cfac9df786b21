import type { Clock } from '../src/index.js';

/** A clock whose sleeps advance time instantly; `sleeps` records every wait. */
export function fakeClock(
  start = 1_800_000_000_000,
): Clock & { advance(ms: number): void; sleeps: number[] } {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += Math.max(0, ms);
    },
    advance: (ms) => {
      t += ms;
    },
    sleeps,
  };
}
