import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fingerprint, type StageDefinition, type WorkItem } from '@jobintel/runner-core';
import { parseWordCountOptions, type WordCountOptions, type WordCountOptionsInput } from './options.js';
import type { WordCountInput, WordCountOutput } from './worker.js';

/** Bump when the output format changes: every fingerprint changes, so every file is counted again. */
export const OUTPUT_VERSION = 1;

export const STAGE_NAME = 'word-count';

// From source (tests) the worker is worker.ts next to this file; built, dist/worker.js next to dist/index.js.
export const workerUrl = new URL(
  import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js',
  import.meta.url,
);

/** Every regular file under `dir` with one of the extensions, as sorted POSIX relative paths. */
export async function listFiles(dir: string, extensions: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (current: string) => {
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && extensions.includes(extname(entry.name).toLowerCase())) {
        out.push(relative(dir, path).split(sep).join('/'));
      }
    }
  };
  await walk(dir);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function sha256File(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * The word-count stage: one item per text file (id = its relative path), fingerprinted by the file's
 * content and the options that shape the output, with the output path as its reference so that resume
 * re-runs an item whose result was deleted.
 */
export function createWordCountStage(
  input: WordCountOptionsInput,
): StageDefinition<WordCountInput, WordCountOutput> {
  const options: WordCountOptions = parseWordCountOptions(input);
  const inputDir = resolve(options.inputDir);
  const outputDir = resolve(options.outputDir);
  const config = { lowercase: options.lowercase, minWordLength: options.minWordLength, topN: options.topN };
  return {
    name: STAGE_NAME,
    async plan() {
      const files = await listFiles(inputDir, options.extensions);
      async function* items(): AsyncGenerator<WorkItem<WordCountInput>> {
        for (const relPath of files) {
          const path = join(inputDir, relPath);
          const { sha256, size } = await sha256File(path);
          yield {
            id: relPath,
            input: { path, relPath, outputPath: join(outputDir, `${relPath}.json`), ...config },
            fingerprint: fingerprint({ content: sha256, config, version: OUTPUT_VERSION }),
            costHint: size,
          };
        }
      }
      return { total: files.length, items: items() };
    },
    worker: { module: workerUrl },
    outputRef: (_item, output) => output.outputPath,
    outputExists: (ref) =>
      access(ref).then(
        () => true,
        () => false,
      ),
  };
}
