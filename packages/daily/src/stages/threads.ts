// Where a stage's worker-thread module is, built or from source. From source (this monorepo's tests)
// threads need the source condition and the .js -> .ts hook.
const fromSource = import.meta.url.endsWith('.ts');

export function threadModule(name: string): URL {
  return new URL(fromSource ? `./${name}.ts` : `./${name}.js`, import.meta.url);
}

export const workerExecArgv: string[] | undefined = fromSource
  ? [
      '--conditions=@jobintel/source',
      '--import',
      new URL('../../../../scripts/register-source.mjs', import.meta.url).pathname,
    ]
  : undefined;
