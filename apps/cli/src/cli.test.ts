import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from './cli.js';
import { runCli, tempDir } from './test-utils.js';

/** Every command path of the tree: `['run']`, `['runs', 'list']`, ... */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((c) => {
    const path = [...prefix, c.name()];
    return c.commands.length > 0 ? [path, ...commandPaths(c, path)] : [path];
  });
}

const silent = { write: () => {} };

describe('jobintel (the command tree)', () => {
  let cwd: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    cwd = await tempDir();
  });
  afterAll(() => cwd.cleanup());

  const paths = commandPaths(
    buildProgram({ io: { stdout: silent, stderr: silent, env: {}, cwd: '/' }, exitCode: 0 }),
  );

  it('has every command of the issue', () => {
    const names = paths.map((p) => p.join(' '));
    for (const c of [
      'run',
      'runs list',
      'runs show',
      'jobs',
      'state set',
      'replay',
      'snapshots parse',
      'snapshots verify',
      'snapshots refresh',
      'score',
      'tokens usage',
      'stage new',
      'doctor',
      'config schema',
      'config validate',
    ]) {
      expect(names).toContain(c);
    }
  });

  it.each(paths.filter((p) => p.length > 0).map((p) => [p.join(' '), p]))(
    '`%s --help` prints the usage with examples (exit 0)',
    async (_name, path) => {
      const r = await runCli([...(path as string[]), '--help'], { cwd: cwd.path });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: jobintel');
      expect(r.stdout).toContain('Examples:');
      expect(r.stdout).toContain('--config'); // the global options are shown on every command
    },
  );

  it('--help and --version exit 0; no arguments show the help and exit 2', async () => {
    expect((await runCli(['--help'], { cwd: cwd.path })).stdout).toContain('Exit codes:');
    expect((await runCli(['--version'], { cwd: cwd.path })).stdout).toMatch(/^\d+\.\d+\.\d+/);
    const none = await runCli([], { cwd: cwd.path });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: jobintel');
  });

  it('usage errors exit 2 with one line and a pointer to --help, no stack trace', async () => {
    for (const argv of [
      ['bogus'],
      ['run', '--min-score', '101'],
      ['run', '--nope'],
      ['runs', 'list', '--status', 'weird'],
      ['jobs'],
      ['state', 'set', 'job-1', 'married', '--profile', 'x'],
      ['snapshots', 'parse', 'monster', 'file.json'],
    ]) {
      const r = await runCli(argv, { cwd: cwd.path });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).toContain('--help');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--offline with --live is refused before anything is written (exit 2)', async () => {
    const r = await runCli(['run', '--offline', '--live'], { cwd: cwd.path });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--offline and --live');
  });
});
