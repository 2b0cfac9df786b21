// JSONL sink: durable append throughput (fsync per batch), the resume index over a 1,000,000-row
// manifest (time and RSS, in a fresh process), and compaction of that manifest.
import { spawnSync } from 'node:child_process';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonlSink } from '../dist/index.js';

const dir = await mkdtemp(join(tmpdir(), 'jsonl-bench-'));
const row = (i, run = 'bench') => ({
  schemaVersion: 1,
  runId: run,
  stage: 'bench',
  itemId: `item-${String(i).padStart(7, '0')}`,
  status: 'success',
  attempts: 1,
  durationMs: 3.25,
  fingerprint: (i * 2654435761).toString(16).padStart(8, '0').repeat(8).slice(0, 64),
  outputRef: `out/item-${String(i).padStart(7, '0')}.json`,
  error: null,
  ts: '2026-11-22T10:00:00.000Z',
});

try {
  // (a) durable appends: 512 producers, each appending one row at a time and awaiting durability
  {
    const sink = createJsonlSink({ dir: join(dir, 'append') });
    const ROWS = 200_000;
    const PRODUCERS = 512;
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: PRODUCERS }, async () => {
        while (next < ROWS) await sink.append([row(next++)]);
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    await sink.close();
    const rowsPerSec = ROWS / secs;
    console.log(
      JSON.stringify({
        bench: 'jsonl-append',
        rows: ROWS,
        producers: PRODUCERS,
        fsync: 'per batch',
        rowsPerSec: Math.round(rowsPerSec),
        target: '>= 100000 rows/s',
        pass: rowsPerSec >= 100_000,
      }),
    );
  }

  // (b) a 1,000,000-row manifest (800,000 items, 200,000 of them written twice), indexed in a fresh process
  const file = join(dir, 'big', 'bench.jsonl');
  {
    await rm(join(dir, 'big'), { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, 'big'), { recursive: true }));
    const fh = await open(file, 'w');
    let chunk = [];
    for (let i = 0; i < 1_000_000; i++) {
      chunk.push(JSON.stringify(row(i < 800_000 ? i : i - 800_000, 'second')));
      if (chunk.length === 10_000) {
        await fh.appendFile(`${chunk.join('\n')}\n`);
        chunk = [];
      }
    }
    await fh.close();
    const script = `
      const { createJsonlSink } = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
      let peak = process.memoryUsage().rss;
      const base = peak;
      const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
      const t0 = performance.now();
      const index = await createJsonlSink({ dir: ${JSON.stringify(join(dir, 'big'))} }).latest('bench');
      const ms = performance.now() - t0;
      peak = Math.max(peak, process.memoryUsage().rss);
      clearInterval(timer);
      if (index.size !== 800000 || index.get('item-0000005')?.status !== 'success') throw new Error('bad index');
      console.log(JSON.stringify({ ms, peakRssMB: peak / 2 ** 20, baseRssMB: base / 2 ** 20, size: index.size }));
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(child.stderr);
    const r = JSON.parse(child.stdout.trim());
    const bytes = (await stat(file)).size;
    console.log(
      JSON.stringify({
        bench: 'jsonl-resume-index',
        rows: 1_000_000,
        items: r.size,
        fileMB: Math.round(bytes / 2 ** 20),
        seconds: Number((r.ms / 1000).toFixed(2)),
        peakRssMB: Math.round(r.peakRssMB),
        target: '<= 2 s and <= 300 MB RSS',
        pass: r.ms <= 2000 && r.peakRssMB <= 300,
      }),
    );
  }

  // (c) compaction of that manifest
  {
    const sink = createJsonlSink({ dir: join(dir, 'big') });
    const t0 = performance.now();
    const result = await sink.compact('bench');
    const secs = (performance.now() - t0) / 1000;
    console.log(
      JSON.stringify({
        bench: 'jsonl-compact',
        ...result,
        seconds: Number(secs.toFixed(2)),
        rowsPerSec: Math.round(result.rowsBefore / secs),
      }),
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
