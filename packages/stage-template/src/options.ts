import { CodedError } from '@jobintel/runner-core';
import { z } from 'zod';

/** The stable error codes of this stage. Workers in threads use the same strings (see worker.ts). */
export const StageTemplateErrorCode = {
  /** `createWordCountStage` / `runWordCount` / `scaffoldStage` got options that do not parse. */
  InvalidOptions: 'STAGE_TEMPLATE_INVALID_OPTIONS',
  /** A planned file vanished before its worker read it. Not retried: the next run re-plans. */
  InputMissing: 'STAGE_TEMPLATE_INPUT_MISSING',
  /** Reading a file failed; retryable for transient errors (`EMFILE`, `ENFILE`, `EBUSY`, `EAGAIN`). */
  ReadFailed: 'STAGE_TEMPLATE_READ_FAILED',
  /** Writing a result failed; retryable for the same transient errors. */
  WriteFailed: 'STAGE_TEMPLATE_WRITE_FAILED',
  /** `scaffoldStage` was pointed at a folder that is not empty. */
  TargetNotEmpty: 'STAGE_TEMPLATE_TARGET_NOT_EMPTY',
} as const;
export type StageTemplateErrorCode = (typeof StageTemplateErrorCode)[keyof typeof StageTemplateErrorCode];

/** The errors this package throws on the coordinating thread; `code` says which. */
export class StageTemplateError extends CodedError {
  declare readonly code: StageTemplateErrorCode;
}

const extension = z
  .string()
  .regex(/^\.[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected an extension with its dot, such as ".txt"')
  .transform((e) => e.toLowerCase());

/**
 * The options of the word-count stage. Runner knobs (`concurrency`, `timeoutMs`, `retries`…) are not
 * here: they are runner options, passed through to `runStage`, which validates them itself.
 */
export const wordCountOptionsSchema = z.strictObject({
  /** The folder of text files to read, recursively. Symbolic links are not followed. */
  inputDir: z.string().min(1, 'expected the folder of text files'),
  /** Where `<relative path>.json` results, `summary.json` and (for `runWordCount`) `.manifest/` go. */
  outputDir: z.string().min(1, 'expected the folder for the results'),
  /** Which files to count, by extension (compared case-insensitively). */
  extensions: z
    .array(extension)
    .min(1, 'expected at least one extension')
    .default(['.txt', '.md'])
    .transform((list) => [...new Set(list)].sort()),
  /** Count `Word` and `word` as one word. */
  lowercase: z.boolean().default(true),
  /** Ignore words shorter than this many characters (code points, after NFC normalisation). */
  minWordLength: z.int().min(1).max(1000).default(1),
  /** How many of the most frequent words each result lists (0: none). */
  topN: z.int().min(0).max(10_000).default(10),
});
export type WordCountOptionsInput = z.input<typeof wordCountOptionsSchema>;
export type WordCountOptions = z.output<typeof wordCountOptionsSchema>;

/**
 * Validates options once, at the edge. Throws a `StageTemplateError` (`STAGE_TEMPLATE_INVALID_OPTIONS`)
 * whose message names every field at fault, e.g. `topN: Too small: expected number to be >=0`.
 */
export function parseWordCountOptions(input: unknown): WordCountOptions {
  const parsed = wordCountOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({
    field: i.path.map(String).join('.') || '(options)',
    message: i.message,
  }));
  throw new StageTemplateError(
    StageTemplateErrorCode.InvalidOptions,
    `invalid word-count options: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
    { details: { issues } },
  );
}
