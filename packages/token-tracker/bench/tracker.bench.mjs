#!/usr/bin/env node
// Benchmarks of the token tracker, on the BUILT package (`pnpm --filter @jobintel/token-tracker build`
// first; `pnpm bench` does). Prints one JSON object per measurement on stdout:
//   usage-normalise-cost   normalise a usage object and price it (OpenAI, Anthropic, Gemini shapes in turn)
//   reservations           reserve + settle round trips, 100 in flight, 4 budgets, in-memory storage
// Usage: node bench/tracker.bench.mjs [--calls=200000] [--reservations=50000]
import {
  computeCost,
  createPriceTable,
  createTokenTracker,
  normalizeUsage,
  usageFromBuckets,
} from '../dist/index.js';

const arg = (name, fallback) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};
const CALLS = arg('calls', 200_000);
const RESERVATIONS = arg('reservations', 50_000);

const prices = createPriceTable();
const shapes = [
  [
    'gpt-5-mini',
    {
      prompt_tokens: 1200,
      completion_tokens: 300,
      total_tokens: 1500,
      prompt_tokens_details: { cached_tokens: 1024 },
      completion_tokens_details: { reasoning_tokens: 128 },
    },
  ],
  [
    'claude-sonnet-4-5',
    {
      input_tokens: 6,
      cache_read_input_tokens: 6289,
      cache_creation_input_tokens: 3337,
      cache_creation: { ephemeral_5m_input_tokens: 3337, ephemeral_1h_input_tokens: 0 },
      output_tokens: 198,
    },
  ],
  [
    'gemini-2.5-flash',
    { promptTokenCount: 900, candidatesTokenCount: 120, thoughtsTokenCount: 300, totalTokenCount: 1320 },
  ],
];

// baseline: the same objects through JSON.parse(JSON.stringify()), a floor for "touching" each usage
const baselineStart = performance.now();
let sink = 0;
for (let i = 0; i < CALLS; i++) sink += JSON.parse(JSON.stringify(shapes[i % 3][1])).total_tokens ?? 1;
const baselineSec = (performance.now() - baselineStart) / 1000;

const start = performance.now();
let nanos = 0;
for (let i = 0; i < CALLS; i++) {
  const [model, raw] = shapes[i % 3];
  nanos += computeCost(normalizeUsage(raw), model, prices).nanos;
}
const sec = (performance.now() - start) / 1000;
const perSec = Math.round(CALLS / sec);
console.log(
  JSON.stringify({
    bench: 'usage-normalise-cost',
    calls: CALLS,
    callsPerSec: perSec,
    vsJsonRoundTrip: Number((sec / baselineSec).toFixed(2)),
    checksum: nanos + (sink > 0 ? 0 : 1),
    target: '>= 50000 calls/s',
    pass: perSec >= 50_000,
  }),
);

const tracker = createTokenTracker({
  prices,
  budgets: [
    { id: 'global', limitUsd: '1000000' },
    { id: 'daily', limitUsd: '100000', window: 'day' },
    { id: 'openai', limitUsd: '100000', provider: 'openai', window: 'month' },
    { id: 'run', limitUsd: '100000', perRun: true },
  ],
});
const usage = usageFromBuckets({ inputUncached: 1000, outputText: 200 });
const request = {
  provider: 'openai',
  model: 'gpt-5-mini',
  runId: 'bench',
  inputTokens: 1000,
  maxOutputTokens: 800,
};
let next = 0;
const rStart = performance.now();
await Promise.all(
  Array.from({ length: 100 }, async () => {
    while (next++ < RESERVATIONS) {
      const r = await tracker.reserve(request);
      await r.settle(usage);
    }
  }),
);
const rSec = (performance.now() - rStart) / 1000;
const [global] = await tracker.status({ runId: 'bench' });
const rPerSec = Math.round(RESERVATIONS / rSec);
console.log(
  JSON.stringify({
    bench: 'reservations',
    reservations: RESERVATIONS,
    inFlight: 100,
    budgets: 4,
    reservationsPerSec: rPerSec,
    settledUsd: global ? global.spentNanos / 1e9 : null,
    target: '>= 10000 reserve+settle/s',
    pass: rPerSec >= 10_000,
  }),
);
