import { z } from 'zod';
import { AiError, AiErrorCode } from '../errors.js';
import type { ProviderAdapter } from './types.js';

const responseSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: z.record(z.string(), z.unknown()).nullish(),
});

/** OpenAI Chat Completions, which OpenRouter, Ollama, vLLM and most proxies also speak. */
export const openAiChatAdapter: ProviderAdapter = {
  api: 'openai-chat',
  path: '/chat/completions',
  headers: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
  body(request, config, model) {
    const { schema } = request;
    const responseFormat =
      config.structuredOutput === 'json_schema'
        ? { type: 'json_schema', json_schema: { name: schema.name, strict: true, schema: schema.jsonSchema } }
        : config.structuredOutput === 'json_object'
          ? { type: 'json_object' }
          : undefined;
    return {
      model,
      messages: [{ role: 'system', content: request.system }, ...request.messages],
      temperature: config.temperature,
      seed: config.seed,
      [config.maxTokensParam]: request.maxOutputTokens,
      stream: false,
      ...(responseFormat ? { response_format: responseFormat } : {}),
    };
  },
  parse(json) {
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) {
      throw new AiError(
        AiErrorCode.InvalidResponse,
        'not a Chat Completions response (no choices[0].message)',
      );
    }
    const choice = parsed.data.choices[0]!;
    return {
      text: choice.message.content ?? undefined,
      refusal: choice.message.refusal ?? undefined,
      truncated: choice.finish_reason === 'length',
      model: parsed.data.model,
      usage: parsed.data.usage ?? undefined,
    };
  },
};
