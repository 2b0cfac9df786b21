import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StageTemplateError } from './options.js';

export interface ScaffoldOptions {
  /** The new stage's name (kebab-case), e.g. `pdf-text`. */
  name: string;
  /** An empty or missing folder to create the package in. */
  targetDir: string;
  /** The package name; default `@jobintel/stage-<name>`. */
  packageName?: string;
}

const TEMPLATE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEMPLATE_NAME = '@jobintel/stage-template';

/**
 * Copies this template to a new, standalone package: the sources and tests, the README and a
 * package.json under the new name, with build, test and TypeScript configs that no longer refer to the
 * JobIntel monorepo. Renames the package and the stage. Returns the files written.
 */
export async function scaffoldStage(options: ScaffoldOptions): Promise<string[]> {
  const { name } = options;
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    throw new StageTemplateError(
      'STAGE_TEMPLATE_INVALID_OPTIONS',
      `name: expected kebab-case such as "pdf-text" (got ${JSON.stringify(name)})`,
    );
  }
  const packageName = options.packageName ?? `@jobintel/stage-${name}`;
  const target = resolve(options.targetDir);
  const existing = await readdir(target).catch(() => []);
  if (existing.length > 0) {
    throw new StageTemplateError('STAGE_TEMPLATE_TARGET_NOT_EMPTY', `targetDir: ${target} is not empty`);
  }
  await mkdir(target, { recursive: true });
  const written: string[] = [];
  const put = async (file: string, text: string) => {
    await writeFile(join(target, file), text);
    written.push(file);
  };

  await cp(join(TEMPLATE_ROOT, 'src'), join(target, 'src'), { recursive: true });
  for (const file of await readdir(join(target, 'src'))) {
    const path = join(target, 'src', file);
    if (!(await stat(path)).isFile()) continue;
    const text = await readFile(path, 'utf8');
    await writeFile(
      path,
      text.replaceAll("'word-count'", `'${name}'`).replaceAll(TEMPLATE_NAME, packageName),
    );
    written.push(`src/${file}`);
  }

  const pkg = JSON.parse(await readFile(join(TEMPLATE_ROOT, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const exports = pkg.exports as Record<string, Record<string, string> | string>;
  for (const entry of Object.values(exports)) if (typeof entry === 'object') delete entry['@jobintel/source'];
  const scripts = pkg.scripts as Record<string, string>;
  delete scripts.example;
  scripts.test = 'vitest run';
  const devDependencies = {
    tsup: '^9.0.0',
    typescript: '~5.9.3',
    vitest: '^5.1.1',
    '@types/node': '^24.0.0',
  };
  const deps = pkg.dependencies as Record<string, string>;
  for (const dep of Object.keys(deps)) if (deps[dep]?.startsWith('workspace:')) deps[dep] = '^0.1.0';
  await put(
    'package.json',
    `${JSON.stringify({ ...pkg, name: packageName, version: '0.0.0', description: `The ${name} stage.`, devDependencies }, null, 2)}\n`,
  );
  await put(
    'tsconfig.json',
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2023',
          lib: ['ES2023'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: ['node'],
          strict: true,
          noUncheckedIndexedAccess: true,
          verbatimModuleSyntax: true,
          erasableSyntaxOnly: true,
          skipLibCheck: true,
          noEmit: true,
        },
        include: ['src', '*.ts'],
      },
      null,
      2,
    )}\n`,
  );
  await put(
    'tsup.config.ts',
    `import { defineConfig } from 'tsup';\n\n// the worker is its own entry: the cpu policy loads it in worker threads\nexport default defineConfig({\n  entry: { index: 'src/index.ts', worker: 'src/worker.ts', scaffold: 'src/scaffold.ts' },\n  format: ['esm'],\n  target: 'node22',\n  dts: true,\n  sourcemap: true,\n  clean: true,\n});\n`,
  );
  await put(
    'vitest.config.ts',
    `import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({\n  test: { include: ['src/**/*.test.ts'], exclude: ['src/scaffold.test.ts'], pool: 'forks', testTimeout: 60_000 },\n});\n`,
  );
  const readme = await readFile(join(TEMPLATE_ROOT, 'README.md'), 'utf8');
  await put(
    'README.md',
    readme.replaceAll(TEMPLATE_NAME, packageName).replace(/^# .*$/m, `# ${packageName}`),
  );
  return written.sort();
}
