// The worker: hash and count the words of one text file, write the result atomically. It runs inside
// worker threads (the cpu policy), loaded by Node on its own, so it is self-contained: only `node:`
// imports and erasable TypeScript (no enums, namespaces or parameter properties).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';

export interface WordCountInput {
  path: string;
  relPath: string;
  outputPath: string;
  lowercase: boolean;
  minWordLength: number;
  topN: number;
}

export interface WordCountOutput {
  outputPath: string;
  sha256: string;
  bytes: number;
  lines: number;
  words: number;
  uniqueWords: number;
}

interface Context {
  signal?: AbortSignal;
  progress?(value: unknown): void;
}

// A word starts with a letter and goes on with letters, marks, digits and inner apostrophes or hyphens.
const WORD = /\p{L}[\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
const RETRYABLE = new Set(['EMFILE', 'ENFILE', 'EBUSY', 'EAGAIN']);

function fail(message: string, code: string, retryable: boolean, cause?: unknown): Error {
  return Object.assign(new Error(message, { cause }), { code, retryable });
}

export default async function countWords(input: WordCountInput, ctx: Context = {}): Promise<WordCountOutput> {
  let content: Buffer;
  try {
    content = await readFile(input.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOENT') {
      throw fail(
        `${input.relPath} disappeared after it was planned; re-run to re-plan`,
        'STAGE_TEMPLATE_INPUT_MISSING',
        false,
        error,
      );
    }
    throw fail(
      `cannot read ${input.relPath}: ${code}`,
      `STAGE_TEMPLATE_READ_${code}`,
      RETRYABLE.has(code),
      error,
    );
  }
  ctx.signal?.throwIfAborted();

  const sha256 = createHash('sha256').update(content).digest('hex');
  const text = content.toString('utf8').normalize('NFC');
  const counts = new Map<string, number>();
  let words = 0;
  for (const match of text.matchAll(WORD)) {
    const word = input.lowercase ? match[0].toLowerCase() : match[0];
    if ([...word].length < input.minWordLength) continue;
    words++;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const lines = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  // most frequent first; ties in code-point order, so the output never depends on the input's order
  const top = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, input.topN)
    .map(([word, count]) => ({ word, count }));
  const result = {
    file: input.relPath,
    sha256,
    bytes: content.length,
    lines,
    words,
    uniqueWords: counts.size,
    top,
  };
  ctx.progress?.(0.9);

  // atomic: a reader (or a resumed run) sees the old file or the new one, never half of one
  await mkdir(dirname(input.outputPath), { recursive: true });
  const tmp = `${input.outputPath}.tmp-${process.pid}-${threadId}`;
  await writeFile(tmp, `${JSON.stringify(result, null, 2)}\n`);
  await rename(tmp, input.outputPath);
  ctx.progress?.(1);
  return {
    outputPath: input.outputPath,
    sha256,
    bytes: content.length,
    lines,
    words,
    uniqueWords: counts.size,
  };
}
