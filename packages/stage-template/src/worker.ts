// The worker: hash and count the words of one text file, then write its result atomically.
//
// Under the cpu policy this module is loaded on its own inside each worker thread (from source, by
// Node's type stripping), so it is SELF-CONTAINED: only `node:` imports, no relative or package
// imports, and erasable TypeScript only (no enums, namespaces or parameter properties). Errors cross
// the thread boundary as { name, message, code, retryable }, so they carry a string `code` and a
// boolean `retryable` rather than relying on a class the parent would have to know.
import { createHash } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';

/** Bump when the result format or the counting changes: every fingerprint changes with it. */
export const OUTPUT_VERSION = 1;

/** What the plan hands the worker for one file (plain data: it is cloned to a thread). */
export interface WordCountInput {
  /** Absolute path of the text file. */
  path: string;
  /** POSIX path relative to the input folder: the item id. */
  relPath: string;
  /** Size when planned, in bytes (for progress). */
  size: number;
  /** Where the result JSON goes. */
  outputPath: string;
  lowercase: boolean;
  minWordLength: number;
  topN: number;
}

/** What the worker returns (kept in the outcome; the full result is in the output file). */
export interface WordCountOutput {
  outputPath: string;
  sha256: string;
  words: number;
  uniqueWords: number;
  lines: number;
  bytes: number;
}

/** The result file, `<outputDir>/<relPath>.json`. Keys are written in this order. */
export interface WordCountResultFile {
  file: string;
  sha256: string;
  bytes: number;
  lines: number;
  words: number;
  uniqueWords: number;
  /** The most frequent words, most frequent first; ties in code-point order. */
  top: Array<{ word: string; count: number }>;
  options: { lowercase: boolean; minWordLength: number; topN: number };
  version: number;
}

/** The part of the runner's WorkerContext this worker uses (declared here: no imports allowed). */
export interface WordCountContext {
  signal?: AbortSignal;
  progress?(value: unknown): void;
}

/** The runner's skip signal, spelled out (it crosses threads as plain data). */
export interface SkipSignal {
  __jobintelItemSignal: 'skip';
  reason: string;
}

/** Bytes read per chunk: the signal is checked and progress reported between chunks. */
export const CHUNK_BYTES = 64 * 1024;

