import { defineConfig } from 'vitest/config';

// One vitest run covers every package (each is a project) and the end-to-end suite.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tests-e2e'],
  },
});
