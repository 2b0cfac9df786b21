import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAi } from '../src/ai.js';
import { createLlmClient } from '../src/client.js';
import { type AiConfigInput, parseAiConfig } from '../src/config.js';
import { AiError, AiErrorCode } from '../src/errors.js';
import type { ChatRequest } from '../src/providers/types.js';
import { type ReplayStep, startReplayServer } from './replay-server.js';
import { jobs, profile } from './responses.js';
import { testAccounting } from './tracker.js';

// Real recorded provider responses, read at run time from ../shared (never copied into the repo).
const dir = fileURLToPath(new URL('../../../../shared/fixtures/llm/responses/', import.meta.url));
const present = existsSync(dir);
if (!present) console.warn(`skipping recorded-response replays: ${dir} is absent`);

const load = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const fixtures = (kind: (body: Record<string, unknown>) => boolean): string[] =>
  present
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json') && !f.startsWith('_'))
        .filter((f) => {
          const body = load(f);
          return !Array.isArray(body) && kind(body);
        })
    : [];
const chatFixtures = fixtures((b) => b.object === 'chat.completion');
const messageFixtures = fixtures((b) => b.type === 'message');

const request: ChatRequest = {
  system: 'Answer.',
  messages: [{ role: 'user', content: 'Hello' }],
  schema: { name: 'answer', description: 'an answer', jsonSchema: { type: 'object' } },
  maxOutputTokens: 4096,
};

// Pinned prices (USD per million tokens) for the golden costs below; any other model is priced at the
// fallback, so every recorded response settles.
const PINNED = {
  'gpt-4.1-nano-2025-04-14': { input: 0.1, cacheRead: 0.025, output: 0.4 },
  'claude-sonnet-4-5-20250929': { input: 3, cacheRead: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6, output: 15 },
};
const FALLBACK = { input: 1, cacheRead: 0.1, cacheWrite5m: 1.25, cacheWrite1h: 2, output: 2, reasoning: 2 };

async function replay(steps: ReplayStep[], config: AiConfigInput & { model: string }) {
  const server = await startReplayServer(steps);
  const { accounting } = testAccounting({ prices: PINNED, fallback: FALLBACK });
  const client = createLlmClient(parseAiConfig({ apiKeyEnv: 'K', baseUrl: server.url, ...config }), {
    accounting,
    apiKey: 'sk-replay',
    sleep: async () => {},
  });
  return { server, accounting, client };
}

describe.skipIf(!present)('replaying recorded responses', () => {
  it('finds the recorded Chat Completions and Messages responses', () => {
    expect(chatFixtures).toContain('openai__openai-text.json');
    expect(messageFixtures).toContain('anthropic__anthropic-text.json');
  });

  it.each(chatFixtures)(
    'Chat Completions %s: the answer text and the usage object reach their places',
    async (name) => {
      const body = load(name);
      const { server, accounting, client } = await replay([{ kind: 'json', body }], {
        structuredOutput: 'prompt',
        model: String(body.model),
      });
      await using _ = server;
      const choice = (body.choices as { message: { content: string | null } }[])[0]!;
      const completion = await client.complete(request);
      expect(completion.text).toBe(choice.message.content);
      expect(completion.model).toBe(body.model);
      expect(accounting.events.map((e) => e.type)).toEqual(['reserve', 'settle']);
      expect(accounting.events[1]).toMatchObject({
        type: 'settle',
        api: 'openai-chat',
        rawUsage: body.usage,
      });
    },
  );

  it.each(messageFixtures)(
    'Anthropic Messages %s: answered or refused with a code, always accounted',
    async (name) => {
      const body = load(name);
      const { server, accounting, client } = await replay([{ kind: 'json', body }], {
        provider: 'anthropic',
        model: String(body.model),
      });
      await using _ = server;
      const outcome = await client.complete(request).catch((e: unknown) => e);
      if (outcome instanceof AiError) {
        expect([AiErrorCode.OutputInvalid, AiErrorCode.Truncated]).toContain(outcome.code);
      } else {
        expect((outcome as { text: string }).text.length).toBeGreaterThan(0);
      }
      expect(accounting.open()).toEqual([]);
      const settled = accounting.events.find((e) => e.type === 'settle');
      if (settled) expect(settled).toMatchObject({ api: 'anthropic-messages', rawUsage: body.usage });
    },
  );

  it('reads the text of the recorded Anthropic answer', async () => {
    const body = load('anthropic__anthropic-text.json');
    const { server, client } = await replay([{ kind: 'json', body }], {
      provider: 'anthropic',
      structuredOutput: 'prompt',
      model: String(body.model),
    });
    await using _ = server;
    const completion = await client.complete(request);
    expect(completion.text).toBe((body.content as { text: string }[])[0]?.text);
    // 12 input tokens at $3/M + 29 output tokens at $15/M = $0.000036 + $0.000435
    expect(completion.costNanos).toBe(471_000);
    expect(completion.usage).toMatchObject({ inputUncached: 12, outputText: 29 });
  });

  it('serves the recorded answer after a scripted 429 and 500', async () => {
    const body = load('openai__openai-text.json');
    const { server, accounting, client } = await replay(
      [
        { kind: 'json', status: 429, body: {}, headers: { 'retry-after': '1' } },
        { kind: 'json', status: 500, body: {} },
        { kind: 'json', body },
      ],
      { structuredOutput: 'prompt', model: String(body.model) },
    );
    await using _ = server;
    const completion = await client.complete(request);
    expect(completion.attempts).toBe(3);
    // 16 prompt tokens at $0.10/M + 363 completion tokens at $0.40/M = $0.0000016 + $0.0001452
    expect(completion.costNanos).toBe(146_800);
    expect(accounting.events.map((e) => e.type)).toEqual([
      'reserve',
      'release',
      'reserve',
      'release',
      'reserve',
      'settle',
    ]);
  });

  it('a recorded prose answer to a JSON task is unavailable after the repair, paid and not cached', async () => {
    const body = load('openai__openai-text.json');
    const server = await startReplayServer([
      { kind: 'json', body },
      { kind: 'json', body },
    ]);
    await using _ = server;
    const cacheDir = await mkdtemp(join(tmpdir(), 'jobintel-ai-fixture-'));
    try {
      const { accounting } = testAccounting({ prices: PINNED, fallback: FALLBACK });
      const ai = createAi(
        { model: String(body.model), apiKeyEnv: 'K', baseUrl: server.url, cacheDir },
        { accounting, env: { K: 'sk-replay' } },
      );
      const result = await ai.weeklyInsights({ profile, jobs });
      expect(result).toMatchObject({ status: 'unavailable', code: AiErrorCode.OutputInvalid });
      expect(result).not.toHaveProperty('output');
      expect(JSON.stringify(result)).not.toContain('Galaxy');
      if (result.status !== 'unavailable') throw new Error('unreachable');
      expect(result.costNanos).toBe(2 * 146_800);
      expect(accounting.spentNanos()).toBe(2 * 146_800);
      expect(accounting.count('settle')).toBe(2);
      expect(await readdir(cacheDir)).toEqual([]);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
