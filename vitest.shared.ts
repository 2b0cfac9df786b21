import { defineProject } from 'vitest/config';

/** Per-package vitest project: source-first resolution, forks so worker threads and signals behave. */
export function packageProject(name: string, extra: { testTimeout?: number; include?: string[] } = {}) {
  return defineProject({
    resolve: { conditions: ['@jobintel/source'] },
    ssr: { resolve: { conditions: ['@jobintel/source'] } },
    test: {
      name,
      include: extra.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      pool: 'forks',
      // lets memory tests measure retained heap after a forced collection
      execArgv: ['--expose-gc'],
      testTimeout: extra.testTimeout ?? 30_000,
      hookTimeout: 60_000,
    },
  });
}
