import { type DailyEvent, ExitCode, type RunFlags, runDaily } from '@jobintel/daily';
import { createLogger } from '@jobintel/logger';
import { cancelOnSignals, type RunnerEvent } from '@jobintel/runner-core';
import type { Command } from 'commander';
import { intArg, listArg, scoreArg } from '../args.js';
import { type CommandContext, type GlobalOptions, loadCliConfig } from '../context.js';
import { hintFor, UsageError } from '../errors.js';
import { line, printJson } from '../io.js';
import { progressPrinter } from '../render/progress.js';
import { runSummary } from '../render/summary.js';

interface RunOptions {
  profiles?: string[];
  boards?: string[];
  offline?: boolean;
  snapshotOnly?: boolean;
  live?: boolean;
  minScore?: number;
  alertScore?: number;
  notify: boolean;
  publish?: boolean;
  force?: boolean;
  concurrency?: number;
  json?: boolean;
  quiet?: boolean;
}

export function registerRun(program: Command, ctx: CommandContext): void {
  program
    .command('run')
    .description('the daily run: fetch, score, diff and report (resumes an interrupted run)')
    .option('-p, --profiles <ids>', 'only these profiles (comma-separated, repeatable)', listArg)
    .option(
      '-b, --boards <slugs>',
      'only these boards (slugs or names, comma-separated, repeatable)',
      listArg,
    )
    .option('--offline', 'read stored snapshots only; never touch the network')
    .option('--snapshot-only', 'same as --offline')
    .option('--live', 'fetch every board live (overrides each board’s mode)')
    .option('--min-score <n>', 'leave jobs under this score out of shortlists (0-100)', scoreArg)
    .option('--alert-score <n>', 'alert on jobs at or above this score (0-100)', scoreArg)
    .option('--no-notify', 'send no notifications')
    .option('--publish', 'publish the artifacts to the configured target')
    .option('--force', 'start a new run and redo every item instead of resuming')
    .option('--concurrency <n>', 'boards fetched at once (overrides fetch.concurrency)', intArg(1, 256))
    .option('--json', 'print the run report (JSON) instead of the summary')
    .option('-q, --quiet', 'no progress output')
    .addHelpText(
      'after',
      `
Examples:
  $ jobintel run                          the configured run (or the bundled demo), resuming if interrupted
  $ jobintel run --offline --profiles backend --min-score 60
  $ jobintel run --live --publish         fetch every board now and publish the artifacts
  $ jobintel run --json > report.json

Ctrl-C stops cleanly (exit 130); \`jobintel run\` again resumes the same run. A second Ctrl-C exits at once.`,
    )
    .action(async (options: RunOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const { io } = ctx;
      if ((options.offline || options.snapshotOnly) && options.live) {
        throw new UsageError('--offline and --live contradict each other', 'pass one of them');
      }
      const { loaded, env } = await loadCliConfig(io, global);
      const flags: Partial<RunFlags> = {
        offline: options.offline === true || options.snapshotOnly === true,
        live: options.live === true,
        profiles: options.profiles ?? [],
        boards: options.boards ?? [],
        minScore: options.minScore ?? null,
        alertScore: options.alertScore ?? null,
        notify: options.notify,
        publish: options.publish === true,
        force: options.force === true,
        concurrency: options.concurrency ?? null,
      };
      let runId: string | undefined;
      const stopping = () =>
        line(
          io.stderr,
          `\nstopping${runId ? ` run ${runId}` : ''} cleanly (Ctrl-C again to exit at once); \`jobintel run\` again resumes it`,
        );
      const cancellation = io.handleSignals ? cancelOnSignals({ onFirst: stopping }) : undefined;
      const signals = [io.signal, cancellation?.signal].filter((s): s is AbortSignal => s !== undefined);
      const print = options.quiet ? undefined : progressPrinter(io.stderr);
      io.signal?.addEventListener('abort', stopping, { once: true });
      try {
        const result = await runDaily({
          loaded,
          flags,
          env,
          // --verbose: the run's debug log (pino JSON, secrets redacted; pretty on a terminal) on stderr
          ...(global.verbose
            ? {
                logger: createLogger({
                  level: 'debug',
                  name: 'jobintel',
                  destination: io.stderr,
                  pretty: 'auto',
                  env: io.env.NO_COLOR === undefined ? {} : { NO_COLOR: io.env.NO_COLOR },
                }),
              }
            : {}),
          ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
          onEvent: (event: RunnerEvent | DailyEvent) => {
            if (event.type === 'run:start') runId = event.runId;
            print?.(event);
          },
        });
        if (options.json) printJson(io.stdout, result.report);
        else io.stdout.write(runSummary(result, io.cwd));
        if (result.exitCode === ExitCode.Cancelled) {
          line(
            io.stderr,
            `run ${result.report.run.id} was cancelled: run \`jobintel run\` again (same flags) to resume it`,
          );
        } else if (result.exitCode !== ExitCode.Ok) {
          line(
            io.stderr,
            `error: run ${result.report.run.id} ${result.report.run.status} (exit ${result.exitCode})`,
          );
          const hint = hintFor(result.exitCode);
          if (hint) line(io.stderr, `fix: ${hint}`);
        }
        ctx.exitCode = result.exitCode;
      } finally {
        io.signal?.removeEventListener('abort', stopping);
        cancellation?.dispose();
      }
    });
}
