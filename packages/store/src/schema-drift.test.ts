import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const pkg = new URL('..', import.meta.url).pathname;

it('the committed migrations match the schema (run `pnpm --filter @jobintel/store db:generate` after a change)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'jobintel-drift-'));
  try {
    await cp(join(pkg, 'migrations'), join(dir, 'migrations'), { recursive: true });
    const before = (await readdir(join(dir, 'migrations'))).sort();
    await writeFile(
      join(dir, 'drizzle.config.json'),
      // drizzle-kit wants paths relative to its working directory
      JSON.stringify({
        dialect: 'postgresql',
        schema: relative(dir, join(pkg, 'src/schema.ts')),
        out: './migrations',
      }),
    );
    const { stdout, stderr } = await promisify(execFile)(
      join(pkg, 'node_modules/.bin/drizzle-kit'),
      ['generate', '--config', 'drizzle.config.json'],
      { cwd: dir, env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(stderr).toBe('');
    expect(stdout).toMatch(/No schema changes/);
    expect((await readdir(join(dir, 'migrations'))).sort()).toEqual(before);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);
