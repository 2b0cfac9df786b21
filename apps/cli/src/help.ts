import type { Command } from 'commander';

/** Adds an "Examples:" section (and optional notes before it) to a command's help. */
export function examples(command: Command, lines: string[], notes?: string): Command {
  const body = lines.map((l) => `  $ ${l}`).join('\n');
  return command.addHelpText('after', `\n${notes ? `${notes}\n\n` : ''}Examples:\n${body}`);
}
