// The quick-start example: generate demo texts, count their words on worker threads, then run again
// to show resume skipping everything. Run it with `pnpm --filter @jobintel/stage-template example`.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatProgressLine } from '@jobintel/runner-core';
import { runWordCount } from '../src/index.js';

const root = join(import.meta.dirname, '..', '..', '..', '.jobintel', 'demo');
const inputDir = join(root, 'texts');
const outputDir = join(root, 'word-count');
if (!existsSync(inputDir)) {
  execFileSync(
    process.execPath,
    [join(import.meta.dirname, '..', 'scripts', 'make-demo-texts.mjs'), inputDir, '300', '1'],
    { stdio: 'inherit' },
  );
}

for (const attempt of ['first run', 'second run (resume)']) {
  const { outcome, summary, summaryPath } = await runWordCount(
    { inputDir, outputDir },
    {
      progressIntervalMs: 500,
      onEvent: (e) => {
        if (e.type === 'progress') console.log(`  ${formatProgressLine(e)}`);
      },
    },
  );
  console.log(
    `${attempt}: ${outcome.status}, ${outcome.succeeded} counted, ${outcome.skipped} skipped, ${outcome.failed} failed ` +
      `in ${Math.round(outcome.wallMs)} ms (${outcome.policy} policy); ${summary.files} files, ${summary.words} words -> ${summaryPath}`,
  );
}
