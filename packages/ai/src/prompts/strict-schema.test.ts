import { describe, expect, it } from 'vitest';
import { strictSchema } from './strict-schema.js';

describe('strictSchema', () => {
  it('drops constraints, keeps structure, and notes array bounds in the description', () => {
    const input = {
      type: 'object',
      properties: {
        minItems: { type: 'string', minLength: 1, maxLength: 10 },
        list: {
          type: 'array',
          minItems: 1,
          maxItems: 3,
          description: 'things',
          items: { type: 'number', minimum: 0 },
        },
        open: { type: 'array', maxItems: 2, items: { type: 'string', pattern: '^a' } },
      },
      required: ['minItems', 'list', 'open'],
      additionalProperties: false,
    };
    expect(strictSchema(input)).toEqual({
      type: 'object',
      properties: {
        minItems: { type: 'string' },
        list: {
          type: 'array',
          description: 'things (at least 1, at most 3 items)',
          items: { type: 'number' },
        },
        open: { type: 'array', description: 'at most 2 items', items: { type: 'string' } },
      },
      required: ['minItems', 'list', 'open'],
      additionalProperties: false,
    });
  });
});
