// Child process for the crash test: writes batches of manifest rows with their results, from item
// `start` on, printing each committed batch, until it is killed (or has written `total` items).
import { openStore } from '@jobintel/store';

const [target, startArg, totalArg] = process.argv.slice(2);
const store = await openStore(target.startsWith('postgres') ? { databaseUrl: target } : { dataDir: target });
const sink = store.manifestSink({ name: 'crash' });
const total = Number(totalArg);
for (let start = Number(startArg); start < total; start += 100) {
  const entries = [];
  for (let i = start; i < Math.min(start + 100, total); i++) {
    entries.push({
      row: {
        schemaVersion: 1,
        runId: 'crash-run',
        stage: 'score',
        itemId: `item-${String(i).padStart(6, '0')}`,
        status: 'success',
        attempts: 1,
        durationMs: 1,
        fingerprint: `fp-${i}`,
        ts: new Date(0).toISOString(),
        extra: { padding: 'x'.repeat(2000) },
      },
      result: { score: i % 101, text: 'y'.repeat(1000) },
    });
  }
  await sink.appendWithResults(entries);
  process.stdout.write(`batch ${start}\n`);
}
await store.close();
process.stdout.write('done\n');
