// cpu policy scaling: CPU-bound items on 2 threads against 1 thread (same policy, same items), and
// against a plain loop on the main thread. Target: >= 1.7x the one-thread throughput on 2 cores.
import { availableParallelism } from 'node:os';
import { runStage } from '../dist/index.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 64);
const ROUNDS_PER_ITEM = 40_000;
const worker = { module: new URL('./cpu-work.mjs', import.meta.url) };
const { default: work } = await import('./cpu-work.mjs');

const plan = () =>
  Array.from({ length: ITEMS }, (_, i) => ({
    id: String(i),
    input: { seed: i, rounds: ROUNDS_PER_ITEM },
    fingerprint: 'f',
  }));

async function cpu(threads) {
  const t0 = performance.now();
  const outcome = await runStage(
    { name: 'cpu', plan, worker },
    { policy: 'cpu', concurrency: threads, progressIntervalMs: 0 },
  );
  if (outcome.succeeded !== ITEMS) throw new Error('cpu bench lost items');
  return ITEMS / ((performance.now() - t0) / 1000);
}
function inline() {
  const t0 = performance.now();
  for (const item of plan()) work(item.input, { progress() {} });
  return ITEMS / ((performance.now() - t0) / 1000);
}

await cpu(2); // warm-up: thread start and JIT
const runs = { one: [], two: [], inline: [] };
for (let r = 0; r < 3; r++) {
  runs.inline.push(inline());
  runs.one.push(await cpu(1));
  runs.two.push(await cpu(2));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[1];
const ratio = median(runs.two) / median(runs.one);
console.log(
  JSON.stringify({
    bench: 'cpu-policy-scaling',
    cores: availableParallelism(),
    items: ITEMS,
    inlineItemsPerSec: Number(median(runs.inline).toFixed(1)),
    oneThreadItemsPerSec: Number(median(runs.one).toFixed(1)),
    twoThreadsItemsPerSec: Number(median(runs.two).toFixed(1)),
    ratio: Number(ratio.toFixed(3)),
    ratioVsInline: Number((median(runs.two) / median(runs.inline)).toFixed(3)),
    target: 'ratio >= 1.7 on 2 cores',
    pass: ratio >= 1.7,
  }),
);
