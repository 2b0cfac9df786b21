import { CodedError } from '@jobintel/runner-core';
import { z } from 'zod';

/** The options of the word-count stage: validated once, at the edge. */
export const wordCountOptionsSchema = z.strictObject({
  /** The folder of text files to read (recursively). */
  inputDir: z.string().min(1),
  /** Where `<relative path>.json` results, `summary.json` and the manifest go. */
  outputDir: z.string().min(1),
  /** File extensions to include (lowercase, with the dot). */
  extensions: z
    .array(z.string().regex(/^\.[a-z0-9]+$/, 'an extension such as ".txt"'))
    .min(1)
    .default(['.txt', '.md']),
  /** Count "Word" and "word" as one. */
  lowercase: z.boolean().default(true),
  /** Ignore words shorter than this many characters. */
  minWordLength: z.int().min(1).max(100).default(1),
  /** How many of the most frequent words each result lists. */
  topN: z.int().min(0).max(1000).default(10),
});
export type WordCountOptionsInput = z.input<typeof wordCountOptionsSchema>;
export type WordCountOptions = z.output<typeof wordCountOptionsSchema>;

export class StageTemplateError extends CodedError {}

export function parseWordCountOptions(input: unknown): WordCountOptions {
  const parsed = wordCountOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`);
    throw new StageTemplateError(
      'STAGE_TEMPLATE_INVALID_OPTIONS',
      `invalid word-count options: ${problems.join('; ')}`,
      {
        details: { problems },
      },
    );
  }
  return parsed.data;
}
