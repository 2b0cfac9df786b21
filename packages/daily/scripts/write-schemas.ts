// Writes the committed JSON Schemas (config and run report), formatted as biome formats them; a test
// fails when they are stale.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configJsonSchema, reportJsonSchema } from '../src/config/json-schema.js';

const dir = new URL('../schemas/', import.meta.url);
const files = [
  [new URL('jobintel.config.schema.json', dir), configJsonSchema()],
  [new URL('run-report.schema.json', dir), reportJsonSchema()],
] as const;
for (const [url, text] of files) writeFileSync(url, text);
const biome = fileURLToPath(new URL('../../../node_modules/.bin/biome', import.meta.url));
execFileSync(biome, ['format', '--write', ...files.map(([url]) => fileURLToPath(url))], { stdio: 'ignore' });
console.log('wrote schemas/jobintel.config.schema.json and schemas/run-report.schema.json');
