import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createJsonlSink } from '@jobintel/manifest-sink';
import {
  type ItemOutcome,
  type ManifestSink,
  runStage,
  type StageOptionsInput,
  type StageOutcome,
} from '@jobintel/runner-core';
import { parseWordCountOptions, type WordCountOptionsInput } from './options.js';
import { byCodeUnit, createWordCountStage, OUTPUT_VERSION } from './stage.js';
import {
  type WordCountInput,
  type WordCountOutput,
  type WordCountResultFile,
  writeAtomically,
} from './worker.js';

/** `<outputDir>/summary.json`: deterministic (no clock, no run id), so equal inputs give equal bytes. */
export interface WordCountSummary {
  version: number;
  options: { extensions: string[]; lowercase: boolean; minWordLength: number; topN: number };
  /** Files with a result (counted now or earlier and resumed). */
  files: number;
  bytes: number;
  lines: number;
  words: number;
  /** Per file with a result, sorted by path. */
  perFile: Array<Pick<WordCountResultFile, 'file' | 'sha256' | 'bytes' | 'lines' | 'words' | 'uniqueWords'>>;
  /** Planned files without a result (skipped as binary, failed, cancelled), sorted by path. */
  notCounted: Array<{ file: string; status: 'skipped' | 'failed' | 'cancelled'; reason: string }>;
}

export interface WordCountResult {
  outcome: StageOutcome<WordCountOutput>;
  summary: WordCountSummary;
  /** Where the summary was written; `null` in a dry run, which writes nothing. */
  summaryPath: string | null;
}

/**
 * The convenience entry point: validates the options, opens a JSONL manifest in
 * `<outputDir>/.manifest` (unless `runner.manifest` is given), runs the stage with the `cpu` policy
 * (unless `runner.policy` says otherwise), then writes `<outputDir>/summary.json` atomically.
 * `runner` takes any runner option (`concurrency`, `timeoutMs`, `retries`, `signal`, `onEvent`…).
 */
export async function runWordCount(
  options: WordCountOptionsInput,
  runner: StageOptionsInput = {},
): Promise<WordCountResult> {
  const parsed = parseWordCountOptions(options);
  const stage = createWordCountStage(parsed);
  const outputDir = resolve(parsed.outputDir);

  // Collected through a hook rather than from outcome.items, so that the summary does not depend on
  // `keepItemOutcomes`. After-item hooks also see items skipped by resume, with their outputRef.
  const seen: Array<Pick<ItemOutcome, 'id' | 'status' | 'outputRef' | 'reason' | 'error'>> = [];
  stage.hooks = {
    afterItem: (outcome) => {
      seen.push({
        id: outcome.id,
        status: outcome.status,
        ...(outcome.outputRef ? { outputRef: outcome.outputRef } : {}),
        ...(outcome.reason ? { reason: outcome.reason } : {}),
        ...(outcome.error ? { error: outcome.error } : {}),
      });
    },
  };

  const manifest: ManifestSink =
    runner.manifest ?? createJsonlSink({ dir: join(outputDir, '.manifest'), logger: runner.logger });
  let outcome: StageOutcome<WordCountOutput>;
  try {
    outcome = await runStage<WordCountInput, WordCountOutput>(stage, { policy: 'cpu', ...runner, manifest });
  } finally {
    if (runner.manifest === undefined) await manifest.close();
  }

  seen.sort((a, b) => byCodeUnit(a.id, b.id));
  const summary: WordCountSummary = {
    version: OUTPUT_VERSION,
    options: {
      extensions: parsed.extensions,
      lowercase: parsed.lowercase,
      minWordLength: parsed.minWordLength,
      topN: parsed.topN,
    },
    files: 0,
    bytes: 0,
    lines: 0,
    words: 0,
    perFile: [],
    notCounted: [],
  };
  for (const item of seen) {
    if (item.outputRef && (item.status === 'succeeded' || item.status === 'skipped')) {
      const r = JSON.parse(await readFile(item.outputRef, 'utf8')) as WordCountResultFile;
      summary.perFile.push({
        file: r.file,
        sha256: r.sha256,
        bytes: r.bytes,
        lines: r.lines,
        words: r.words,
        uniqueWords: r.uniqueWords,
      });
      summary.files++;
      summary.bytes += r.bytes;
      summary.lines += r.lines;
      summary.words += r.words;
    } else if (item.status !== 'succeeded') {
      summary.notCounted.push({
        file: item.id,
        status: item.status,
        reason: item.error?.code ?? item.reason ?? 'unknown',
      });
    }
  }

  if (outcome.dryRun) return { outcome, summary, summaryPath: null };
  const summaryPath = join(outputDir, 'summary.json');
  await writeAtomically(summaryPath, `${JSON.stringify(summary, null, 2)}\n`, 'summary.json');
  return { outcome, summary, summaryPath };
}
