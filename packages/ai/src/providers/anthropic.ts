import { z } from 'zod';
import { AiError, AiErrorCode } from '../errors.js';
import type { ProviderAdapter } from './types.js';

const responseSchema = z.object({
  type: z.literal('message'),
  model: z.string().optional(),
  content: z.array(
    z.looseObject({
      type: z.string(),
      text: z.string().optional(),
      name: z.string().optional(),
      input: z.unknown().optional(),
    }),
  ),
  stop_reason: z.string().nullish(),
  usage: z.record(z.string(), z.unknown()).nullish(),
});

/**
 * Anthropic Messages. Structured output is a forced tool call whose `input_schema` is the answer's
 * schema (the API validates the tool input's shape); `structuredOutput: 'prompt'` asks for JSON text.
 * The API has no seed parameter.
 */
export const anthropicAdapter: ProviderAdapter = {
  api: 'anthropic-messages',
  path: '/messages',
  headers: (apiKey, config) => ({ 'x-api-key': apiKey, 'anthropic-version': config.anthropicVersion }),
  body(request, config, model) {
    const { schema } = request;
    const useTool = config.structuredOutput !== 'prompt';
    return {
      model,
      system: request.system,
      messages: request.messages,
      max_tokens: request.maxOutputTokens,
      temperature: config.temperature,
      ...(useTool
        ? {
            tools: [{ name: schema.name, description: schema.description, input_schema: schema.jsonSchema }],
            tool_choice: { type: 'tool', name: schema.name },
          }
        : {}),
    };
  },
  parse(json) {
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) throw new AiError(AiErrorCode.InvalidResponse, 'not an Anthropic Messages response');
    const { content, stop_reason: stop } = parsed.data;
    const tool = content.find((block) => block.type === 'tool_use');
    const text = tool
      ? JSON.stringify(tool.input ?? null)
      : content
          .filter((block) => block.type === 'text')
          .map((block) => block.text ?? '')
          .join('');
    return {
      text: tool || text.length > 0 ? text : undefined,
      refusal: stop === 'refusal' ? 'the model refused' : undefined,
      truncated: stop === 'max_tokens',
      model: parsed.data.model,
      usage: parsed.data.usage ?? undefined,
    };
  },
};
