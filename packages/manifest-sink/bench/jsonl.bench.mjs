#!/usr/bin/env node
// Benchmarks of the JSONL manifest sink, on the BUILT package (run `pnpm --filter @jobintel/manifest-sink
// build` first; `pnpm bench` does). Prints one JSON object per measurement on stdout:
//   jsonl-append        durable appends (fsync per batch) from concurrent producers: rows/s, rows per fsync
//   jsonl-resume-index  latest() over a 1,000,000-row manifest, in a fresh process: seconds and RSS
//   jsonl-compact       compaction of that manifest to its last row per item
// Usage: node bench/jsonl.bench.mjs [--rows=200000] [--producers=2048] [--index-rows=1000000]
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonlSink } from '../dist/index.js';

const arg = (name, fallback) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};
const APPEND_ROWS = arg('rows', 200_000);
const PRODUCERS = arg('producers', 2048);
const INDEX_ROWS = arg('index-rows', 1_000_000);
const ITEMS = Math.round(INDEX_ROWS * 0.8); // the last 20% of rows rewrite earlier items

const pad = (i) => String(i).padStart(7, '0');
const fingerprint = (i) => (Math.imul(i + 1, 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(8);
const row = (i, runId) => ({
  schemaVersion: 1,
  runId,
  stage: 'bench',
  itemId: `item-${pad(i)}`,
  status: i % 10 === 0 ? 'failure' : 'success',
  attempts: 1 + (i % 3),
  durationMs: 3.25,
  fingerprint: fingerprint(i),
  outputRef: `out/item-${pad(i)}.json`,
  error: null,
  ts: '2026-11-22T10:00:00.000Z',
});
const cpuSeconds = (since) => {
  const u = process.cpuUsage(since);
  return Number(((u.user + u.system) / 1e6).toFixed(2));
};

const dir = await mkdtemp(join(tmpdir(), 'jsonl-bench-'));
try {
  // (a) durable appends: PRODUCERS concurrent producers, each appending one row at a time and awaiting
  // its durability before the next; their appends meet in batches (one write + one fsync each)
  {
    const sink = createJsonlSink({ dir: join(dir, 'append') });
    const rows = Array.from({ length: APPEND_ROWS }, (_, i) => row(i, 'append'));
    let next = 0;
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: PRODUCERS }, async () => {
        while (next < rows.length) await sink.append([rows[next++]]);
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const stats = sink.stats();
    await sink.close();
    const rowsPerSec = Math.round(APPEND_ROWS / seconds);
    console.log(
      JSON.stringify({
        bench: 'jsonl-append',
        rows: APPEND_ROWS,
        producers: PRODUCERS,
        seconds: Number(seconds.toFixed(2)),
        cpuSeconds: cpuSeconds(cpu),
        rowsPerSec,
        batches: stats.batches,
        fsyncs: stats.fsyncs,
        rowsPerFsync: Math.round(stats.rows / stats.fsyncs),
        locks: stats.locks,
        target: '>= 100000 rows/s',
        pass: rowsPerSec >= 100_000,
      }),
    );
  }

  // (b) a manifest of INDEX_ROWS rows over ITEMS items, indexed by latest() in a fresh process
  const bigDir = join(dir, 'big');
  const file = join(bigDir, 'bench.jsonl');
  {
    await mkdir(bigDir, { recursive: true });
    const fh = await open(file, 'w');
    let chunk = [];
    for (let i = 0; i < INDEX_ROWS; i++) {
      chunk.push(JSON.stringify(i < ITEMS ? row(i, 'first') : row(i - ITEMS, 'second')));
      if (chunk.length === 10_000 || i === INDEX_ROWS - 1) {
        await fh.write(`${chunk.join('\n')}\n`);
        chunk = [];
      }
    }
    await fh.close();
    const script = `
      const { createJsonlSink } = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
      globalThis.gc?.();
      const base = process.memoryUsage().rss;
      let peak = base;
      const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const index = await createJsonlSink({ dir: ${JSON.stringify(bigDir)} }).latest('bench');
      const ms = performance.now() - t0;
      const used = process.cpuUsage(cpu);
      peak = Math.max(peak, process.memoryUsage().rss);
      clearInterval(timer);
      const last = index.get('item-0000000');
      if (index.size !== ${ITEMS} || last?.attempts !== 1 || last.status !== 'failure' || index.problems.length !== 0)
        throw new Error('wrong index: ' + JSON.stringify({ size: index.size, last, problems: index.problems.length }));
      console.log(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, base, peak, size: index.size }));
    `;
    const child = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(child.stderr);
    const r = JSON.parse(child.stdout.trim());
    const MB = 2 ** 20;
    console.log(
      JSON.stringify({
        bench: 'jsonl-resume-index',
        rows: INDEX_ROWS,
        items: r.size,
        fileMB: Math.round((await stat(file)).size / MB),
        seconds: Number((r.ms / 1000).toFixed(2)),
        cpuSeconds: Number((r.cpuMs / 1000).toFixed(2)),
        rowsPerSec: Math.round(INDEX_ROWS / (r.ms / 1000)),
        peakRssMB: Math.round(r.peak / MB),
        rssGrowthMB: Math.round((r.peak - r.base) / MB),
        target: '<= 2 s and <= 300 MB RSS',
        pass: r.ms <= 2000 && r.peak / MB <= 300,
      }),
    );
  }

  // (c) compaction of that manifest (fsync on)
  {
    const sink = createJsonlSink({ dir: bigDir });
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const result = await sink.compact('bench');
    const seconds = (performance.now() - t0) / 1000;
    await sink.close();
    console.log(
      JSON.stringify({
        bench: 'jsonl-compact',
        ...result,
        seconds: Number(seconds.toFixed(2)),
        cpuSeconds: cpuSeconds(cpu),
        rowsPerSec: Math.round(result.rowsBefore / seconds),
        pass: result.rowsAfter === ITEMS,
      }),
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
