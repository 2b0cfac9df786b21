import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { StageTemplateError, StageTemplateErrorCode } from './options.js';

/** The package this file belongs to: `src/..` from source, `dist/..` built. */
const TEMPLATE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEMPLATE_PACKAGE = '@jobintel/stage-template';
const TEMPLATE_STAGE = 'word-count';
/** Folders copied (recursively) and files copied, relative to the template's root. */
const COPIED_DIRS = ['src', 'examples', 'scripts'];
const COPIED_FILES = ['LICENSE'];
/** The scaffolder itself stays behind: a new stage is not a template. */
const LEFT_OUT = new Set(['src/scaffold.ts', 'src/scaffold.test.ts']);
/** Names whose identifiers would collide with runner-core's (`stage` → `runStage`, `parseStageOptions`…). */
const RESERVED = new Set(['stage', 'pipeline', 'runner', 'coded', 'retryable', 'manifest', 'memory-sink']);

/** Tool versions a standalone copy builds and tests with (the monorepo's root devDependencies). */
const DEV_DEPENDENCIES = {
  '@types/node': '^24.0.0',
  tsup: '^9.0.0',
  typescript: '~5.9.3',
  vitest: '^5.1.1',
};

const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

export const scaffoldOptionsSchema = z.strictObject({
  /** The new stage's name, kebab-case: its `name` in the runner and the base of its identifiers. */
  name: z
    .string()
    .regex(NAME, 'expected kebab-case starting with a letter, such as "pdf-text"')
    .refine((n) => !RESERVED.has(n), 'this name would clash with runner-core identifiers; choose another'),
  /** The folder to create the package in: missing or empty. */
  targetDir: z.string().min(1, 'expected the folder to create the package in'),
  /** The npm package name; default `@jobintel/stage-<name>`. */
  packageName: z.string().max(214).regex(PACKAGE_NAME, 'expected an npm package name').optional(),
  /**
   * `true` inside the JobIntel monorepo: depend on `@jobintel/*` with `workspace:^`. Default `false`:
   * depend on the published versions, so the copy installs and builds anywhere.
   */
  workspace: z.boolean().default(false),
});
export type ScaffoldOptions = z.input<typeof scaffoldOptionsSchema>;

export interface ScaffoldResult {
  packageName: string;
  stageName: string;
  targetDir: string;
  /** The files written, relative to `targetDir`, sorted. */
  files: string[];
}

/** `pdf-text` → `PdfText`, `pdfText`, `PDF_TEXT`. */
function identifiers(name: string) {
  const parts = name.split('-');
  const pascal = parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
  return {
    pascal,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    upper: parts.join('_').toUpperCase(),
  };
}

/**
 * The renaming applied to every copied text file: the package name, the stage name, the identifiers
 * derived from both (`createWordCountStage` → `createPdfTextStage`, `StageTemplateError` →
 * `PdfTextError`, `STAGE_TEMPLATE_INPUT_MISSING` → `PDF_TEXT_INPUT_MISSING`).
 */
function renamer(stageName: string, packageName: string): (text: string) => string {
  const id = identifiers(stageName);
  // a placeholder keeps the new package name out of the later replacements
  const placeholder = '\u0000package\u0000';
  return (text) =>
    text
      .replaceAll(TEMPLATE_PACKAGE, placeholder)
      .replaceAll('STAGE_TEMPLATE_', `${id.upper}_`)
      .replaceAll('StageTemplate', id.pascal)
      .replaceAll('WordCount', id.pascal)
      .replaceAll('wordCount', id.camel)
      .replaceAll('WORD_COUNT', id.upper)
      .replaceAll(TEMPLATE_STAGE, stageName)
      .replaceAll(placeholder, packageName);
}

async function listFilesUnder(root: string, folder: string): Promise<string[]> {
  const entries = await readdir(join(root, folder), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const rel = `${folder}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFilesUnder(root, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Copies this template to a new stage package that stands on its own: the sources and their tests,
 * the example and the demo-text script, the README, and a package.json under the new name, with
 * `tsconfig.json`, `tsup.config.ts` and `vitest.config.ts` that no longer refer to the JobIntel
 * monorepo. Renames the package, the stage and the identifiers derived from them. The copy builds
 * (`tsup`) and passes its tests (`vitest run`) as it is; then make it do your stage's work.
 * This is what `jobintel stage new <name>` runs.
 */
export async function scaffoldStage(input: ScaffoldOptions): Promise<ScaffoldResult> {
  const parsed = scaffoldOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`);
    throw new StageTemplateError(
      StageTemplateErrorCode.InvalidOptions,
      `invalid scaffold options: ${problems.join('; ')}`,
      { details: { problems } },
    );
  }
  const { name, workspace } = parsed.data;
  const packageName = parsed.data.packageName ?? `@jobintel/stage-${name}`;
  const target = resolve(parsed.data.targetDir);
  const existing = await readdir(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (existing.length > 0) {
    throw new StageTemplateError(
      StageTemplateErrorCode.TargetNotEmpty,
      `targetDir: ${target} is not empty; scaffold into a new folder`,
    );
  }

  const rename = renamer(name, packageName);
  const files: string[] = [];
  const write = async (rel: string, text: string) => {
    await mkdir(dirname(join(target, rel)), { recursive: true });
    await writeFile(join(target, rel), text);
    files.push(rel);
  };

  for (const folder of COPIED_DIRS) {
    for (const rel of await listFilesUnder(TEMPLATE_ROOT, folder)) {
      if (LEFT_OUT.has(rel)) continue;
      await write(rel, rename(await readFile(join(TEMPLATE_ROOT, rel), 'utf8')));
    }
  }
  for (const rel of COPIED_FILES) {
    await mkdir(target, { recursive: true });
    await copyFile(join(TEMPLATE_ROOT, rel), join(target, rel));
    files.push(rel);
  }

  // the template's README, renamed, without the part about copying the template
  const templateReadme = await readFile(join(TEMPLATE_ROOT, 'README.md'), 'utf8');
  const cut = templateReadme.indexOf('\n## Make your own stage');
  const readme = `${rename(cut === -1 ? templateReadme : templateReadme.slice(0, cut))
    .replace(
      // the title and the paragraph that says this is the template
      /^# .*\n\n(?:.+\n)+/,
      `# ${packageName}\n\nThe \`${name}\` stage, scaffolded from \`${TEMPLATE_PACKAGE}\`: it still counts words.\n` +
        'Replace the plan, the worker and the tests with your stage’s work; keep the shape.\n',
    )
    .replaceAll('](../runner-core)', '](https://www.npmjs.com/package/@jobintel/runner-core)')
    .trimEnd()}

