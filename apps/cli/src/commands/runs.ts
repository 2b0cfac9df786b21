import { openRegistry, runReportSchema, STAGES } from '@jobintel/daily';
import { RUN_STATUSES, type RunStatus } from '@jobintel/store';
import type { Command } from 'commander';
import { choiceArg, intArg } from '../args.js';
import { type CommandContext, type GlobalOptions, loadCliConfig } from '../context.js';
import { UsageError } from '../errors.js';
import { examples } from '../help.js';
import { line, printJson } from '../io.js';
import { reportSummary } from '../render/summary.js';
import { seconds, table } from '../render/table.js';

const order = (stage: string) => {
  const i = (STAGES as readonly string[]).indexOf(stage);
  return i < 0 ? STAGES.length : i;
};

const duration = (start: string, end: string | null) =>
  end === null ? '-' : seconds(Date.parse(end) - Date.parse(start));

export function registerRuns(program: Command, ctx: CommandContext): void {
  const runs = program
    .command('runs')
    .description('the run registry: list runs, show one')
    .addHelpText(
      'after',
      `
Examples:
  $ jobintel runs list --status failed --limit 5
  $ jobintel runs show 20261129T070000Z-3f9a1c --json`,
    );

  examples(runs.command('list'), [
    'jobintel runs list',
    'jobintel runs list --status failed --limit 5 --json',
  ])
    .description('the newest runs first')
    .option(
      '--status <status>',
      `only runs with this status (${RUN_STATUSES.join(', ')})`,
      choiceArg(RUN_STATUSES),
    )
    .option('--limit <n>', 'at most this many runs', intArg(1, 1000), 20)
    .option('--json', 'print the runs as JSON')
    .action(async (options: { status?: RunStatus; limit: number; json?: boolean }, command: Command) => {
      const { io } = ctx;
      const { loaded, env } = await loadCliConfig(io, command.optsWithGlobals<GlobalOptions>());
      const store = await openRegistry(loaded, env, 'jobintel runs list');
      try {
        const page = await store.runs.list({
          limit: options.limit,
          ...(options.status ? { status: options.status } : {}),
        });
        if (options.json) {
          printJson(
            io.stdout,
            page.runs.map(({ report: _report, ...r }) => r),
          );
          return;
        }
        if (page.runs.length === 0) {
          line(io.stdout, 'no runs yet: `jobintel run` starts one');
          return;
        }
        line(
          io.stdout,
          table(
            ['id', 'status', 'exit', 'started', 'took', 'config', 'profiles'],
            page.runs.map((r) => [
              r.id,
              r.status,
              r.exitCode === null ? '-' : String(r.exitCode),
              r.startedAt.replace(/\.\d+Z$/, 'Z'),
              duration(r.startedAt, r.finishedAt),
              r.configKey,
              r.profiles.join(','),
            ]),
          ),
        );
      } finally {
        await store.close();
      }
    });

  examples(runs.command('show'), [
    'jobintel runs show 20261129T070000Z-3f9a1c',
    'jobintel runs show 20261129T070000Z-3f9a1c --json',
  ])
    .description('one run: its status, stages, boards, profiles and problems')
    .argument('<run-id>', 'the run id (see `jobintel runs list`)')
    .option('--json', 'print the run record (with its report) as JSON')
    .action(async (runId: string, options: { json?: boolean }, command: Command) => {
      const { io } = ctx;
      const { loaded, env } = await loadCliConfig(io, command.optsWithGlobals<GlobalOptions>());
      const store = await openRegistry(loaded, env, 'jobintel runs show');
      try {
        const run = await store.runs.get(runId);
        if (!run) throw new UsageError(`no run with id ${runId}`, 'list the runs with `jobintel runs list`');
        if (options.json) {
          printJson(io.stdout, run);
          return;
        }
        const report = runReportSchema.safeParse(run.report);
        if (report.success) {
          line(io.stdout, reportSummary(report.data).join('\n'));
        } else {
          line(
            io.stdout,
            `run ${run.id}: ${run.status}${run.exitCode === null ? '' : ` (exit ${run.exitCode})`}, started ${run.startedAt}`,
          );
        }
        if (run.stages.length > 0) {
          line(io.stdout);
          line(
            io.stdout,
            table(
              ['stage', 'status', 'planned', 'ok', 'failed', 'skipped'],
              [...run.stages]
                .sort((a, b) => order(a.stage) - order(b.stage))
                .map((s) => [s.stage, s.status, s.planned, s.succeeded, s.failed, s.skipped]),
            ),
          );
        }
        if (run.status === 'running')
          line(io.stdout, '\nstill running, or interrupted: `jobintel run` resumes it');
      } finally {
        await store.close();
      }
    });
}
