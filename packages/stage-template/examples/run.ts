// The quick start: generate demo texts, count their words on worker threads, run again to see resume
// skip every file, then change one file and see only that one counted again.
//
//   pnpm --filter @jobintel/stage-template example
//
// Everything goes to .jobintel/demo in this package (git-ignored); Ctrl-C stops cleanly.
import { execFileSync } from 'node:child_process';
import { appendFile, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { cancelOnSignals, formatProgressLine } from '@jobintel/runner-core';
import { runWordCount } from '@jobintel/stage-template';

const root = join(import.meta.dirname, '..', '.jobintel', 'demo');
const inputDir = join(root, 'texts');
const outputDir = join(root, 'word-count');

// fresh demo texts (seeded: always the same bytes) and no earlier results
execFileSync(
  process.execPath,
  [join(import.meta.dirname, '..', 'scripts', 'make-demo-texts.mjs'), inputDir, '--files', '300', '--force'],
  { stdio: 'inherit' },
);
await rm(outputDir, { recursive: true, force: true });

const { signal, dispose } = cancelOnSignals({
  onFirst: () => console.log('\nstopping; run again to resume where it stopped'),
});
const threads = Math.min(4, availableParallelism());

async function run(title: string) {
  console.log(`\n${title}`);
  const { outcome, summary, summaryPath } = await runWordCount(
    { inputDir, outputDir, topN: 5 },
    {
      concurrency: threads,
      signal,
      progressIntervalMs: 250,
      onEvent: (event) => {
        if (event.type === 'progress' && event.final) console.log(`  ${formatProgressLine(event)}`);
      },
    },
  );
  console.log(
    `  ${outcome.status}: ${outcome.succeeded} counted, ${outcome.skipped} skipped ` +
      `(${JSON.stringify(outcome.skipReasons)}), ${outcome.failed} failed, ${outcome.cancelled} cancelled ` +
      `in ${Math.round(outcome.wallMs)} ms on ${outcome.policy} (${threads} threads)`,
  );
  console.log(
    `  summary: ${summary.files} files, ${summary.words.toLocaleString('en')} words, ` +
      `${summary.lines.toLocaleString('en')} lines, ${summary.bytes.toLocaleString('en')} bytes -> ${summaryPath}`,
  );
  return outcome.status;
}

try {
  if ((await run('1. first run: every file is counted')) !== 'cancelled') {
    await run('2. second run: nothing changed, so resume skips every file');
    await appendFile(join(inputDir, 'notes', 'doc-0001.txt'), 'One more line, written by the example.\n');
    await run('3. after editing notes/doc-0001.txt: only that file is counted again');
  }
} finally {
  dispose();
}
