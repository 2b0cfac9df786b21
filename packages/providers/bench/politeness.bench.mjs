// Politeness efficiency: N requests spread over H local hosts (one 127.0.0.1 server per port, a
// different host each) with per-host rate q and burst b. Measured from the servers' own request
// logs: total time vs the theoretical minimum ((n - b) / q per host, robots.txt counted), and the
// most requests any host saw in any 1-second window (must be <= b + q).
// Run: pnpm --filter @jobintel/providers build && node bench/politeness.bench.mjs
import { createServer } from 'node:http';
import { PoliteFetcher } from '../dist/index.js';

const H = 4;
const N = 400;
const q = 20;
const b = 1;
const jitterMs = 20;

const logs = [];
const servers = await Promise.all(
  Array.from({ length: H }, async (_, h) => {
    const log = [];
    logs.push(log);
    const server = createServer((req, res) => {
      log.push(performance.now());
      res.writeHead(200, { 'content-type': req.url === '/robots.txt' ? 'text/plain' : 'application/json' });
      res.end(req.url === '/robots.txt' ? 'User-agent: *\nAllow: /\n' : `{"ok":true,"host":${h}}`);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    return server;
  }),
);
const origins = servers.map((s) => `http://127.0.0.1:${s.address().port}`);
const fetcher = new PoliteFetcher({
  userAgent: 'JobIntelBench/1.0 (+https://example.test/bot)',
  allowHosts: ['127.0.0.1'],
  politeness: { ratePerSec: q, burst: b, jitterMs, maxConcurrency: 4, retries: 0 },
});

const results = await Promise.all(
  Array.from({ length: N }, (_, i) => fetcher.fetch({ method: 'GET', url: `${origins[i % H]}/jobs/${i}` })),
);
await fetcher.close();
for (const s of servers) s.close();

const failures = results.filter((r) => !r.ok).length;
const all = logs.flat().sort((x, y) => x - y);
const measuredSec = (all.at(-1) - all[0]) / 1000;
const perHost = N / H + 1; // + robots.txt
const theoreticalSec = (perHost - b) / q;
let maxPerSecond = 0;
for (const log of logs) {
  log.sort((x, y) => x - y);
  for (let i = 0, j = 0; i < log.length; i++) {
    while (log[i] - log[j] >= 1000) j++;
    maxPerSecond = Math.max(maxPerSecond, i - j + 1);
  }
}
const ratio = measuredSec / theoreticalSec;
console.log(
  JSON.stringify({
    bench: 'politeness',
    hosts: H,
    requests: N,
    ratePerHost: q,
    burst: b,
    jitterMs,
    failures,
    measuredSec: Number(measuredSec.toFixed(3)),
    theoreticalSec: Number(theoreticalSec.toFixed(3)),
    ratio: Number(ratio.toFixed(3)),
    target: '<= 1.10 x theoretical, max per host per 1 s window <= burst + rate',
    maxPerHostPerSecond: maxPerSecond,
    rateLimit: b + q,
    pass: failures === 0 && ratio <= 1.1 && maxPerSecond <= b + q,
  }),
);
