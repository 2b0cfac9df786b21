import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { scaffoldStage } from '@jobintel/stage-template/scaffold';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { examples } from '../help.js';
import { line, printJson } from '../io.js';

export function registerStage(program: Command, ctx: CommandContext): void {
  const stage = program.command('stage').description('author runner stages');
  examples(stage, ['jobintel stage new pdf-text']);
  stage
    .command('new')
    .description('create a new stage package, a renamed copy of packages/stage-template')
    .argument('<name>', 'the stage name, kebab-case (e.g. pdf-text)')
    .option(
      '--dir <dir>',
      'the folder to create (default: packages/<name> in a JobIntel checkout, else ./<name>)',
    )
    .option('--package-name <name>', 'the npm package name (default @jobintel/stage-<name>)')
    .option('--workspace', 'depend on @jobintel/* with workspace:^ (default inside a pnpm workspace)')
    .option('--no-workspace', 'depend on the published @jobintel/* versions')
    .option('--json', 'print the created files as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ jobintel stage new pdf-text
  $ jobintel stage new pdf-text --dir ../my-stages/pdf-text --no-workspace`,
    )
    .action(
      async (
        name: string,
        options: { dir?: string; packageName?: string; workspace?: boolean; json?: boolean },
      ) => {
        const { io } = ctx;
        const inWorkspace = existsSync(join(io.cwd, 'pnpm-workspace.yaml'));
        const targetDir = resolve(
          io.cwd,
          options.dir ??
            (inWorkspace && existsSync(join(io.cwd, 'packages')) ? join('packages', name) : name),
        );
        const result = await scaffoldStage({
          name,
          targetDir,
          workspace: options.workspace ?? inWorkspace,
          ...(options.packageName ? { packageName: options.packageName } : {}),
        });
        if (options.json) {
          printJson(io.stdout, result);
          return;
        }
        const where = relative(io.cwd, result.targetDir) || '.';
        line(
          io.stdout,
          `created ${result.packageName} (stage "${result.stageName}") in ${where}: ${result.files.length} files`,
        );
        line(io.stdout, 'next:');
        line(io.stdout, `  cd ${where} && pnpm install && pnpm test`);
        line(io.stdout, '  see docs/authoring-a-stage.md');
      },
    );
}
