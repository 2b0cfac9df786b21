import { Command, CommanderError } from 'commander';
import { registerConfig } from './commands/config.js';
import { registerDoctor } from './commands/doctor.js';
import { registerJobs } from './commands/jobs.js';
import { registerReplay } from './commands/replay.js';
import { registerRun } from './commands/run.js';
import { registerRuns } from './commands/runs.js';
import { registerScore } from './commands/score.js';
import { registerSnapshots } from './commands/snapshots.js';
import { registerStage } from './commands/stage.js';
import { registerState } from './commands/state.js';
import { registerTokens } from './commands/tokens.js';
import type { CommandContext } from './context.js';
import { reportError } from './errors.js';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';

/** The `jobintel` command tree, writing to `ctx.io`. */
export function buildProgram(ctx: CommandContext): Command {
  const { io } = ctx;
  const program = new Command('jobintel')
    .description('JobIntel: the daily job-intelligence run and its tools.')
    .version(VERSION, '-V, --version')
    .option(
      '-c, --config <file>',
      'configuration file (default: ./jobintel.config.yaml, else the bundled demo)',
    )
    .option('--state-dir <dir>', 'state directory (runs, database, snapshots); overrides the config')
    .option('--verbose', 'print stack traces and debug logs')
    .exitOverride()
    .showHelpAfterError('(add --help for usage and examples)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
    })
    .addHelpText(
      'after',
      `
Examples:
  $ jobintel run                      the daily run (the bundled demo when there is no config file)
  $ jobintel run --offline --json     from stored snapshots only, printing the run report
  $ jobintel jobs --profile backend --min-score 70
  $ jobintel doctor                   check the environment

Exit codes: 0 ok, 2 invalid input, 3 lock held, 4 database unavailable, 5 database schema,
6 board policy, 7 budget exceeded, 8 publish failed, 9 unexpected, 130 cancelled (see docs/cli.md).`,
    );
  registerRun(program, ctx);
  registerRuns(program, ctx);
  registerJobs(program, ctx);
  registerState(program, ctx);
  registerReplay(program, ctx);
  registerSnapshots(program, ctx);
  registerScore(program, ctx);
  registerTokens(program, ctx);
  registerStage(program, ctx);
  registerDoctor(program, ctx);
  registerConfig(program, ctx);
  return program;
}

/**
 * Runs `jobintel <argv>` in-process and returns its exit code: the bin calls it with the process's
 * streams, tests with buffers. Never exits the process and never throws.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx: CommandContext = { io, exitCode: 0 };
  const program = buildProgram(ctx);
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    // commander has printed its own message (unknown option, missing argument, help, version)
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    return reportError(io, error, program.opts().verbose === true);
  }
}
