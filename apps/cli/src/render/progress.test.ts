import type { RunnerEvent } from '@jobintel/runner-core';
import { describe, expect, it } from 'vitest';
import { progressPrinter } from './progress.js';

const base = { runId: 'r', stage: 'score', stageIndex: 5, stageCount: 10, elapsedMs: 0 };
const progress = (succeeded: number, final = false): RunnerEvent => ({
  ...base,
  type: 'progress',
  final,
  planned: 4,
  total: 4,
  planDone: true,
  running: 1,
  pending: 0,
  succeeded,
  failed: 0,
  skipped: 0,
  cancelled: 0,
  itemsPerSec: 1,
  etaMs: final ? null : 1000,
});

function capture(isTTY: boolean) {
  const out = {
    text: '',
    isTTY,
    write: (s: string) => {
      out.text += s;
    },
  };
  return out;
}

describe('progressPrinter', () => {
  it('on a TTY redraws one bar per stage in place and ends it with a newline', () => {
    const out = capture(true);
    const print = progressPrinter(out);
    print({ type: 'run:start', runId: 'r1', resumed: false, attempt: 1, runDir: '/x' });
    print(progress(1));
    print(progress(2));
    print(progress(4, true));
    print({
      ...base,
      type: 'stage:end',
      status: 'succeeded',
      succeeded: 4,
      failed: 0,
      skipped: 0,
      cancelled: 0,
      wallMs: 5,
    });
    expect(out.text).toBe(
      'run r1\n' +
        '\r[5/10] score [######------------------] 25% 1/4 eta 1s\u001b[K' +
        '\r[5/10] score [############------------] 50% 2/4 eta 1s\u001b[K' +
        '\r[5/10] score [########################] 100% 4/4\u001b[K\n',
    );
  });

  it('elsewhere prints plain lines at most once per interval per stage, plus the final one', () => {
    const out = capture(false);
    let now = 0;
    const print = progressPrinter(out, { intervalMs: 2000, now: () => now });
    print({ type: 'run:start', runId: 'r1', resumed: true, attempt: 2, runDir: '/x' });
    print(progress(1));
    now = 500;
    print(progress(2)); // too soon
    now = 2600;
    print(progress(3));
    print(progress(4, true));
    print({
      type: 'stage:skipped',
      runId: 'r1',
      stage: 'ai',
      stageIndex: 8,
      stageCount: 10,
      reason: 'AI is off',
    });
    const lines = out.text.trimEnd().split('\n');
    expect(lines[0]).toBe('resuming run r1 (attempt 2): finished items are kept');
    expect(lines.slice(1).map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
      '[5/10] score 1/4',
      '[5/10] score 3/4',
      '[5/10] score 4/4',
      '[8/10] ai skipped:',
    ]);
  });
});
