// sjf against fifo: p95 item latency (time from stage start to the item's completion) on a mixed-cost
// workload: 90% short items (2 ms) and 10% long ones (60 ms) in a seeded random order, 4 at a time.
import { runStage, seededRandom } from '../dist/index.js';

const N = 600;
const random = seededRandom(7);
const costs = Array.from({ length: N }, () => (random() < 0.1 ? 60 : 2));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function run(schedule) {
  const outcome = await runStage(
    {
      name: `mixed-${schedule}`,
      plan: () => costs.map((c, i) => ({ id: String(i), input: c, fingerprint: 'f', costHint: c })),
      worker: (ms) => sleep(ms),
    },
    { concurrency: 4, schedule, maxQueue: N, progressIntervalMs: 0 },
  );
  // all items enter the queue at t=0, so latency = queue time + execution time
  const latencies = outcome.items.map((i) => i.queueMs + i.durationMs).sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)];
  return { p50: pct(0.5), p95: pct(0.95), wallMs: outcome.wallMs };
}

const fifo = await run('fifo');
const sjf = await run('sjf');
console.log(
  JSON.stringify({
    bench: 'sjf-vs-fifo-latency',
    items: N,
    concurrency: 4,
    fifoP50Ms: Math.round(fifo.p50),
    fifoP95Ms: Math.round(fifo.p95),
    sjfP50Ms: Math.round(sjf.p50),
    sjfP95Ms: Math.round(sjf.p95),
    fifoWallMs: Math.round(fifo.wallMs),
    sjfWallMs: Math.round(sjf.wallMs),
    p95Ratio: Number((sjf.p95 / fifo.p95).toFixed(3)),
    target: 'sjf p95 < fifo p95',
    pass: sjf.p95 < fifo.p95,
  }),
);
