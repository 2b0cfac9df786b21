// Keywords that OpenAI's strict mode (and other providers' schema enforcement) may reject. The
// answer is validated against the full zod schema anyway; the prompt text carries the full schema.
const CONSTRAINTS = [
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
] as const;

/**
 * The portable subset of a JSON Schema for an API's schema enforcement: every object strict with all
 * properties required (as zod emits them), minus length, range and count constraints. Array bounds
 * move into the description so the model still sees them.
 */
export function strictSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const source = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if ((CONSTRAINTS as readonly string[]).includes(key)) continue;
    // `properties` maps names to schemas; every other object-valued keyword is itself a schema
    out[key] =
      key === 'properties' && typeof value === 'object' && value !== null
        ? Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, strictSchema(sub)]))
        : strictSchema(value);
  }
  const bounds = [
    typeof source.minItems === 'number' ? `at least ${source.minItems}` : '',
    typeof source.maxItems === 'number' ? `at most ${source.maxItems}` : '',
  ].filter(Boolean);
  if (bounds.length > 0) {
    const note = `${bounds.join(', ')} items`;
    out.description = typeof source.description === 'string' ? `${source.description} (${note})` : note;
  }
  return out;
}
