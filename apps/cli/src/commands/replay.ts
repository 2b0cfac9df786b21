import { resolve } from 'node:path';
import { replayRun } from '@jobintel/daily';
import type { Command } from 'commander';
import { type CommandContext, type GlobalOptions, loadCliConfig } from '../context.js';
import { line, printJson } from '../io.js';

const show = (v: unknown) => {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
};

export function registerReplay(program: Command, ctx: CommandContext): void {
  program
    .command('replay')
    .description("re-verify every artifact of a run against its report's hashes; --recalc re-scores it")
    .argument('<run-id>', 'the run id (see `jobintel runs list`)')
    .option('--recalc', 're-score from the archived inputs and compare field by field')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Works from any directory: the run is found through --state-dir, else the configuration's state dir.
Exit 0 when every artifact matches (and re-scoring is identical), 2 otherwise.

Examples:
  $ jobintel replay 20261129T070000Z-3f9a1c --recalc
  $ jobintel replay 20261129T070000Z-3f9a1c --state-dir /srv/jobintel/.jobintel`,
    )
    .action(async (runId: string, options: { recalc?: boolean; json?: boolean }, command: Command) => {
      const { io } = ctx;
      const global = command.optsWithGlobals<GlobalOptions>();
      const where = global.stateDir
        ? { stateDir: resolve(io.cwd, global.stateDir) }
        : { loaded: (await loadCliConfig(io, global)).loaded };
      const result = await replayRun({ runId, recalc: options.recalc === true, ...where });
      ctx.exitCode = result.exitCode;
      if (options.json) {
        printJson(io.stdout, result);
        return;
      }
      const bad = result.artifacts.filter((a) => a.status !== 'ok');
      line(
        io.stdout,
        `run ${result.runId}: ${result.artifacts.length - bad.length}/${result.artifacts.length} artifacts match their hashes`,
      );
      for (const a of bad) line(io.stdout, `  ${a.status} ${a.path}`);
      if (result.recalc) {
        const { recalc } = result;
        if (bad.length > 0)
          line(io.stdout, 'recalc: not attempted, the archived inputs do not match the report');
        else if (recalc.identical) line(io.stdout, `recalc: identical (${recalc.jobs} jobs re-scored)`);
        else {
          line(io.stdout, `recalc: ${recalc.differences.length} differences over ${recalc.jobs} jobs`);
          for (const d of recalc.differences.slice(0, 50)) {
            line(io.stdout, `  ${d.profile} ${d.jobId} ${d.field}: ${show(d.before)} -> ${show(d.after)}`);
          }
          if (recalc.differences.length > 50) line(io.stdout, '  … (--json lists every difference)');
        }
      }
      line(io.stdout, result.exitCode === 0 ? 'replay: ok' : 'replay: MISMATCH (exit 2)');
    });
}
