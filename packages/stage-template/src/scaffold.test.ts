import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scaffoldStage } from './scaffold.js';

const require = createRequire(import.meta.url);
const templateDir = fileURLToPath(new URL('..', import.meta.url));
const packagesDir = join(templateDir, '..');
/** A package's folder, resolved as the template resolves it (so the same versions). */
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

const temps: string[] = [];
const tempDir = async (prefix: string) => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

/** Runs a tool's JS entry point with this Node (no shell), in a clean environment. */
function node(args: string[], cwd: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' };
  // the child is a separate project: nothing of this vitest process or of the source condition leaks in
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'NODE_OPTIONS') delete env[key];
  const result = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
  return {
    status: result.status,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ?? ''}`,
  };
}

describe('scaffoldStage', () => {
  it('copies the template under a new name, renaming the package, the stage and its identifiers', async () => {
    const target = join(await tempDir('scaffold-rename-'), 'stage-pdf-text');
    const result = await scaffoldStage({ name: 'pdf-text', targetDir: target });
    expect(result).toMatchObject({
      packageName: '@jobintel/stage-pdf-text',
      stageName: 'pdf-text',
      targetDir: target,
    });
    expect(result.files).toEqual(
      expect.arrayContaining([
        '.gitignore',
        'LICENSE',
        'README.md',
        'examples/run.ts',
        'package.json',
        'scripts/make-demo-texts.mjs',
        'src/index.ts',
        'src/run.test.ts',
        'src/stage.ts',
        'src/worker.ts',
        'tsconfig.json',
        'tsup.config.ts',
        'vitest.config.ts',
      ]),
    );
    expect(result.files.filter((f) => f.includes('scaffold'))).toEqual([]);

    const pkg = JSON.parse(await readFile(join(target, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: '@jobintel/stage-pdf-text', version: '0.1.0', type: 'module' });
    expect(Object.keys(pkg.exports)).toEqual(['.', './package.json']);
    expect(pkg.dependencies['@jobintel/runner-core']).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies).toHaveProperty('tsup');

    const stage = await readFile(join(target, 'src', 'stage.ts'), 'utf8');
    expect(stage).toContain("export const STAGE_NAME = 'pdf-text';");
    expect(stage).toContain('export function createPdfTextStage(');
    const index = await readFile(join(target, 'src', 'index.ts'), 'utf8');
    expect(index).toContain('runPdfText');
    expect(index).toContain('PdfTextError');
    expect(await readFile(join(target, 'src', 'worker.ts'), 'utf8')).toContain("'PDF_TEXT_INPUT_MISSING'");
    expect(await readFile(join(target, 'examples', 'run.ts'), 'utf8')).toContain(
      "from '@jobintel/stage-pdf-text'",
    );
    const readme = await readFile(join(target, 'README.md'), 'utf8');
    expect(readme.split('\n')[0]).toBe('# @jobintel/stage-pdf-text');

    // nothing refers to the template or to the monorepo any more
    for (const file of result.files.filter((f) => f !== 'LICENSE')) {
      const text = await readFile(join(target, file), 'utf8');
      // (the README says where the copy came from, once)
      const rest = file === 'README.md' ? text.replace('`@jobintel/stage-template`', '') : text;
      expect(rest, file).not.toMatch(
        /@jobintel\/stage-template|StageTemplate|STAGE_TEMPLATE|WordCount|word-count/,
      );
      expect(text, file).not.toMatch(
        /\.\.\/\.\.\/|@jobintel\/source|tsup\.base|vitest\.shared|tsconfig\.base/,
      );
    }
  });

  it('uses workspace ranges inside the monorepo when asked, and the given package name', async () => {
    const target = join(await tempDir('scaffold-ws-'), 'x');
    await scaffoldStage({ name: 'geo-code', targetDir: target, packageName: '@acme/geo', workspace: true });
    const pkg = JSON.parse(await readFile(join(target, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('@acme/geo');
    expect(pkg.dependencies).toMatchObject({
      '@jobintel/runner-core': 'workspace:^',
      zod: expect.any(String),
    });
    expect(await readFile(join(target, 'src', 'stage.ts'), 'utf8')).toContain('createGeoCodeStage');
  });

  it('rejects bad names and a folder that is not empty, naming the field', async () => {
    const dir = await tempDir('scaffold-bad-');
    const reject = (options: unknown) => scaffoldStage(options as never).catch((e: unknown) => e);
    expect(await reject({ name: 'Bad Name', targetDir: join(dir, 'x') })).toMatchObject({
      code: 'STAGE_TEMPLATE_INVALID_OPTIONS',
      message: expect.stringMatching(/name: expected kebab-case/),
    });
    expect(await reject({ name: 'stage', targetDir: join(dir, 'x') })).toMatchObject({
      message: expect.stringMatching(/name: this name would clash/),
    });
    expect(await reject({ name: 'ok', targetDir: join(dir, 'x'), packageName: 'Not Valid' })).toMatchObject({
      message: expect.stringMatching(/packageName: expected an npm package name/),
    });
    expect(await reject({ name: 'ok', targetDir: '' })).toMatchObject({
      message: expect.stringMatching(/targetDir/),
    });
    await writeFile(join(dir, 'occupied'), 'x');
    expect(await reject({ name: 'ok', targetDir: dir })).toMatchObject({
      code: 'STAGE_TEMPLATE_TARGET_NOT_EMPTY',
      message: expect.stringMatching(/targetDir: .* is not empty/),
    });
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('makes a copy that typechecks, builds and passes its own tests outside the monorepo', async () => {
    const root = await tempDir('scaffold-build-');
    const target = join(root, 'stage-pdf-text');
    await scaffoldStage({ name: 'pdf-text', targetDir: target, packageName: '@acme/stage-pdf-text' });

    // Install by hand, as a registry install would: runner-core and manifest-sink as built packages
    // (built here into the copy's node_modules, leaving the workspace's own dist folders alone), the
    // third-party dependencies and tools linked from the workspace.
    const modules = join(target, 'node_modules');
    const tsup = join(packageDir('tsup'), 'dist', 'cli-default.js');
    for (const dep of ['runner-core', 'manifest-sink']) {
      const installed = join(modules, '@jobintel', dep);
      await mkdir(installed, { recursive: true });
      const pkg = JSON.parse(await readFile(join(packagesDir, dep, 'package.json'), 'utf8'));
      for (const entry of Object.values(pkg.exports as Record<string, Record<string, string> | string>)) {
        if (typeof entry === 'object') delete entry['@jobintel/source'];
      }
      await writeFile(join(installed, 'package.json'), JSON.stringify(pkg, null, 2));
      const built = node([tsup, '--out-dir', join(installed, 'dist'), '--silent'], join(packagesDir, dep));
      expect(built.status, `building ${dep}: ${built.output}`).toBe(0);
    }
    for (const tool of ['zod', 'tsup', 'typescript', 'vitest', '@types/node']) {
      await mkdir(dirname(join(modules, tool)), { recursive: true });
      await symlink(packageDir(tool), join(modules, tool), 'dir');
    }

    const typecheck = node([join(packageDir('typescript'), 'bin', 'tsc'), '-p', 'tsconfig.json'], target);
    expect(typecheck.status, typecheck.output).toBe(0);

    const build = node([tsup], target);
    expect(build.status, build.output).toBe(0);
    for (const file of ['index.js', 'index.d.ts', 'worker.js'])
      expect(existsSync(join(target, 'dist', file)), file).toBe(true);
    expect(existsSync(join(target, 'dist', 'scaffold.js'))).toBe(false);
    expect(JSON.parse(await readFile(join(target, 'package.json'), 'utf8')).name).toBe(
      '@acme/stage-pdf-text',
    );

    const test = node([join(packageDir('vitest'), 'vitest.mjs'), 'run'], target);
    expect(test.status, test.output).toBe(0);
    expect(test.output).toMatch(/Tests\s+\d+ passed/);
    expect(test.output).not.toMatch(/failed|skipped/i);

    // the built package, imported by name, runs its worker from dist/worker.js on threads
    const texts = join(root, 'texts');
    await cp(join(templateDir, 'README.md'), join(texts, 'readme.md'));
    // a script file, as a user's program would be
    await writeFile(
      join(target, 'smoke.mjs'),
      `import { runPdfText } from '@acme/stage-pdf-text';
const r = await runPdfText({ inputDir: ${JSON.stringify(texts)}, outputDir: ${JSON.stringify(join(root, 'out'))} }, { concurrency: 1 });
const { status, policy, stopReason, errors } = r.outcome;
console.log(JSON.stringify({ status, policy, words: r.summary.words, stopReason, errors }));
`,
    );
    const smoke = node(['smoke.mjs'], target);
    expect(smoke.status, smoke.output).toBe(0);
    const line = JSON.parse(smoke.output.trim().split('\n').at(-1)!);
    expect(line, smoke.output).toMatchObject({ status: 'succeeded', policy: 'cpu' });
    expect(line.words).toBeGreaterThan(100);
  }, 300_000);
});