// A word starts with a letter and goes on with letters, combining marks and digits, with inner
// apostrophes (' or ’, counted as ') and hyphens: "café", "don’t", "well-known", "Привет", "東京",
// "x2". Scripts written without spaces (Chinese, Japanese, Thai) count each run of letters as one word.
const WORD = /\p{L}[\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
// A character that can never be inside a word: text may be cut there without splitting one.
const BOUNDARY = /[^\p{L}\p{M}\p{N}'’-]/u;
// A run of letters longer than this (no boundary in sight) is counted without waiting for its end.
const MAX_CARRY = 1024 * 1024;

const TRANSIENT = new Set(['EMFILE', 'ENFILE', 'EBUSY', 'EAGAIN', 'EINTR']);

/** An error that keeps its code and retry flag across the thread boundary. */
export class WordCountWorkerError extends Error {
  code: string;
  retryable: boolean;
  /** The operating system's error code (`ENOENT`, `EMFILE`…), when there is one. */
  osCode: string | undefined;
  constructor(
    code: string,
    message: string,
    options: { retryable?: boolean; osCode?: string; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = 'WordCountWorkerError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.osCode = options.osCode;
  }
}

/**
 * Turns a file-system error into the stage's error: a vanished input is final (the next run re-plans
 * without it), transient errors such as too many open files are retryable, anything else is final.
 */
export function fileError(error: unknown, relPath: string, doing: 'read' | 'write'): WordCountWorkerError {
  const osCode = (error as NodeJS.ErrnoException | null)?.code ?? 'EIO';
  if (doing === 'read' && osCode === 'ENOENT') {
    return new WordCountWorkerError(
      'STAGE_TEMPLATE_INPUT_MISSING',
      `${relPath} disappeared after it was planned (ENOENT); run the stage again to re-plan`,
      { osCode, cause: error },
    );
  }
  return new WordCountWorkerError(
    doing === 'read' ? 'STAGE_TEMPLATE_READ_FAILED' : 'STAGE_TEMPLATE_WRITE_FAILED',
    `cannot ${doing} ${doing === 'read' ? relPath : `the result of ${relPath}`}: ${osCode}`,
    { osCode, retryable: TRANSIENT.has(osCode), cause: error },
  );
}

/** Counts words into `counts`; returns how many were counted. */
function tokenize(text: string, input: WordCountInput, counts: Map<string, number>): number {
  let n = 0;
  for (const match of text.normalize('NFC').matchAll(WORD)) {
    // a typographic apostrophe is read as a straight one: "don’t" and "don't" are one word
    const raw = match[0].includes('’') ? match[0].replaceAll('’', "'") : match[0];
    const word = input.lowercase ? raw.toLowerCase() : raw;
    // length in code points ("東京" is 2); word.length (UTF-16 units) is never smaller
    if (word.length < input.minWordLength || [...word].length < input.minWordLength) continue;
    n++;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return n;
}

/** Where `text` may be cut: after its last boundary character (0 when there is none). */
function lastBoundary(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    // a surrogate pair is a letter or not as a whole; a lone low surrogate is never a boundary alone
    const unit = text.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) continue;
    const point = text.codePointAt(i) ?? 0;
    if (BOUNDARY.test(String.fromCodePoint(point))) return i + (point > 0xffff ? 2 : 1);
  }
  return 0;
}

const byCountThenWord = (a: [string, number], b: [string, number]) =>
  b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * The worker (default export): reads the file in chunks (hashing, counting lines and words as it
 * goes, checking `ctx.signal` and reporting `ctx.progress` between chunks), skips binary files, and
 * writes the result JSON atomically.
 */
export default async function countWords(
  input: WordCountInput,
  ctx: WordCountContext = {},
): Promise<WordCountOutput | SkipSignal> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8');
  const counts = new Map<string, number>();
  let words = 0;
  let bytes = 0;
  let newlines = 0;
  let lastByte = -1;
  let carry = '';
  let reported = 0;

  let handle: FileHandle;
  try {
    handle = await open(input.path, 'r');
  } catch (error) {
    throw fileError(error, input.relPath, 'read');
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      ctx.signal?.throwIfAborted();
      let read: number;
      try {
        ({ bytesRead: read } = await handle.read(buffer, 0, CHUNK_BYTES, null));
      } catch (error) {
        throw fileError(error, input.relPath, 'read');
      }
      if (read === 0) break;
      const chunk = buffer.subarray(0, read);
      // a NUL byte in the first chunk: not text
      if (bytes === 0 && chunk.includes(0)) {
        return { __jobintelItemSignal: 'skip', reason: 'binary' };
      }
      hash.update(chunk);
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
      lastByte = chunk[read - 1] ?? -1;
      bytes += read;
      // count up to the last place no word can straddle; carry the rest into the next chunk
      const text = carry + decoder.decode(chunk, { stream: true });
      const cut = text.length > MAX_CARRY ? text.length : lastBoundary(text);
      words += tokenize(text.slice(0, cut), input, counts);
      carry = text.slice(cut);
      const fraction = input.size > 0 ? Math.min(1, bytes / input.size) : 1;
      if (fraction < 1 && fraction - reported >= 0.1) {
        reported = fraction;
        ctx.progress?.(Math.round(fraction * 100) / 100);
      }
    }
  } finally {
    await handle.close();
  }
  words += tokenize(carry + decoder.decode(), input, counts);

  const sha256 = hash.digest('hex');
  const lines = newlines + (bytes > 0 && lastByte !== 10 ? 1 : 0);
  const top = input.topN === 0 ? [] : [...counts].sort(byCountThenWord).slice(0, input.topN);
  const result: WordCountResultFile = {
    file: input.relPath,
    sha256,
    bytes,
    lines,
    words,
    uniqueWords: counts.size,
    top: top.map(([word, count]) => ({ word, count })),
    options: { lowercase: input.lowercase, minWordLength: input.minWordLength, topN: input.topN },
    version: OUTPUT_VERSION,
  };
  await writeAtomically(input.outputPath, `${JSON.stringify(result, null, 2)}\n`, input.relPath);
  ctx.progress?.(1);
  return { outputPath: input.outputPath, sha256, words, uniqueWords: counts.size, lines, bytes };
}

/**
 * Writes a file so that readers (and a resumed run) see the old content or the new, never a part:
 * a temporary file in the same folder (same file system, so the rename is atomic), flushed to disk,
 * then renamed over the target.
 */
export async function writeAtomically(path: string, text: string, relPath: string): Promise<void> {
  const tmp = `${path}.${process.pid}-${threadId}-${Math.random().toString(36).slice(2, 10)}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => {});
    throw fileError(error, relPath, 'write');
  }
}
