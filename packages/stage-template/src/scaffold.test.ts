import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scaffoldStage } from './scaffold.js';

const require = createRequire(import.meta.url);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const pkgDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('scaffolding a new stage from the template', () => {
  it('rejects a bad name and a non-empty target', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scaffold-bad-'));
    dirs.push(dir);
    await expect(scaffoldStage({ name: 'Bad Name', targetDir: join(dir, 'x') })).rejects.toThrow(
      /kebab-case/,
    );
    await expect(scaffoldStage({ name: 'ok', targetDir: packageDir })).rejects.toThrow(/not empty/);
  });

  it('copies the template to a new package name that builds and passes its own tests', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scaffold-'));
    dirs.push(dir);
    const target = join(dir, 'stage-pdf-text');
    const files = await scaffoldStage({
      name: 'pdf-text',
      targetDir: target,
      packageName: '@acme/stage-pdf-text',
    });
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'src/index.ts',
        'src/worker.ts',
        'tsup.config.ts',
      ]),
    );
    const pkg = JSON.parse(await readFile(join(target, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('@acme/stage-pdf-text');
    expect(JSON.stringify(pkg)).not.toContain('@jobintel/source');
    expect(await readFile(join(target, 'src', 'stage.ts'), 'utf8')).toContain("STAGE_NAME = 'pdf-text'");
    expect(await readFile(join(target, 'tsup.config.ts'), 'utf8')).not.toContain('../../');

    // The copy depends on the published shape of runner-core and manifest-sink: build them, then link
    // them and the tools into the copy's node_modules as an install would.
    const tsupCli = join(pkgDir('tsup'), 'dist', 'cli-default.js');
    for (const dep of ['runner-core', 'manifest-sink']) {
      execFileSync(process.execPath, [tsupCli], { cwd: join(packageDir, '..', dep), stdio: 'pipe' });
    }
    const modules = join(target, 'node_modules');
    await mkdir(join(modules, '@jobintel'), { recursive: true });
    await mkdir(join(modules, '@types'), { recursive: true });
    await symlink(join(packageDir, '..', 'runner-core'), join(modules, '@jobintel', 'runner-core'));
    await symlink(join(packageDir, '..', 'manifest-sink'), join(modules, '@jobintel', 'manifest-sink'));
    for (const tool of ['zod', 'vitest', 'tsup', 'typescript'])
      await symlink(pkgDir(tool), join(modules, tool));
    await symlink(pkgDir('@types/node'), join(modules, '@types', 'node'));

    const build = spawnSync(process.execPath, [tsupCli], { cwd: target, encoding: 'utf8' });
    expect(build.status, build.stderr + build.stdout).toBe(0);
    expect(existsSync(join(target, 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(target, 'dist', 'worker.js'))).toBe(true);

    const vitestCli = join(pkgDir('vitest'), 'vitest.mjs');
    const test = spawnSync(process.execPath, [vitestCli, 'run'], {
      cwd: target,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    expect(test.status, test.stdout + test.stderr).toBe(0);
    const plain = test.stdout.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
    expect(plain).toMatch(/Tests\s+10 passed/);
  }, 240_000);
});
