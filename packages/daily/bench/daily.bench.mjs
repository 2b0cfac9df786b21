#!/usr/bin/env node
// Benchmarks of the daily run, on the BUILT packages (`pnpm bench` builds them). Each run happens in a
// fresh child process with a fresh state folder (embedded PGlite), so wall time and peak RSS are its own.
//   daily-demo       the bundled demo configuration, offline: wall time, peak RSS
//   daily-synthetic  100,000 postings over 50 boards (seeded Lever snapshots, ~1.5 KB descriptions) and
//                    3 profiles: wall time per stage, peak RSS (target < 1 GB)
//   daily-replay-recalc  `replayRun --recalc` of the last synthetic run in a fresh process: wall time, peak RSS
// Usage: node bench/daily.bench.mjs [--boards=50] [--per-board=2000] [--only=synthetic|pglite|postgres]
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const arg = (name, fallback) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};
const BOARDS = arg('boards', 50);
// --only=synthetic skips the demo run; --only=pglite / --only=postgres also picks one database
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.split('=')[1] ?? null;
const PER_BOARD = arg('per-board', 2000);
const dist = new URL('../dist/index.js', import.meta.url).href;

function child(code, cwd) {
  const run = spawnSync(
    process.execPath,
    [...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), '--input-type=module', '-e', code],
    {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    },
  );
  if (run.status !== 0) throw new Error(run.stderr || `exit ${run.status}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

const runCode = (env = {}) => `
  import { loadConfig, runDaily } from ${JSON.stringify(dist)};
  const t0 = performance.now();
  const loaded = await loadConfig({ env: {} });
  // the peak RSS of each stage, sampled every 50 ms
  let stage = 'setup';
  const peaks = {};
  const heaps = {};
  const mb = (n) => Math.round(n / 2 ** 20);
  const sample = () => {
    const m = process.memoryUsage();
    peaks[stage] = Math.max(peaks[stage] ?? 0, mb(m.rss));
    heaps[stage] = Math.max(heaps[stage] ?? 0, mb(m.heapUsed + m.external));
  };
  const timer = setInterval(sample, 50);
  const r = await runDaily({ loaded, env: ${JSON.stringify(env)}, flags: { offline: true }, onEvent: (e) => { if (e.type === 'stage:start') { sample(); stage = e.stage; } } });
  clearInterval(timer);
  const wall = performance.now() - t0;
  process.stdout.write(JSON.stringify({
    exitCode: r.exitCode,
    runId: r.report.run.id,
    wallMs: Math.round(wall),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    jobs: r.report.profiles.map((p) => p.jobs),
    stages: Object.fromEntries(r.report.stages.map((s) => [s.name, s.wallMs])),
    postings: r.report.boards.reduce((n, b) => n + b.postings, 0),
    peakRssMB: peaks,
    peakHeapMB: heaps,
  }) + '\\n');`;

// demo
if (ONLY === null) {
  const dir = await mkdtemp(join(tmpdir(), 'jobintel-bench-demo-'));
  try {
    const r = child(runCode(), dir);
    console.log(
      JSON.stringify({
        bench: 'daily-demo',
        wallMs: r.wallMs,
        maxRssMB: r.maxRssMB,
        postings: r.postings,
        stageWallMs: r.stages,
        target: 'recorded',
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// A scratch PostgreSQL database (BENCH_DATABASE_URL / TEST_DATABASE_URL / the local server), or none.
async function scratchPostgres() {
  const admin =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  try {
    const { default: postgres } = await import(
      new URL('../../store/node_modules/postgres/src/index.js', import.meta.url).href
    );
    const sql = postgres(admin, { max: 1, onnotice: () => {}, connect_timeout: 3 });
    await sql.unsafe('drop database if exists jobintel_bench_daily with (force)');
    await sql.unsafe('create database jobintel_bench_daily');
    await sql.end();
    const u = new URL(admin);
    u.pathname = '/jobintel_bench_daily';
    return [['postgres', { DATABASE_URL: u.toString() }]];
  } catch {
    return [];
  }
}

// synthetic: seeded Lever snapshots written through the providers' snapshot store
{
  const dir = await mkdtemp(join(tmpdir(), 'jobintel-bench-synth-'));
  try {
    const { FsSnapshotStore } = await import(new URL('../../providers/dist/index.js', import.meta.url).href);
    const store = new FsSnapshotStore(join(dir, '.jobintel', 'snapshots'));
    let seed = 42;
    const rand = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const pick = (a) => a[Math.floor(rand() * a.length)];
    const titles = [
      'Software Engineer',
      'Senior Backend Engineer',
      'Data Scientist',
      'Customer Success Manager',
      'Platform Engineer',
      'Account Executive',
      'Product Designer',
      'Machine Learning Engineer',
      'Support Specialist',
      'Site Reliability Engineer',
    ];
    const cities = [
      'San Francisco',
      'New York',
      'Seattle',
      'Austin',
      'Remote - US',
      'London',
      'Berlin',
      'Toronto',
    ];
    const words =
      'we build reliable distributed systems with typescript go python kubernetes postgres customers onboarding retention analytics models experiment growth team mentor design review'.split(
        ' ',
      );
    const boards = [];
    for (let b = 0; b < BOARDS; b++) {
      const slug = `synth${String(b).padStart(2, '0')}`;
      const list = [];
      for (let i = 0; i < PER_BOARD; i++) {
        const text = Array.from({ length: 220 }, () => pick(words)).join(' ');
        const id = `${slug}-${String(i).padStart(5, '0')}`;
        list.push({
          id,
          text: pick(titles),
          categories: { location: pick(cities), team: 'Team', commitment: 'Full-time' },
          createdAt: Date.UTC(2026, 10, 1 + (i % 20)),
          hostedUrl: `https://jobs.lever.co/${slug}/${id}`,
          applyUrl: `https://jobs.lever.co/${slug}/${id}/apply`,
          descriptionPlain: text,
          description: `<p>${text}</p>`,
          lists: [],
          additional: '',
        });
      }
      const fetchedAt = '2026-11-22T07:00:00.000Z';
      const pages = [];
      // Lever pages of at most 1,000 (skip / limit), as a live fetch would have stored them
      for (let skip = 0; skip < list.length; skip += 1000) {
        const { sha256, bytes } = await store.putBody(
          Buffer.from(JSON.stringify(list.slice(skip, skip + 1000))),
        );
        pages.push({
          role: 'list',
          url: `https://api.lever.co/v0/postings/${slug}?mode=json&skip=${skip}&limit=1000`,
          method: 'GET',
          status: 200,
          fetchedAt,
          sha256,
          bytes,
          contentType: 'application/json',
          etag: null,
          lastModified: null,
        });
      }
      await store.putRecord({ schemaVersion: 1, provider: 'lever', board: slug, fetchedAt, ok: true, pages });
      boards.push(
        `  - { provider: lever, boardSlug: ${slug}, name: Synth ${b}, mode: snapshot, pageSize: 1000 }`,
      );
    }
    const { exampleProfilePath } = await import(new URL('../../scoring/dist/index.js', import.meta.url).href);
    await writeFile(
      join(dir, 'jobintel.config.yaml'),
      [
        'key: synthetic',
        'boards:',
        ...boards,
        'profiles:',
        ...['customer-success', 'data-science', 'software-engineering'].map(
          (p) => `  - file: ${exampleProfilePath(p)}`,
        ),
        '',
      ].join('\n'),
    );
    // on the embedded database, and on PostgreSQL when one is reachable (the database then lives
    // outside the process, so the peak is the pipeline's own)
    const databases = [['pglite', {}], ...(await scratchPostgres())];
    let lastRunId = null;
    for (const [database, env] of databases.filter(
      ([d]) => ONLY === null || ONLY === 'synthetic' || ONLY === d,
    )) {
      await rm(join(dir, '.jobintel', 'db'), { recursive: true, force: true });
      await rm(join(dir, '.jobintel', 'runs'), { recursive: true, force: true });
      const r = child(runCode(env), dir);
      lastRunId = r.runId;
      console.log(
        JSON.stringify({
          bench: 'daily-synthetic',
          database,
          boards: BOARDS,
          postings: r.postings,
          wallMs: r.wallMs,
          maxRssMB: r.maxRssMB,
          stagePeakRssMB: r.peakRssMB,
          // the main thread's heap plus external memory (worker threads and the database are not in it)
          stagePeakHeapMB: r.peakHeapMB,
          stageWallMs: r.stages,
          target: 'peak RSS < 1024 MB',
          pass: r.exitCode === 0 && r.maxRssMB < 1024,
        }),
      );
    }
    // replay --recalc of the last run: every hash, then a re-score compared job by job (no database)
    if (lastRunId) {
      const replay = child(
        `
        import { replayRun } from ${JSON.stringify(dist)};
        const t0 = performance.now();
        const r = await replayRun({ stateDir: ${JSON.stringify(join(dir, '.jobintel'))}, runId: ${JSON.stringify(lastRunId)}, recalc: true });
        process.stdout.write(JSON.stringify({ exitCode: r.exitCode, identical: r.recalc?.identical ?? null, jobs: r.recalc?.jobs ?? 0, wallMs: Math.round(performance.now() - t0), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\\n');`,
        dir,
      );
      console.log(
        JSON.stringify({
          bench: 'daily-replay-recalc',
          postings: BOARDS * PER_BOARD,
          jobs: replay.jobs,
          identical: replay.identical,
          wallMs: replay.wallMs,
          maxRssMB: replay.maxRssMB,
          target: 'peak RSS < 1024 MB',
          pass: replay.exitCode === 0 && replay.identical === true && replay.maxRssMB < 1024,
        }),
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
