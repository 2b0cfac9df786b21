// A child process for the cross-process tests. It imports the package from its TypeScript source:
// the parent runs it as `node --conditions=@jobintel/source --import <repo>/scripts/register-source.mjs`
// (Node strips the types; the hook maps the `.js` of relative imports inside src to the `.ts` beside
// them). That needs no build and no extra tool, and tests exactly the code under test.
//
//   append <dir> <writer> <rows>     appends <rows> one-row appends concurrently, then closes
//   slow <dir> <writer>              appends 50 rows at a time forever, printing "wrote <n>"
//   lock <file> <rounds> <marker>    takes and releases the lock <rounds> times, creating <marker>
//                                    exclusively while holding it (so two holders at once fail)
//   hold <file>                      takes the lock, prints "held", releases it when stdin closes
//   compact <dir>                    compacts stage "shared", printing "compacting" first
// Exit code 3: the sink logged an error (a lost lock, for one).
import { open, rm } from 'node:fs/promises';
import { createJsonlSink, FileLock } from '@jobintel/manifest-sink';

const [mode, ...args] = process.argv.slice(2);
const errors = [];
const logger = {
  debug() {},
  info() {},
  warn() {},
  error(obj, msg) {
    errors.push(msg ?? obj);
  },
  child() {
    return logger;
  },
};
const row = (writer, i) => ({
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

if (mode === 'append') {
  const [dir, writer, count] = args;
  const sink = createJsonlSink({ dir, logger, lockTimeoutMs: 60_000 });
  await Promise.all(Array.from({ length: Number(count) }, (_, i) => sink.append([row(writer, i)])));
  await sink.close();
} else if (mode === 'slow') {
  const [dir, writer] = args;
  const sink = createJsonlSink({ dir, logger });
  for (let i = 0; ; i++) {
    await Promise.all(Array.from({ length: 50 }, (_, j) => sink.append([row(writer, i * 50 + j)])));
    process.stdout.write(`wrote ${(i + 1) * 50}\n`);
  }
} else if (mode === 'lock') {
  const [file, rounds, marker] = args;
  for (let r = 0; r < Number(rounds); r++) {
    const release = await new FileLock(file, {
      timeoutMs: 60_000,
      onEvent: (e) => process.stdout.write(`${e.type}\n`),
    }).acquire();
    const inside = await open(marker, 'wx'); // throws EEXIST if another process holds the lock too
    await new Promise((res) => setTimeout(res, Math.random() * 3));
    await inside.close();
    await rm(marker);
    await release(); // checks that the lock still carries our token: it was not removed while held
  }
} else if (mode === 'hold') {
  const [file] = args;
  const release = await new FileLock(file, { timeoutMs: 60_000 }).acquire();
  process.stdout.write('held\n');
  process.stdin.resume();
  await new Promise((res) => process.stdin.on('end', res));
  await release();
} else if (mode === 'compact') {
  const [dir] = args;
  const sink = createJsonlSink({ dir, logger });
  process.stdout.write('compacting\n');
  await sink.compact('shared');
  await sink.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}
if (errors.length > 0) {
  process.stderr.write(`errors logged: ${JSON.stringify(errors)}\n`);
  process.exit(3);
}
