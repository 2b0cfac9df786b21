import { readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createJsonlSink } from '@jobintel/manifest-sink';
import {
  type ManifestSink,
  runStage,
  type StageOptionsInput,
  type StageOutcome,
} from '@jobintel/runner-core';
import { parseWordCountOptions, type WordCountOptionsInput } from './options.js';
import { createWordCountStage } from './stage.js';
import type { WordCountOutput } from './worker.js';

export interface WordCountSummary {
  files: number;
  bytes: number;
  words: number;
  /** Per file, sorted by path. */
  perFile: Array<{
    file: string;
    sha256: string;
    bytes: number;
    lines: number;
    words: number;
    uniqueWords: number;
  }>;
}

export interface WordCountResult {
  outcome: StageOutcome<WordCountOutput>;
  summary: WordCountSummary;
  summaryPath: string;
}

/**
 * Runs the word-count stage on the cpu policy with a JSONL manifest in `<outputDir>/.manifest`
 * (unless `runner.manifest` is given), then writes `<outputDir>/summary.json`. The summary holds no
 * time or run id: two runs on the same inputs write the same bytes.
 */
export async function runWordCount(
  options: WordCountOptionsInput,
  runner: StageOptionsInput = {},
): Promise<WordCountResult> {
  const parsed = parseWordCountOptions(options);
  const outputDir = resolve(parsed.outputDir);
  const ownManifest = runner.manifest === undefined;
  const manifest: ManifestSink = runner.manifest ?? createJsonlSink({ dir: join(outputDir, '.manifest') });
  try {
    const outcome = await runStage(createWordCountStage(parsed), { policy: 'cpu', ...runner, manifest });
    const perFile: WordCountSummary['perFile'] = [];
    // every succeeded or resumed item has its result file: the summary reads them, in path order
    const done = outcome.items.filter(
      (i) => (i.status === 'succeeded' || i.status === 'skipped') && i.outputRef,
    );
    done.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const item of done) {
      const r = JSON.parse(await readFile(item.outputRef!, 'utf8')) as WordCountSummary['perFile'][number];
      perFile.push({
        file: r.file,
        sha256: r.sha256,
        bytes: r.bytes,
        lines: r.lines,
        words: r.words,
        uniqueWords: r.uniqueWords,
      });
    }
    const summary: WordCountSummary = {
      files: perFile.length,
      bytes: perFile.reduce((n, f) => n + f.bytes, 0),
      words: perFile.reduce((n, f) => n + f.words, 0),
      perFile,
    };
    const summaryPath = join(outputDir, 'summary.json');
    await writeFile(`${summaryPath}.tmp`, `${JSON.stringify(summary, null, 2)}\n`);
    await rename(`${summaryPath}.tmp`, summaryPath);
    return { outcome, summary, summaryPath };
  } finally {
    if (ownManifest) await manifest.close();
  }
}
