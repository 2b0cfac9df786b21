import { defineConfig } from 'vitest/config';

// One vitest run covers every package (each is a project) and the end-to-end suite.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'tests-e2e/vitest.config.ts'],
  },
});
