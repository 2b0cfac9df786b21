import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fingerprint, type PlanContext, type StageDefinition, type WorkItem } from '@jobintel/runner-core';
import { parseWordCountOptions, type WordCountOptions, type WordCountOptionsInput } from './options.js';
import { OUTPUT_VERSION, type WordCountInput, type WordCountOutput } from './worker.js';

export { OUTPUT_VERSION };

/** The stage's name: its manifest file, its events and its pipeline key. */
export const STAGE_NAME = 'word-count';

/**
 * The worker module. From source (tests, the example) it is worker.ts beside this file, loaded
 * in threads by Node's type stripping; built, it is dist/worker.js beside dist/index.js (a tsup entry).
 */
export const workerUrl = new URL(
  import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js',
  import.meta.url,
);

/** Code-unit order: the same on every machine and locale (unlike `localeCompare`). */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every regular file under `dir` whose extension is listed, as POSIX paths relative to `dir`, sorted.
 * Symbolic links are not followed and `exclude` (absolute folders, e.g. an output folder inside the
 * input folder) is not entered. Names only: no file is opened, so this is cheap enough to count first.
 */
export async function listTextFiles(
  dir: string,
  extensions: readonly string[],
  options: { exclude?: readonly string[]; signal?: AbortSignal } = {},
): Promise<string[]> {
  const root = resolve(dir);
  const exclude = new Set((options.exclude ?? []).map((d) => resolve(d)));
  const wanted = new Set(extensions.map((e) => e.toLowerCase()));
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    options.signal?.throwIfAborted();
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!exclude.has(path)) await walk(path);
      } else if (entry.isFile() && wanted.has(extname(entry.name).toLowerCase())) {
        found.push(relative(root, path).split(sep).join('/'));
      }
      // anything else (symbolic links, sockets, devices) is left alone
    }
  };
  await walk(root);
  return found.sort(byCodeUnit);
}

/** sha256 (hex) and size of a file, streamed: a large file is never held in memory. */
export async function hashFile(
  path: string,
  signal?: AbortSignal,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, signal ? { signal } : {})) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** The options that shape a result file: exactly what goes into the fingerprint besides the content. */
export function outputConfig(options: WordCountOptions) {
  return { lowercase: options.lowercase, minWordLength: options.minWordLength, topN: options.topN };
}

/**
 * The word-count stage: one item per text file under `inputDir` (id: its POSIX relative path),
 * fingerprinted by the file's content, the options that shape the result and `OUTPUT_VERSION`; the
 * worker runs in threads (`policy: 'cpu'`) or on the event loop (`policy: 'io'`). Options are
 * validated here, once (`STAGE_TEMPLATE_INVALID_OPTIONS`).
 */
export function createWordCountStage(
  input: WordCountOptionsInput,
): StageDefinition<WordCountInput, WordCountOutput> {
  const options = parseWordCountOptions(input);
  const inputDir = resolve(options.inputDir);
  const outputDir = resolve(options.outputDir);
  const config = outputConfig(options);

  async function* items(files: string[], ctx: PlanContext): AsyncGenerator<WorkItem<WordCountInput>> {
    for (const relPath of files) {
      if (ctx.signal.aborted) return; // the stage stopped: plan no further
      const path = join(inputDir, relPath);
      let content: { sha256: string; size: number } | { error: string };
      try {
        content = await hashFile(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
        if (code === 'ENOENT') {
          ctx.logger.warn({ file: relPath }, 'file vanished while planning; not planned');
          continue;
        }
        // unreadable now: plan it anyway, so the worker reports the error on this item alone
        content = { error: code };
      }
      yield {
        id: relPath,
        input: {
          path,
          relPath,
          size: 'size' in content ? content.size : 0,
          outputPath: join(outputDir, `${relPath}.json`),
          ...config,
        },
        fingerprint: fingerprint({
          content: 'sha256' in content ? content.sha256 : content,
          config,
          version: OUTPUT_VERSION,
        }),
        costHint: 'size' in content ? content.size : 0,
      };
    }
  }

  return {
    name: STAGE_NAME,
    async plan(ctx) {
      // listing names is cheap, so the total is known up front (progress bars, ETA); hashing is lazy
      const files = await listTextFiles(inputDir, options.extensions, {
        exclude: [outputDir],
        signal: ctx.signal,
      });
      return { total: files.length, items: items(files, ctx) };
    },
    worker: { module: workerUrl },
    outputRef: (_item, output) => output.outputPath,
    // cheap: the result must be where this run would write it (a changed outputDir re-runs) and be a
    // non-empty file; its content is trusted because it was written atomically
    async outputExists(ref, item) {
      if (ref !== item.input.outputPath) return false;
      const info = await stat(ref).catch(() => undefined);
      return info?.isFile() === true && info.size > 0;
    },
  };
}
