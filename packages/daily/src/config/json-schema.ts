import { z } from 'zod';
import { runReportSchema } from '../report/schema.js';
import { jobintelConfigSchema } from './schema.js';

const render = (schema: z.ZodType, id: string, title: string) =>
  `${JSON.stringify({ $id: id, title, ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) }, null, 2)}\n`;

/** The JSON Schema of `jobintel.config.yaml`, for editors (`jobintel config schema`). */
export function configJsonSchema(): string {
  return render(
    jobintelConfigSchema,
    'https://jobintel.dev/schema/jobintel.config.json',
    'JobIntel configuration',
  );
}

/** The JSON Schema of the run report (`report.json`). */
export function reportJsonSchema(): string {
  return render(runReportSchema, 'https://jobintel.dev/schema/run-report.json', 'JobIntel run report');
}