## Authoring

The step-by-step guide (plan, worker, fingerprint, options, outputs, hooks, tests, pipelines) is
\`docs/authoring-a-stage.md\` in the JobIntel repository.
`;
  await write('README.md', readme);

  await write('package.json', json(packageJson(await readTemplatePackage(), packageName, name, workspace)));
  // the example imports the package by name; `paths` lets it typecheck against the sources, unbuilt
  const tsconfig = {
    ...TSCONFIG,
    compilerOptions: { ...TSCONFIG.compilerOptions, paths: { [packageName]: ['./src/index.ts'] } },
  };
  await write('tsconfig.json', json(tsconfig));
  await write('tsup.config.ts', TSUP_CONFIG);
  await write('vitest.config.ts', VITEST_CONFIG);
  await write('.gitignore', 'node_modules/\ndist/\n.jobintel/\n');

  return { packageName, stageName: name, targetDir: target, files: files.sort() };
}

interface PackageJson {
  [key: string]: unknown;
  exports: Record<string, Record<string, string> | string>;
  dependencies: Record<string, string>;
}

async function readTemplatePackage(): Promise<PackageJson> {
  return JSON.parse(await readFile(join(TEMPLATE_ROOT, 'package.json'), 'utf8')) as PackageJson;
}

/** The copy's package.json: renamed, one entry point, no source condition, standalone scripts. */
function packageJson(template: PackageJson, packageName: string, name: string, workspace: boolean) {
  const require = createRequire(join(TEMPLATE_ROOT, 'package.json'));
  const dependencies: Record<string, string> = {};
  for (const [dep, range] of Object.entries(template.dependencies)) {
    if (!range.startsWith('workspace:')) dependencies[dep] = range;
    else if (workspace) dependencies[dep] = 'workspace:^';
    else {
      // the monorepo's own packages: depend on the version installed beside the template
      const { version } = require(`${dep}/package.json`) as { version: string };
      dependencies[dep] = `^${version}`;
    }
  }
  const { '.': main } = template.exports;
  const entry = typeof main === 'object' ? { types: main.types, import: main.import } : main;
  return {
    name: packageName,
    version: '0.1.0',
    description: `The ${name} stage for @jobintel/runner-core.`,
    license: template.license,
    type: 'module',
    sideEffects: false,
    exports: { '.': entry, './package.json': './package.json' },
    main: template.main,
    types: template.types,
    files: ['dist', 'src', '!src/**/*.test.ts', 'README.md'],
    engines: template.engines,
    scripts: {
      build: 'tsup',
      typecheck: 'tsc -p tsconfig.json',
      test: 'vitest run',
      example: 'tsup && node examples/run.ts',
    },
    dependencies,
    devDependencies: DEV_DEPENDENCIES,
  };
}

/** The monorepo's tsconfig.base.json, inlined (minus the source condition only the monorepo uses). */
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2023',
    lib: ['ES2023'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    types: ['node'],
    strict: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    erasableSyntaxOnly: true,
    esModuleInterop: true,
    skipLibCheck: true,
    resolveJsonModule: true,
    noEmit: true,
  },
  include: ['src', 'examples', '*.ts'],
};

/** The monorepo's tsup.base.ts, inlined. */
const TSUP_CONFIG = `import { defineConfig } from 'tsup';

// The worker is its own entry: the cpu policy loads dist/worker.js (beside dist/index.js) in threads.
export default defineConfig({
  entry: { index: 'src/index.ts', worker: 'src/worker.ts' },
  format: ['esm'],
  target: 'node22',
  platform: 'node',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: false,
  treeshake: true,
});
`;

/** The monorepo's vitest.shared.ts, inlined. */
const VITEST_CONFIG = `import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // forks: worker threads and signals behave as in production
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
`;
