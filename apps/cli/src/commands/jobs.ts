import { queryJobs } from '@jobintel/daily';
import type { Command } from 'commander';
import { intArg, scoreArg, sinceArg } from '../args.js';
import { type CommandContext, type GlobalOptions, loadCliConfig } from '../context.js';
import { line, printJson } from '../io.js';
import { clip, table } from '../render/table.js';

interface JobsOptions {
  profile: string;
  minScore?: number;
  location?: string;
  company?: string;
  newSince?: string;
  limit: number;
  json?: boolean;
}

export function registerJobs(program: Command, ctx: CommandContext): void {
  program
    .command('jobs')
    .description('the ranked jobs of a profile from the latest successful run, filtered')
    .requiredOption('-p, --profile <id>', 'the profile')
    .option('--min-score <n>', 'only jobs scoring at least this (0-100)', scoreArg)
    .option('--location <text>', 'only jobs with a location containing this (case- and accent-insensitive)')
    .option('--company <text>', 'only jobs of a company containing this')
    .option('--new-since <when>', 'only jobs first seen since a date, a time or an age (7d, 24h)', sinceArg())
    .option('--limit <n>', 'at most this many jobs', intArg(1, 100_000), 25)
    .option('--json', 'print the jobs as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ jobintel jobs --profile backend --min-score 70 --location berlin
  $ jobintel jobs --profile backend --new-since 7d --json`,
    )
    .action(async (options: JobsOptions, command: Command) => {
      const { io } = ctx;
      const { loaded, env } = await loadCliConfig(io, command.optsWithGlobals<GlobalOptions>());
      const result = await queryJobs({
        loaded,
        env,
        profile: options.profile,
        limit: options.limit,
        ...(options.minScore === undefined ? {} : { minScore: options.minScore }),
        ...(options.location === undefined ? {} : { location: options.location }),
        ...(options.company === undefined ? {} : { company: options.company }),
        ...(options.newSince === undefined ? {} : { newSince: options.newSince }),
      });
      if (options.json) {
        printJson(io.stdout, result);
        return;
      }
      if (result.jobs.length === 0) {
        line(io.stdout, `no jobs match (run ${result.runId})`);
        return;
      }
      line(
        io.stdout,
        table(
          ['#', 'score', 'id', 'title', 'company', 'locations', 'status'],
          result.jobs.map((j) => [
            j.rank,
            j.score,
            j.id,
            clip(j.title, 50),
            clip(j.company, 24),
            clip(j.locations.join('; ') || '-', 30),
            [j.change, j.userStatus].filter(Boolean).join(' ') || '',
          ]),
        ),
      );
      line(io.stdout, `\n${result.jobs.length} jobs from run ${result.runId}`);
    });
}
