import { type ManifestProblem, type ManifestRow, manifestRowSchema } from '@jobintel/runner-core';

export type Verdict = { row: ManifestRow } | { problem: ManifestProblem };

/**
 * The slow path, and the definition of what a usable line is: `JSON.parse`, then the row schema. A last
 * line (no newline after it) that is not JSON is `truncated`; any other line that is not JSON is
 * `corrupt`; JSON that the schema rejects is `invalid`, with the field at fault.
 */
export function parseLine(text: string, line: number, last: boolean): Verdict {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      problem: last
        ? {
            line,
            kind: 'truncated',
            message: 'the last line is incomplete (a writer stopped mid-line); skipped',
          }
        : { line, kind: 'corrupt', message: `not JSON (${(error as Error).message}); skipped` },
    };
  }
  const parsed = manifestRowSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : '(row)';
    return {
      problem: {
        line,
        kind: 'invalid',
        message: `JSON, but not a manifest row (${path}: ${issue?.message ?? 'invalid'}); skipped`,
      },
    };
  }
  return { row: parsed.data };
}

export function overlongProblem(line: number, bytes: number, last: boolean, limit: number): ManifestProblem {
  return {
    line,
    kind: last ? 'truncated' : 'corrupt',
    message: `a line of ${bytes} bytes, longer than the ${limit}-byte limit; skipped`,
  };
}

export function foreignStageProblem(line: number, found: string, stage: string): ManifestProblem {
  return {
    line,
    kind: 'invalid',
    message: `a row of stage ${JSON.stringify(found)} in the manifest of stage ${JSON.stringify(stage)}; skipped`,
  };
}
