// A stage run in its own process, for the crash test: 400 items, each writes its output file and
// logs that it ran. argv: <work dir> <executions log>. Prints "progress <done>" lines as it goes.
import { appendFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createJsonlSink } from '@jobintel/manifest-sink';
import { fingerprint, runStage } from '@jobintel/runner-core';

const [dir, executions] = process.argv.slice(2);
const out = join(dir, 'out');
mkdirSync(out, { recursive: true });
const manifest = createJsonlSink({ dir: join(dir, 'manifest') });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const outcome = await runStage(
  {
    name: 'crashy',
    plan: () =>
      Array.from({ length: 400 }, (_, i) => ({
        id: `item-${String(i).padStart(3, '0')}`,
        input: i,
        fingerprint: fingerprint({ i, v: 1 }),
      })),
    worker: async (i, ctx) => {
      appendFileSync(executions, `${ctx.itemId}\n`);
      await sleep(3 + (i % 5));
      const path = join(out, `${ctx.itemId}.txt`);
      writeFileSync(`${path}.tmp`, String(i * i));
      renameSync(`${path}.tmp`, path);
      return path;
    },
    outputRef: (_item, path) => path,
    outputExists: (path) => existsSync(path),
  },
  {
    concurrency: 8,
    manifest,
    progressIntervalMs: 20,
    onEvent: (e) => {
      if (e.type === 'progress') process.stdout.write(`progress ${e.succeeded + e.skipped}\n`);
    },
  },
);
await manifest.close();
process.stdout.write(
  `${JSON.stringify({ status: outcome.status, succeeded: outcome.succeeded, skipped: outcome.skipped, failed: outcome.failed })}\n`,
);
