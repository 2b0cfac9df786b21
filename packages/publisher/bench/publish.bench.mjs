#!/usr/bin/env node
// Benchmarks of the publisher on the BUILT package (run `pnpm --filter @jobintel/publisher build` first;
// `pnpm bench` does), against a local S3-protocol server (s3rver on 127.0.0.1 in a child process, data
// in a temp folder).
// Prints one JSON object per measurement on stdout:
//   publish-small-s3   a run of 1,000 small artifacts (1-4 KB) through the whole protocol: objects/s
//   put-small-s3       the same 1,000 objects as bare puts (the upload part alone), for the ratio
//   publish-small-fs   the same run on the filesystem store (baseline)
//   publish-large-s3   one 200 MB artifact (a temp file written as a stream, deleted afterwards): MB/s of
//                      a bare multipart put and of the whole publish (hash, upload, verify, server-side copy)
// Usage: node bench/publish.bench.mjs [--objects=1000] [--large-mb=200] [--concurrency=16]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';
import { createFsStore, createS3Store, publish, verify } from '../dist/index.js';

const arg = (name, fallback) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};
const OBJECTS = arg('objects', 1000);
const LARGE_MB = arg('large-mb', 200);
const CONCURRENCY = arg('concurrency', 16);
const MiB = 1024 * 1024;
const PART_MB = 16;
const QUEUE = 4;

// the server runs in a child process, so that the figures (and the peak RSS) are the publisher's alone
if (process.argv[2] === '--server') {
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: process.argv[3],
    configureBuckets: [{ name: 'bench' }],
  });
  const { port } = await server.run();
  process.stdout.write(`${port}\n`);
  process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
} else {
  await main();
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'publisher-bench-'));
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--server', join(dir, 's3rver')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`s3rver exited ${code}`)));
  });
  const s3Options = (prefix) => ({
    bucket: 'bench',
    prefix,
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    partSizeBytes: PART_MB * MiB,
    multipartThresholdBytes: PART_MB * MiB,
    queueSize: QUEUE,
  });

  // 1,000 small artifacts over 4 profiles (each profile's latest/ stays under one list page)
  const smallRun = (runId) => ({
    runId,
    time: '2026-11-22T07:00:00.000Z',
    profiles: Array.from({ length: 4 }, (_, p) => ({
      profile: `profile-${p}`,
      artifacts: Array.from({ length: OBJECTS / 4 }, (_, i) => {
        const n = p * OBJECTS + i;
        const body = JSON.stringify({
          id: n,
          title: `Job ${n}`,
          text: 'x'.repeat(1024 + ((n * 2654435761) % 3072)),
        });
        return { name: `jobs/job-${String(i).padStart(4, '0')}.json`, contentType: 'application/json', body };
      }),
    })),
  });
  const smallBytes = smallRun('x')
    .profiles.flatMap((p) => p.artifacts)
    .reduce((n, a) => n + a.body.length, 0);

  const results = [];
  const timed = async (fn) => {
    const t0 = performance.now();
    const out = await fn();
    return { out, seconds: (performance.now() - t0) / 1000 };
  };

  try {
    // the whole protocol on S3
    {
      const store = createS3Store(s3Options('small/'));
      const { out, seconds } = await timed(() =>
        publish(store, smallRun('r1'), { concurrency: CONCURRENCY }),
      );
      const check = await verify(store);
      if (check.exitCode !== 0)
        throw new Error(`verify failed: ${JSON.stringify(check.problems.slice(0, 3))}`);
      results.push({
        bench: 'publish-small-s3',
        objects: out.plan.objects.length,
        totalKB: Math.round(smallBytes / 1024),
        concurrency: CONCURRENCY,
        seconds: Number(seconds.toFixed(2)),
        objectsPerSec: Math.round(OBJECTS / seconds),
      });
      // bare puts of the same objects: what the protocol costs on top (head, verify, copy to latest, pointer)
      const bodies = smallRun('r2').profiles.flatMap((p) =>
        p.artifacts.map((a) => ({ key: `bare/${p.profile}/${a.name}`, a })),
      );
      const put = await timed(async () => {
        let next = 0;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next < bodies.length) {
              const { key, a } = bodies[next++];
              await store.put(key, a.body, { contentType: a.contentType });
            }
          }),
        );
      });
      results.push({
        bench: 'put-small-s3',
        objects: bodies.length,
        concurrency: CONCURRENCY,
        seconds: Number(put.seconds.toFixed(2)),
        objectsPerSec: Math.round(OBJECTS / put.seconds),
        protocolOverhead: Number((seconds / put.seconds).toFixed(2)),
      });
      await store.close();
    }
    // the same run on the filesystem store (fsync per object): the baseline
    {
      const store = createFsStore({ root: join(dir, 'fs') });
      const { seconds } = await timed(() => publish(store, smallRun('r1'), { concurrency: CONCURRENCY }));
      results.push({
        bench: 'publish-small-fs',
        objects: OBJECTS,
        concurrency: CONCURRENCY,
        seconds: Number(seconds.toFixed(2)),
        objectsPerSec: Math.round(OBJECTS / seconds),
      });
    }
    // one large artifact, generated as a stream into a temp file
    {
      const file = join(dir, 'large.bin');
      const block = Buffer.alloc(MiB);
      let seed = 7;
      for (let i = 0; i < block.length; i++) {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        block[i] = seed >>> 24;
      }
      const out = createWriteStream(file);
      const hash = createHash('sha256');
      for (let i = 0; i < LARGE_MB; i++) {
        const chunk = Buffer.from(block);
        chunk.writeUInt32LE(i, 0); // every MiB differs
        hash.update(chunk);
        if (!out.write(chunk)) await new Promise((done) => out.once('drain', done));
      }
      await new Promise((done, fail) => out.end((e) => (e ? fail(e) : done())));
      const sha256 = hash.digest('hex');

      const peakBeforeMB = Math.round(process.resourceUsage().maxRSS / 1024);
      const store = createS3Store(s3Options('large/'));
      const put = await timed(() =>
        store.put('bare/large.bin', { file }, { contentType: 'application/octet-stream', sha256 }),
      );
      const run = {
        runId: 'r1',
        time: '2026-11-22T07:00:00.000Z',
        profiles: [
          { profile: 'p', artifacts: [{ name: 'large.bin', contentType: 'application/octet-stream', file }] },
        ],
      };
      const { seconds } = await timed(() => publish(store, run, { concurrency: CONCURRENCY }));
      const check = await verify(store);
      if (check.exitCode !== 0) throw new Error('verify failed for the large run');
      results.push({
        bench: 'publish-large-s3',
        mb: LARGE_MB,
        partMB: PART_MB,
        partsInFlight: QUEUE,
        putSeconds: Number(put.seconds.toFixed(2)),
        putMBps: Number((LARGE_MB / put.seconds).toFixed(1)),
        publishSeconds: Number(seconds.toFixed(2)),
        publishMBps: Number((LARGE_MB / seconds).toFixed(1)),
        // the whole process's peak: a 200 MB body streamed, never held in memory
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
        peakRssBeforeMB: peakBeforeMB,
      });
      await store.close();
      await rm(file, { force: true });
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    await rm(dir, { recursive: true, force: true });
  }
  for (const r of results) console.log(JSON.stringify(r));
}
