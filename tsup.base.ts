import { defineConfig, type Options } from 'tsup';

/**
 * The one build config every package shares: ESM, typed, Node 22 target, sourcemaps.
 * A package's tsup.config.ts is a one-liner that names its entry points.
 */
export function packageConfig(entry: Options['entry'] = ['src/index.ts'], extra: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm'],
    target: 'node22',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    ...extra,
  });
}
