import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  computeCost,
  createPriceTable,
  createUsageAccumulator,
  type NormalizedUsage,
  normalizeResponseUsage,
  normalizeUsage,
  USAGE_BUCKETS,
} from '@jobintel/token-tracker';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { examples } from '../help.js';
import { line, printJson } from '../io.js';
import { table } from '../render/table.js';

const modelOf = (event: unknown): string | undefined => {
  if (typeof event !== 'object' || event === null) return undefined;
  const e = event as { model?: unknown; message?: { model?: unknown }; response?: { model?: unknown } };
  const m = e.model ?? e.message?.model ?? e.response?.model;
  return typeof m === 'string' ? m : undefined;
};

/**
 * The usage of a recorded response: a JSON body (or a bare usage object), else a stream, one event
 * per line (SSE `data:` lines or JSON Lines).
 */
function usageOf(text: string, provider: string, model: string | undefined) {
  const options = { provider, ...(model ? { model } : {}) };
  let body: unknown;
  let isJson = true;
  try {
    body = JSON.parse(text);
  } catch {
    isJson = false;
  }
  if (isJson) {
    const usage = normalizeResponseUsage(body, options) ?? normalizeUsage(body, options);
    return { usage, model: model ?? modelOf(body), kind: 'body' as const };
  }
  const acc = createUsageAccumulator(options);
  let found = model;
  let events = 0;
  for (const raw of text.split(/\r?\n/)) {
    const l = raw.trim();
    if (!l || l.startsWith('event:') || l.startsWith(':') || l.startsWith('id:') || l.startsWith('retry:'))
      continue;
    const data = l.startsWith('data:') ? l.slice(5).trim() : l;
    if (data === '[DONE]') continue;
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      throw new UsageError(
        `line "${data.slice(0, 40)}" is not JSON`,
        'pass a JSON response body, or a stream of JSON events (SSE `data:` lines or JSON Lines)',
      );
    }
    events++;
    found ??= modelOf(event);
    acc.push(event);
  }
  const usage = acc.result();
  if (!usage) {
    throw new UsageError(
      `none of the ${events} events carries usage`,
      'record the stream with usage enabled (OpenAI: stream_options.include_usage)',
    );
  }
  return { usage, model: found, kind: 'stream' as const };
}

export function registerTokens(program: Command, ctx: CommandContext): void {
  const tokens = program.command('tokens').description('LLM token usage and cost');
  examples(tokens, ['jobintel tokens usage openai response.json']);
  tokens
    .command('usage')
    .description('the usage buckets and cost of one recorded LLM response')
    .argument('<provider>', 'the API the response came from (openai, anthropic, gemini, xai, deepseek, ...)')
    .argument('<response-file>', 'a JSON response body, or a recorded stream (SSE or JSON Lines)')
    .option('-m, --model <model>', 'the model to price (default: the one the response names)')
    .option('--json', 'print {usage, cost} as JSON')
    .addHelpText(
      'after',
      `
Prices are the built-in table (USD per million tokens); an unknown model is an error, never $0.

Examples:
  $ jobintel tokens usage openai response.json
  $ jobintel tokens usage anthropic stream.sse --model claude-sonnet-4-5 --json`,
    )
    .action(async (provider: string, file: string, options: { model?: string; json?: boolean }) => {
      const { io } = ctx;
      let text: string;
      try {
        text = await readFile(resolve(io.cwd, file), 'utf8');
      } catch (error) {
        throw new UsageError(
          `cannot read ${file}: ${(error as Error).message}`,
          'pass the path of an existing file',
        );
      }
      const { usage, model, kind } = usageOf(text, provider, options.model);
      if (!model) throw new UsageError('the response names no model', 'pass the model with --model');
      const cost = computeCost(usage as NormalizedUsage, model, createPriceTable(), { provider });
      if (options.json) {
        printJson(io.stdout, { provider, model, source: kind, usage, cost });
        return;
      }
      const lines = new Map(cost.parts.flatMap((p) => p.lines).map((l) => [l.bucket, l]));
      line(io.stdout, `${provider} ${model} (${usage.format}, ${kind})`);
      line(
        io.stdout,
        table(
          ['bucket', 'tokens', 'usd/M', 'cost usd'],
          [
            ...USAGE_BUCKETS.map((b) => [
              b,
              usage.buckets[b],
              lines.get(b)?.usdPerMillion ?? '-',
              lines.has(b) ? ((lines.get(b)?.nanos ?? 0) / 1e9).toFixed(9) : '-',
            ]),
            ['total', usage.total, '', cost.usd],
          ],
        ),
      );
      for (const w of [...usage.warnings, ...cost.warnings])
        line(io.stderr, `warning: ${w.code}: ${w.message}`);
    });
}
