import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { configJsonSchema, reportJsonSchema } from './json-schema.js';

const schemas = new URL('../../schemas/', import.meta.url);

it.each([
  ['jobintel.config.schema.json', configJsonSchema],
  ['run-report.schema.json', reportJsonSchema],
])(
  'the committed %s is up to date (regenerate: pnpm --filter @jobintel/daily schemas)',
  async (file, make) => {
    // compared as JSON, so formatting the file (biome) does not make it stale
    expect(JSON.parse(await readFile(new URL(file, schemas), 'utf8'))).toEqual(JSON.parse(make()));
  },
);
