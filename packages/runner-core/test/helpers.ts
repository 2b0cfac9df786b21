import type { RunnerEvent, WorkItem } from '../src/index.js';
import { fingerprint } from '../src/index.js';

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });

export function items<I>(inputs: I[], config: unknown = {}): WorkItem<I>[] {
  return inputs.map((input, i) => ({ id: `item-${i}`, input, fingerprint: fingerprint(input, config) }));
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

export function collectEvents() {
  const events: RunnerEvent[] = [];
  return { events, onEvent: (e: RunnerEvent) => events.push(e) };
}
