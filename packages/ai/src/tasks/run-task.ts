import type { Logger } from '@jobintel/runner-core';
import { type AiCacheStore, cacheKey } from '../cache.js';
import type { LlmClient } from '../client.js';
import { AiError, AiErrorCode } from '../errors.js';
import {
  fullJsonSchema,
  outputSchema,
  type PromptTemplate,
  promptKey,
  withSchema,
} from '../prompts/template.js';
import type { ChatMessage } from '../providers/types.js';
import type { TaskResult } from './result.js';

export interface TaskContext {
  client: LlmClient;
  cache: AiCacheStore;
  logger: Logger;
  maxOutputTokens: number;
  signal?: AbortSignal | undefined;
}

const MAX_REPAIR_ECHO_CHARS = 8000;

/** Parse and judge an answer text: the output, or the problems to send back in the repair prompt. */
export function validateAnswer<I, O>(
  template: PromptTemplate<I, O>,
  input: I,
  text: string,
): { ok: true; output: O } | { ok: false; problems: string[] } {
  // A single surrounding code fence is the one wrapper models add even when told not to.
  const unfenced = text.trim().replace(/^```(?:json)?\s*\n([\s\S]*?)\n?```$/, '$1');
  let json: unknown;
  try {
    json = JSON.parse(unfenced);
  } catch {
    return { ok: false, problems: ['the reply is not valid JSON'] };
  }
  const parsed = template.output.schema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    };
  }
  const problems = template.check(parsed.data, input);
  return problems.length === 0 ? { ok: true, output: parsed.data } : { ok: false, problems };
}

/**
 * Run one guarded task: cache lookup, one call, one repair retry when the answer fails validation,
 * cache write on success. Never throws and never returns unvalidated content.
 */
export async function runGuardedTask<I, O>(
  template: PromptTemplate<I, O>,
  input: I,
  ctx: TaskContext,
): Promise<TaskResult<O>> {
  const prompt = promptKey(template);
  const { client, cache } = ctx;
  const key = cacheKey({ prompt, provider: client.provider, model: client.model, input });
  const logger = ctx.logger.child({ task: template.id, prompt, cacheKey: key.slice(0, 16) });
  let costNanos = 0;
  const unavailable = (code: AiErrorCode, reason: string): TaskResult<O> => {
    logger.warn({ event: 'ai.task_unavailable', code, reason, costNanos }, 'ai task unavailable');
    return { status: 'unavailable', code, reason, prompt, costNanos };
  };

  try {
    const hit = await cache.get(key).catch((error: unknown) => {
      logger.warn({ event: 'ai.cache_read_failed', err: error }, 'ai cache read failed; calling the model');
      return undefined;
    });
    if (hit) {
      const checked = validateAnswer(template, input, JSON.stringify(hit.output));
      if (checked.ok)
        return {
          status: 'ok',
          output: checked.output,
          cached: true,
          prompt,
          model: hit.model,
          costNanos: 0,
          calls: 0,
        };
      logger.warn(
        { event: 'ai.cache_entry_invalid', problems: checked.problems },
        'ignoring an invalid cache entry',
      );
    }

    const erased = template as PromptTemplate<unknown, unknown>;
    const schema = outputSchema(erased);
    const system = withSchema(template.system, fullJsonSchema(erased));
    const messages: ChatMessage[] = [{ role: 'user', content: template.render(input) }];
    const ask = async () => {
      const completion = await client.complete(
        { system, messages, schema, maxOutputTokens: ctx.maxOutputTokens },
        { signal: ctx.signal },
      );
      costNanos += completion.costNanos;
      return { completion, checked: validateAnswer(template, input, completion.text) };
    };
    let { completion, checked } = await ask();
    let calls = 1;
    if (!checked.ok) {
      const problems = checked.problems.slice(0, 20);
      logger.info({ event: 'ai.repair', problems }, 'answer failed validation; asking once for a repair');
      messages.push(
        { role: 'assistant', content: completion.text.slice(0, MAX_REPAIR_ECHO_CHARS) },
        {
          role: 'user',
          content: `Your reply is invalid:\n- ${problems.join('\n- ')}\nReply again with only the corrected JSON object.`,
        },
      );
      ({ completion, checked } = await ask());
      calls = 2;
    }
    if (!checked.ok) {
      const problems = checked.problems.slice(0, 20).join('; ');
      return unavailable(AiErrorCode.OutputInvalid, `answer failed validation after one repair: ${problems}`);
    }
    const output = checked.output;
    // the served model (often a dated snapshot) is what a cache hit reports later
    await cache.set({ key, prompt, model: completion.model, output }).catch((error: unknown) => {
      logger.warn({ event: 'ai.cache_write_failed', err: error }, 'ai cache write failed');
    });
    return { status: 'ok', output, cached: false, prompt, model: completion.model, costNanos, calls };
  } catch (error) {
    if (error instanceof AiError) {
      const spent = error.details?.costNanos;
      if (typeof spent === 'number') costNanos += spent;
      return unavailable(error.code, error.message);
    }
    return unavailable(AiErrorCode.Unexpected, error instanceof Error ? error.message : String(error));
  }
}
