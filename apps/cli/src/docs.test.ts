import { readFile } from 'node:fs/promises';
import { ExitCode } from '@jobintel/daily';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './cli.js';

const DOC = new URL('../../../docs/cli.md', import.meta.url);
const silent = { write: () => {} };

function walk(command: Command, prefix: string[] = []): { path: string[]; command: Command }[] {
  return command.commands.flatMap((c) => {
    const path = [...prefix, c.name()];
    return [{ path, command: c }, ...walk(c, path)];
  });
}

describe('docs/cli.md', () => {
  const program = buildProgram({ io: { stdout: silent, stderr: silent, env: {}, cwd: '/' }, exitCode: 0 });

  it('lists every exit code', async () => {
    const doc = await readFile(DOC, 'utf8');
    for (const [name, code] of Object.entries(ExitCode)) {
      expect(doc, `${name} (${code})`).toMatch(new RegExp(`\\| \`${code}\` \\| ${name} \\|`));
    }
  });

  it('documents every command and every option', async () => {
    const doc = await readFile(DOC, 'utf8');
    for (const { path, command } of walk(program)) {
      expect(doc, path.join(' ')).toContain(`jobintel ${path.join(' ')}`);
      for (const option of command.options)
        expect(doc, `${path.join(' ')} ${option.long}`).toContain(option.long as string);
    }
    for (const option of program.options) expect(doc).toContain(option.long as string);
  });
});
