import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { configJsonSchema } from '@jobintel/daily';
import type { Command } from 'commander';
import { type CommandContext, type GlobalOptions, loadCliConfig } from '../context.js';
import { exitCodeFor } from '../errors.js';
import { examples } from '../help.js';
import { line, printJson } from '../io.js';

export function registerConfig(program: Command, ctx: CommandContext): void {
  const config = program
    .command('config')
    .description('the configuration file: its JSON Schema, and validation');
  examples(config, ['jobintel config validate', 'jobintel config schema --out jobintel.config.schema.json']);

  config
    .command('schema')
    .description('print (or write) the JSON Schema of jobintel.config.yaml, for editors')
    .option('-o, --out <file>', 'write it to this file instead of printing it')
    .addHelpText(
      'after',
      `
Examples:
  $ jobintel config schema --out jobintel.config.schema.json
  # then, first line of jobintel.config.yaml:
  # yaml-language-server: $schema=./jobintel.config.schema.json`,
    )
    .action(async (options: { out?: string }) => {
      const { io } = ctx;
      const schema = configJsonSchema();
      if (!options.out) {
        io.stdout.write(schema);
        return;
      }
      const path = resolve(io.cwd, options.out);
      await writeFile(path, schema);
      line(io.stdout, `wrote ${path}`);
    });

  config
    .command('validate')
    .description('check the configuration (every problem, with its path); writes nothing')
    .option('--json', 'print {valid, source, problems} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ jobintel config validate
  $ jobintel config validate --config ops/jobintel.config.yaml --json`,
    )
    .action(async (options: { json?: boolean }, command: Command) => {
      const { io } = ctx;
      try {
        const { loaded } = await loadCliConfig(io, command.optsWithGlobals<GlobalOptions>());
        const summary = {
          valid: true,
          source: loaded.source,
          key: loaded.config.key,
          boards: loaded.config.boards.filter((b) => b.enabled).length,
          profiles: loaded.profiles.map((p) => p.id),
          overrides: loaded.overrides,
          hash: loaded.hash,
          problems: [],
        };
        if (options.json) {
          printJson(io.stdout, summary);
          return;
        }
        line(
          io.stdout,
          `valid: ${loaded.source === 'demo' ? 'the bundled demo configuration' : loaded.source}`,
        );
        line(
          io.stdout,
          `  key ${summary.key}, ${summary.boards} enabled boards, profiles ${summary.profiles.join(', ')}`,
        );
        if (loaded.overrides.length > 0) line(io.stdout, `  overridden by ${loaded.overrides.join(', ')}`);
      } catch (error) {
        const problems = (error as { details?: { problems?: unknown } }).details?.problems;
        if (!options.json || !Array.isArray(problems)) throw error;
        printJson(io.stdout, { valid: false, problems });
        ctx.exitCode = exitCodeFor(error);
      }
    });
}
