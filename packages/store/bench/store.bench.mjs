#!/usr/bin/env node
// Benchmarks of the registry store, on the BUILT package (`pnpm bench` builds it). One JSON object per
// measurement on stdout:
//   pg-manifest-append / pglite-manifest-append  batched durable appends from concurrent producers: rows/s
//   pg-runs-list / pglite-runs-list              10,000 runs: paging through all, and filtered queries
//   pg-resume-index                              latest() over 1,000,000 manifest rows (800k items): s, RSS
// PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres;
// a scratch database is created and dropped. Usage: node bench/store.bench.mjs [--rows=100000] [--index-rows=1000000]
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { openStore } from '../dist/index.js';

const arg = (name, fallback) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};
const ROWS = arg('rows', 100_000);
const INDEX_ROWS = arg('index-rows', 1_000_000);
const RUNS = 10_000;
const adminUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const emit = (o) => console.log(JSON.stringify(o));

const row = (i, runId = 'bench') => ({
  schemaVersion: 1,
  runId,
  stage: 'bench',
  itemId: `item-${String(i).padStart(7, '0')}`,
  status: 'success',
  attempts: 1,
  durationMs: 1.25,
  fingerprint: 'ab'.repeat(32),
  outputRef: `out/${i}.json`,
  ts: '2026-11-29T07:00:00.000Z',
});

async function appendBench(store, label, rowsPerAppend = 1) {
  const sink = store.manifestSink({ name: `bench-${rowsPerAppend}` });
  const producers = rowsPerAppend === 1 ? 256 : 8;
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: producers }, async () => {
      while (next < ROWS) {
        const i = next;
        next += rowsPerAppend;
        await sink.append(Array.from({ length: rowsPerAppend }, (_, k) => row(i + k)));
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  emit({
    bench: `${label}-manifest-append`,
    rows: ROWS,
    producers,
    rowsPerAppend,
    seconds: +s.toFixed(2),
    rowsPerSec: Math.round(ROWS / s),
  });
}

async function runsBench(store, label) {
  const t0 = performance.now();
  const base = Date.UTC(2026, 0, 1);
  for (let i = 0; i < RUNS; i += 500) {
    await store.db.transaction(async (tx) => {
      const { runs } = (await import('../dist/index.js')).schema;
      await tx.insert(runs).values(
        Array.from({ length: Math.min(500, RUNS - i) }, (_, k) => {
          const n = i + k;
          const at = new Date(base + n * 3_600_000);
          return {
            id: `run-${String(n).padStart(5, '0')}`,
            configKey: n % 4 === 0 ? 'nightly' : 'daily',
            configHash: 'h',
            status: ['succeeded', 'partial', 'failed', 'succeeded', 'cancelled'][n % 5],
            profiles: n % 2 ? ['swe'] : ['cs', 'ds'],
            startedAt: at,
            finishedAt: new Date(at.getTime() + 600_000),
            exitCode: 0,
            flags: {},
            report: { version: 1, n },
            updatedAt: at,
          };
        }),
      );
    });
  }
  const insertS = (performance.now() - t0) / 1000;
  let pages = 0;
  let seen = 0;
  let cursor;
  const t1 = performance.now();
  do {
    const page = await store.runs.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    pages++;
    seen += page.runs.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const pageMs = (performance.now() - t1) / pages;
  const t2 = performance.now();
  const reps = 50;
  for (let r = 0; r < reps; r++) {
    await store.runs.list({
      status: ['failed', 'cancelled'],
      configKey: 'daily',
      from: '2026-03-01T00:00:00Z',
      to: '2026-06-01T00:00:00Z',
      profile: 'swe',
      limit: 50,
    });
  }
  const filterMs = (performance.now() - t2) / reps;
  const t3 = performance.now();
  for (let r = 0; r < reps; r++) await store.runs.latestSuccessful('ds');
  const latestMs = (performance.now() - t3) / reps;
  emit({
    bench: `${label}-runs-list`,
    runs: RUNS,
    insertSeconds: +insertS.toFixed(2),
    pagesOf100: pages,
    listed: seen,
    msPerPage: +pageMs.toFixed(2),
    msPerFilteredQuery: +filterMs.toFixed(2),
    msLatestSuccessful: +latestMs.toFixed(2),
    target: 'list page < 50 ms',
    pass: pageMs < 50,
  });
}

// latest() in a fresh process, so RSS is the index's own.
function resumeIndexChild(url) {
  const code = `
    import { openStore } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
    const store = await openStore({ databaseUrl: ${JSON.stringify(url)} });
    const t0 = performance.now();
    const index = await store.manifestSink({ name: 'index' }).latest('bench');
    const s = (performance.now() - t0) / 1000;
    process.stdout.write(JSON.stringify({ size: index.size, s, rss: process.memoryUsage().rss }));
    await store.close();`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

async function withPostgres(fn) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `jobintel_bench_${process.pid}`;
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch (error) {
    emit({
      bench: 'pg',
      skipped: `PostgreSQL not available at the bench URL (${error.code ?? error.message})`,
    });
    await admin.end();
    return;
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  try {
    await fn(u.toString());
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

await withPostgres(async (url) => {
  const store = await openStore({ databaseUrl: url });
  await appendBench(store, 'pg');
  await appendBench(store, 'pg', 100);
  await runsBench(store, 'pg');
  // 1M rows straight in with SQL (the writer's speed is measured above); 20% rewrite earlier items.
  const items = Math.round(INDEX_ROWS * 0.8);
  const t0 = performance.now();
  await store.db.execute(`insert into manifest (sink, run_id, stage, item_id, status, attempts, duration_ms, fingerprint, output_ref, ts)
    select 'index', 'bench', 'bench', 'item-' || lpad((g % ${items})::text, 7, '0'), case when g % 10 = 0 then 'failure' else 'success' end,
           1, 1.5, md5(g::text) || md5((g + 1)::text), 'out/' || g || '.json', '2026-11-29T07:00:00.000Z'
    from generate_series(0, ${INDEX_ROWS - 1}) g`);
  await store.db.execute('analyze manifest');
  const loadS = (performance.now() - t0) / 1000;
  await store.close();
  const r = resumeIndexChild(url);
  emit({
    bench: 'pg-resume-index',
    rows: INDEX_ROWS,
    items: r.size,
    loadSeconds: +loadS.toFixed(1),
    seconds: +r.s.toFixed(2),
    rssMB: Math.round(r.rss / 2 ** 20),
    target: '<= 5 s, <= 500 MB',
    pass: r.s <= 5 && r.rss <= 500 * 2 ** 20,
  });
});

{
  const dir = await mkdtemp(join(tmpdir(), 'jobintel-bench-pglite-'));
  try {
    const store = await openStore({ dataDir: join(dir, 'db') });
    await appendBench(store, 'pglite');
    await appendBench(store, 'pglite', 100);
    await runsBench(store, 'pglite');
    await store.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
