// Parse throughput (postings/s) on the largest samples: the biggest real fixtures per format (when
// ../shared is present) and the biggest demo responses. Baseline in the same run: JSON.parse alone
// over the same bytes, so `ratio` is the cost of normalising (sanitising HTML, locations, zod).
// Run: pnpm --filter @jobintel/providers build && node --expose-gc bench/parse.bench.mjs
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBoard } from '../dist/index.js';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/boards/', import.meta.url));
const DEMO = fileURLToPath(new URL('../demo/', import.meta.url));
const TARGET = 1500;

const samples = [];
const manifest = JSON.parse(readFileSync(join(DEMO, 'boards.json'), 'utf8'));
for (const b of manifest.boards) {
  const page = b.pages.find((p) => p.role === 'list');
  samples.push({
    name: `demo:${b.provider}/${b.boardSlug}`,
    provider: b.provider,
    body: readFileSync(join(DEMO, page.file)),
    url: page.url,
  });
}
if (existsSync(FIXTURES)) {
  for (const provider of [
    'greenhouse',
    'lever',
    'ashby',
    'smartrecruiters',
    'workable',
    'recruitee',
    'personio',
  ]) {
    const files = readdirSync(join(FIXTURES, provider)).map((f) => join(FIXTURES, provider, f));
    const largest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
    samples.push({
      name: `fixture:${provider}/${largest.split('/').pop()}`,
      provider,
      body: readFileSync(largest),
      url: 'https://example.test/',
    });
  }
}

function time(fn, minMs = 400) {
  let runs = 0;
  const start = performance.now();
  do {
    fn();
    runs++;
  } while (performance.now() - start < minMs);
  return (performance.now() - start) / runs;
}

let totalPostings = 0;
let totalMs = 0;
let totalBaselineMs = 0;
let totalJsonMs = 0;
for (const s of samples) {
  const count = parseBoard(s.provider, { body: s.body, url: s.url }, { board: 'bench' }).postings.length;
  if (count === 0) continue;
  globalThis.gc?.();
  const ms = time(() => parseBoard(s.provider, { body: s.body, url: s.url }, { board: 'bench' }));
  const baseline =
    s.provider === 'personio' || s.body.subarray(0, 20).toString().trimStart().startsWith('<')
      ? null
      : time(() => JSON.parse(s.body.toString('utf8')));
  totalPostings += count;
  totalMs += ms;
  if (baseline !== null) {
    totalBaselineMs += baseline;
    totalJsonMs += ms;
  }
  console.log(
    JSON.stringify({
      bench: 'parse',
      sample: s.name,
      bytes: s.body.length,
      postings: count,
      postingsPerSec: Math.round((count / ms) * 1000),
      msPerResponse: Number(ms.toFixed(3)),
      ...(baseline !== null ? { jsonParseRatio: Number((ms / baseline).toFixed(1)) } : {}),
    }),
  );
}
const overall = Math.round((totalPostings / totalMs) * 1000);
console.log(
  JSON.stringify({
    bench: 'parse-overall',
    postings: totalPostings,
    postingsPerSec: overall,
    jsonParseRatio: Number((totalJsonMs / totalBaselineMs).toFixed(1)),
    target: `>= ${TARGET}`,
    pass: overall >= TARGET,
  }),
);
