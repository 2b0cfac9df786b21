import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type JobPosting, jobPostingSchema } from '@jobintel/providers';
import {
  buildReport,
  compileProfile,
  loadProfile,
  renderCsv,
  renderRankedJson,
  renderShortlist,
  renderTop,
  scorePostings,
} from '@jobintel/scoring';
import type { Command } from 'commander';
import { choiceArg, intArg, scoreArg } from '../args.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { line } from '../io.js';
import { clip, table } from '../render/table.js';

const FORMATS = ['table', 'json', 'csv', 'shortlist', 'top'] as const;
type Format = (typeof FORMATS)[number];

/** Postings from a file: an array, or `{postings: [...]}` (what `snapshots parse --json` prints). */
async function readPostings(cwd: string, file: string): Promise<JobPosting[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(resolve(cwd, file), 'utf8'));
  } catch (error) {
    throw new UsageError(
      `cannot read postings from ${file}: ${(error as Error).message}`,
      'pass a JSON file: an array of postings, or the output of `jobintel snapshots parse <provider> <file> --json`',
    );
  }
  const list = Array.isArray(data) ? data : (data as { postings?: unknown } | null)?.postings;
  if (!Array.isArray(list)) {
    throw new UsageError(
      `${file} holds no postings`,
      'pass an array of postings, or an object with a "postings" array',
    );
  }
  return list.map((p, i) => {
    const parsed = jobPostingSchema.safeParse(p);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(
        `${file}: posting ${i}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
        'postings must be normalised JobPostings (`jobintel snapshots parse ... --json` makes them)',
      );
    }
    return parsed.data;
  });
}

export function registerScore(program: Command, ctx: CommandContext): void {
  program
    .command('score')
    .description('score postings against a profile, outside a run')
    .requiredOption('--profile <file>', 'a profile YAML file')
    .requiredOption('--postings <file>', 'a JSON array of postings, or `snapshots parse --json` output')
    .option('--min-score <n>', 'leave out jobs under this score (0-100)', scoreArg, 0)
    .option('--as-of <time>', 'the reference time for freshness (ISO 8601; default now)')
    .option('--limit <n>', 'rows in the table', intArg(1, 100_000), 20)
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, choiceArg(FORMATS), 'table')
    .option('--json', 'same as --format json (the ranked JSON of a run)')
    .addHelpText(
      'after',
      `
Examples:
  $ jobintel snapshots parse greenhouse acme.json --json > postings.json
  $ jobintel score --profile profiles/backend.yaml --postings postings.json
  $ jobintel score --profile profiles/backend.yaml --postings postings.json --format shortlist`,
    )
    .action(
      async (options: {
        profile: string;
        postings: string;
        minScore: number;
        asOf?: string;
        limit: number;
        format: Format;
        json?: boolean;
      }) => {
        const { io } = ctx;
        const asOf = options.asOf ? new Date(options.asOf) : new Date();
        if (Number.isNaN(asOf.getTime())) throw new UsageError(`--as-of: "${options.asOf}" is not a time`);
        const compiled = compileProfile(await loadProfile(resolve(io.cwd, options.profile)));
        const postings = await readPostings(io.cwd, options.postings);
        const scored = scorePostings(compiled, postings, { asOf: asOf.toISOString() });
        const report = buildReport(compiled, scored, { minScore: options.minScore });
        const format: Format = options.json ? 'json' : options.format;
        if (format === 'json') io.stdout.write(renderRankedJson(report));
        else if (format === 'csv') io.stdout.write(renderCsv(report));
        else if (format === 'shortlist') io.stdout.write(renderShortlist(report, { limit: options.limit }));
        else if (format === 'top') io.stdout.write(renderTop(report, { limit: options.limit }));
        else {
          const rows = report.jobs.slice(0, options.limit);
          line(
            io.stdout,
            table(
              ['#', 'score', 'band', 'title', 'company', 'why'],
              rows.map((j) => [
                j.rank,
                j.score,
                j.band,
                clip(j.title, 45),
                clip(j.company, 20),
                clip(j.explanation.fitSignals.slice(0, 2).join('; '), 50),
              ]),
            ),
          );
          const d = report.diagnostics;
          line(
            io.stdout,
            `\n${report.jobs.length} ranked of ${postings.length} postings for ${report.profile.id} (${d.excluded} excluded; scores min ${d.min ?? '-'}, p50 ${d.p50 ?? '-'}, p90 ${d.p90 ?? '-'}, max ${d.max ?? '-'})`,
          );
        }
      },
    );
}
