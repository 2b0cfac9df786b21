// Appends rows to a JSONL manifest from its own process. argv: <dir> <writer id> <rows> [slow]
// With "slow", it appends one row at a time forever (to be killed mid-run).
import { createJsonlSink } from '@jobintel/manifest-sink';

const [dir, writer, count, mode] = process.argv.slice(2);
const sink = createJsonlSink({ dir });
const row = (i) => ({
  schemaVersion: 1,
  runId: `run-${writer}`,
  stage: 'shared',
  itemId: `${writer}-${i}`,
  status: 'success',
  attempts: 1,
  durationMs: 1,
  fingerprint: 'e'.repeat(64),
  outputRef: `out/${writer}/${i}.json`,
  error: null,
  ts: new Date().toISOString(),
  extra: { padding: 'x'.repeat(2000 + (i % 7) * 100) },
});
if (mode === 'slow') {
  for (let i = 0; ; i++) {
    await Promise.all(Array.from({ length: 50 }, (_, j) => sink.append([row(i * 50 + j)])));
    process.stdout.write(`wrote ${(i + 1) * 50}\n`);
  }
}
await Promise.all(Array.from({ length: Number(count) }, (_, i) => sink.append([row(i)])));
await sink.close();
