import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@jobintel/source'] },
  ssr: { resolve: { conditions: ['@jobintel/source'] } },
  test: {
    name: 'e2e',
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
