// Writes the committed JSON Schemas (config and run report); a test fails when they are stale.
import { writeFileSync } from 'node:fs';
import { configJsonSchema, reportJsonSchema } from '../src/config/json-schema.js';

const dir = new URL('../schemas/', import.meta.url);
writeFileSync(new URL('jobintel.config.schema.json', dir), configJsonSchema());
writeFileSync(new URL('run-report.schema.json', dir), reportJsonSchema());
console.log('wrote schemas/jobintel.config.schema.json and schemas/run-report.schema.json');
