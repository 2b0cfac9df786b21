// Runner overhead against p-map in the same process: 200,000 no-op async items at concurrency 64.
// Target: the runner's throughput is at least half of p-map's. Rounds alternate to share the noise.
import pMap from 'p-map';
import { runStage } from '../dist/index.js';

const N = Number(process.env.BENCH_ITEMS ?? 200_000);
const CONCURRENCY = 64;
const ROUNDS = 5;
const noop = async () => {};

function* plan() {
  for (let i = 0; i < N; i++) yield { id: String(i), input: i, fingerprint: 'f' };
}

async function timeIt(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const pmap = () => pMap(plan(), (item) => noop(item.input), { concurrency: CONCURRENCY });
const runner = async () => {
  const outcome = await runStage(
    { name: 'noop', plan, worker: noop },
    { concurrency: CONCURRENCY, keepItemOutcomes: 'none', progressIntervalMs: 0 },
  );
  if (outcome.succeeded !== N) throw new Error(`runner finished ${outcome.succeeded} of ${N}`);
};

await pmap(); // warm-up
await runner();
const times = { pmap: [], runner: [] };
for (let r = 0; r < ROUNDS; r++) {
  times.pmap.push(await timeIt(pmap));
  times.runner.push(await timeIt(runner));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pmapPerSec = N / (median(times.pmap) / 1000);
const runnerPerSec = N / (median(times.runner) / 1000);
const ratio = runnerPerSec / pmapPerSec;
console.log(
  JSON.stringify({
    bench: 'runner-overhead-vs-p-map',
    items: N,
    concurrency: CONCURRENCY,
    pmapItemsPerSec: Math.round(pmapPerSec),
    runnerItemsPerSec: Math.round(runnerPerSec),
    ratio: Number(ratio.toFixed(3)),
    target: 'ratio >= 0.5',
    pass: ratio >= 0.5,
  }),
);
