import { describe, expect, it } from 'vitest';
import { createLlmClient, type LlmClientDeps } from '../src/client.js';
import { type AiConfigInput, parseAiConfig } from '../src/config.js';
import { AiError, AiErrorCode } from '../src/errors.js';
import type { ChatRequest } from '../src/providers/types.js';
import { type ReplayStep, startReplayServer } from './replay-server.js';
import { anthropicToolResponse, openAiResponse } from './responses.js';
import { budget, testAccounting } from './tracker.js';

const KEY = 'sk-test-5b1d2c9e7f0a';
const request: ChatRequest = {
  system: 'Reply with JSON.',
  messages: [{ role: 'user', content: 'Say hi as {"greeting": string}.' }],
  schema: {
    name: 'greeting',
    description: 'a greeting',
    jsonSchema: {
      type: 'object',
      properties: { greeting: { type: 'string' } },
      required: ['greeting'],
      additionalProperties: false,
    },
  },
  maxOutputTokens: 300,
};

async function setup(steps: ReplayStep[], config: AiConfigInput = {}, limitUsd?: string) {
  const server = await startReplayServer(steps);
  const { tracker, accounting } = testAccounting(limitUsd === undefined ? {} : { budgets: budget(limitUsd) });
  const delays: number[] = [];
  const deps: LlmClientDeps = {
    accounting,
    apiKey: KEY,
    sleep: async (ms) => {
      delays.push(ms);
    },
    now: () => Date.parse('2026-03-02T10:00:00Z'),
  };
  const client = createLlmClient(
    parseAiConfig({
      model: 'test-model',
      apiKeyEnv: 'TEST_KEY',
      baseUrl: server.url,
      timeoutMs: 2000,
      ...config,
    }),
    deps,
  );
  return { server, tracker, accounting, delays, client };
}

async function failure(promise: Promise<unknown>): Promise<AiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AiError);
  return error as AiError;
}

describe('OpenAI-compatible client', () => {
  it('sends a deterministic structured-output request and settles the real usage', async () => {
    const { server, accounting, client } = await setup([
      { kind: 'json', body: openAiResponse('{"greeting":"hi"}') },
    ]);
    await using _ = server;
    const completion = await client.complete(request);
    expect(completion).toMatchObject({ text: '{"greeting":"hi"}', model: 'test-model', attempts: 1 });
    // 1,000 prompt tokens at $1/M + 200 completion tokens at $2/M = $0.0014
    expect(completion.costNanos).toBe(1_400_000);
    expect(completion.usage).toMatchObject({ inputUncached: 1000, outputText: 200 });
    expect(completion.totalTokens).toBe(1200);

    const [sent] = server.requests;
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.body).toMatchObject({
      model: 'test-model',
      temperature: 0,
      seed: 0,
      max_tokens: 300,
      stream: false,
      messages: [
        { role: 'system', content: 'Reply with JSON.' },
        { role: 'user', content: 'Say hi as {"greeting": string}.' },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'greeting', strict: true } },
    });
    expect(accounting.events.map((e) => e.type)).toEqual(['reserve', 'settle']);
    expect(accounting.events[0]).toMatchObject({
      call: { provider: 'openai', model: 'test-model', api: 'openai-chat', maxOutputTokens: 300 },
    });
    expect(accounting.open()).toEqual([]);
  });

  it('uses json_object mode, max_completion_tokens and extra headers when configured', async () => {
    const { server, client } = await setup([{ kind: 'json', body: openAiResponse('{"greeting":"hi"}') }], {
      structuredOutput: 'json_object',
      maxTokensParam: 'max_completion_tokens',
      seed: 42,
      headers: { 'X-Title': 'JobIntel' },
    });
    await using _ = server;
    await client.complete(request);
    const [sent] = server.requests;
    expect(sent?.body).toMatchObject({
      response_format: { type: 'json_object' },
      max_completion_tokens: 300,
      seed: 42,
    });
    expect(sent?.body).not.toHaveProperty('max_tokens');
    expect(sent?.headers['x-title']).toBe('JobIntel');
  });

  it('waits as long as Retry-After says on 429 (seconds), then succeeds', async () => {
    const { server, accounting, delays, client } = await setup([
      { kind: 'json', status: 429, body: { error: 'slow down' }, headers: { 'retry-after': '3' } },
      { kind: 'json', body: openAiResponse('{"greeting":"hi"}') },
    ]);
    await using _ = server;
    const completion = await client.complete(request);
    expect(completion.attempts).toBe(2);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(3000);
    expect(delays[0]).toBeLessThanOrEqual(3000 + 500);
    expect(accounting.events.map((e) => e.type)).toEqual(['reserve', 'release', 'reserve', 'settle']);
    expect(accounting.open()).toEqual([]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const { server, delays, client } = await setup([
      { kind: 'json', status: 503, body: {}, headers: { 'retry-after': 'Mon, 02 Mar 2026 10:00:05 GMT' } },
      { kind: 'json', body: openAiResponse('{"greeting":"hi"}') },
    ]);
    await using _ = server;
    await client.complete(request);
    expect(delays[0]).toBeGreaterThanOrEqual(5000);
  });

  it('gives up at once when Retry-After is beyond the cap', async () => {
    const { server, accounting, delays, client } = await setup(
      [{ kind: 'json', status: 429, body: {}, headers: { 'retry-after': '3600' } }],
      { maxRetryAfterMs: 10_000 },
    );
    await using _ = server;
    const error = await failure(client.complete(request));
    expect(error.code).toBe(AiErrorCode.RateLimited);
    expect(error.message).toMatch(/exceeds the cap/);
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(accounting.events.map((e) => e.type)).toEqual(['reserve', 'release']);
  });

  it('retries 500s with seeded backoff and fails with AI_SERVER_ERROR when they persist', async () => {
    const steps: ReplayStep[] = [0, 1, 2].map(() => ({ kind: 'json', status: 500, body: { error: 'boom' } }));
    const first = await setup(steps, { retries: 2, seed: 7 });
    const second = await setup(steps, { retries: 2, seed: 7 });
    await using _a = first.server;
    await using _b = second.server;
    const error = await failure(first.client.complete(request));
    await failure(second.client.complete(request));
    expect(error.code).toBe(AiErrorCode.ServerError);
    expect(error.details).toMatchObject({ status: 500 });
    expect(first.server.requests).toHaveLength(3);
    // exponential (500, 1000) jittered down by up to half; the same seed gives the same delays
    expect(first.delays).toHaveLength(2);
    expect(first.delays[0]).toBeGreaterThanOrEqual(250);
    expect(first.delays[0]).toBeLessThanOrEqual(500);
    expect(first.delays[1]).toBeGreaterThanOrEqual(500);
    expect(first.delays[1]).toBeLessThanOrEqual(1000);
    expect(second.delays).toEqual(first.delays);
    expect(first.accounting.count('reserve')).toBe(3);
    expect(first.accounting.count('release')).toBe(3);
    expect(first.accounting.count('settle')).toBe(0);
    expect(first.accounting.open()).toEqual([]);
  });

  it('treats a 200 whose body is not JSON as an invalid response, without retrying', async () => {
    const { server, accounting, client } = await setup([{ kind: 'raw', body: '{"choices": [ {"mess' }]);
    await using _ = server;
    const error = await failure(client.complete(request));
    expect(error.code).toBe(AiErrorCode.InvalidResponse);
    expect(server.requests).toHaveLength(1);
    expect(accounting.events.map((e) => e.type)).toEqual(['reserve', 'release']);
  });

  it('treats a JSON body of the wrong shape as an invalid response', async () => {
    const { server, accounting, client } = await setup([{ kind: 'json', body: { hello: 'world' } }]);
    await using _ = server;
    expect((await failure(client.complete(request))).code).toBe(AiErrorCode.InvalidResponse);
    expect(accounting.open()).toEqual([]);
  });

  it('settles a wrong-shaped body that still reports usage', async () => {
    const { server, accounting, client } = await setup([
      {
        kind: 'json',
        body: { choices: [], usage: { prompt_tokens: 10, completion_tokens: 0, total_tokens: 10 } },
      },
    ]);
    await using _ = server;
    const error = await failure(client.complete(request));
    expect(error.code).toBe(AiErrorCode.InvalidResponse);
    expect(error.details?.costNanos).toBe(10_000);
    expect(accounting.events.map((e) => e.type)).toEqual(['reserve', 'settle']);
  });

  it('retries a response cut midway as a network error', async () => {
    const full = JSON.stringify(openAiResponse('{"greeting":"hi"}'));
    const { server, accounting, client } = await setup([
      { kind: 'cut', body: full, bytes: 40 },
      { kind: 'json', body: openAiResponse('{"greeting":"hi"}') },
    ]);
    await using _ = server;
    const completion = await client.complete(request);
    expect(completion.text).toBe('{"greeting":"hi"}');
    expect(accounting.events.map((e) => e.type)).toEqual(['reserve', 'release', 'reserve', 'settle']);
  });

  it('fails with AI_NETWORK when every attempt is cut', async () => {
    const full = JSON.stringify(openAiResponse('{"greeting":"hi"}'));
    const { server, accounting, client } = await setup([{ kind: 'cut', body: full, bytes: 40 }], {
      retries: 0,
    });
    await using _ = server;
    expect((await failure(client.complete(request))).code).toBe(AiErrorCode.Network);
    expect(accounting.events.map((e) => e.type)).toEqual(['reserve', 'release']);
  });

  it('retries a refused connection as a network error', async () => {
    const { server, accounting, client } = await setup([], { retries: 1 });
    await server.close();
    const error = await failure(client.complete(request));
    expect(error.code).toBe(AiErrorCode.Network);
    expect(error.retryable).toBe(true);
    expect(accounting.events.map((e) => e.type)).toEqual(['reserve', 'release', 'reserve', 'release']);
  });

  it('times out a response that is too slow to start', async () => {
    const { server, accounting, client } = await setup(
      [{ kind: 'slow', delayMs: 5000, reply: { kind: 'json', body: openAiResponse('{"greeting":"late"}') } }],
      { timeoutMs: 150, retries: 0 },
    );
    await using _ = server;
    const error = await failure(client.complete(request));
    expect(error.code).toBe(AiErrorCode.Timeout);
    expect(error.retryable).toBe(true);
    expect(accounting.events.map((e) => e.type)).toEqual(['reserve', 'release']);
  });

  it('times out a body that never finishes, and retries timeouts', async () => {
    const { server, accounting, client } = await setup(
      [
        { kind: 'slow-body', delayMs: 5000, body: openAiResponse('{"greeting":"late"}') },
        { kind: 'json', body: openAiResponse('{"greeting":"hi"}') },
      ],
      { timeoutMs: 150, retries: 1 },
    );
    await using _ = server;
    const completion = await client.complete(request);
    expect(completion.attempts).toBe(2);
    expect(accounting.events.map((e) => e.type)).toEqual(['reserve', 'release', 'reserve', 'settle']);
  });

  it.each([
    [408, AiErrorCode.ServerError, 2],
    [502, AiErrorCode.ServerError, 2],
    [504, AiErrorCode.ServerError, 2],
    [400, AiErrorCode.HttpError, 1],
    [403, AiErrorCode.HttpError, 1],
    [404, AiErrorCode.HttpError, 1],
  ])('HTTP %i gives %s after %i attempt(s)', async (status, code, attempts) => {
    const { server, accounting, client } = await setup(
      [0, 1].map(() => ({ kind: 'json', status, body: { error: 'x' } }) as ReplayStep),
      { retries: 1 },
    );
    await using _ = server;
    expect((await failure(client.complete(request))).code).toBe(code);
    expect(server.requests).toHaveLength(attempts);
    expect(accounting.count('release')).toBe(attempts);
    expect(accounting.open()).toEqual([]);
  });

  it('does not retry a 401 and never repeats the key quoted in an error body', async () => {
    const { server, accounting, client } = await setup([
      { kind: 'json', status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}` } } },
    ]);
    await using _ = server;
    const error = await failure(client.complete(request));
    expect(error.code).toBe(AiErrorCode.HttpError);
    expect(error.message).toContain('[REDACTED]');
    expect(error.message).not.toContain(KEY);
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
    expect(accounting.open()).toEqual([]);
  });

  it('makes no call when the budget cannot hold the worst case', async () => {
    const { server, accounting, client } = await setup([], {}, '0.000001');
    await using _ = server;
    const error = await failure(client.complete(request));
    expect(error.code).toBe(AiErrorCode.BudgetExceeded);
    expect(error.message).toMatch(/budget "test" exceeded/);
    expect(server.requests).toHaveLength(0);
    expect(accounting.events).toEqual([]);
  });

  it('treats a skip budget that does not fit as budget exceeded, without a request', async () => {
    const server = await startReplayServer([]);
    await using _ = server;
    const { accounting } = testAccounting({
      budgets: [{ id: 'soft', limitUsd: '0.000001', action: 'skip' }],
    });
    const client = createLlmClient(
      parseAiConfig({ model: 'test-model', apiKeyEnv: 'K', baseUrl: server.url }),
      {
        accounting,
        apiKey: KEY,
      },
    );
    const error = await failure(client.complete(request));
    expect(error.code).toBe(AiErrorCode.BudgetExceeded);
    expect(error.message).toMatch(/^skipped: budget "soft"/);
    expect(server.requests).toHaveLength(0);
  });

  it('fails with AI_ACCOUNTING_FAILED, before any request, for a model without a price', async () => {
    const { server, client } = await setup([], { model: 'unpriced-model' });
    await using _ = server;
    const error = await failure(client.complete(request));
    expect(error.code).toBe(AiErrorCode.AccountingFailed);
    expect(error.message).toMatch(/no price for model "unpriced-model"/);
    expect(server.requests).toHaveLength(0);
  });

  it('reserves under the configured provider name', async () => {
    const { server, accounting, client } = await setup([{ kind: 'json', body: openAiResponse('{}') }], {
      providerName: 'openrouter',
    });
    await using _ = server;
    expect(client.provider).toBe('openrouter');
    await client.complete(request);
    expect(accounting.events[0]).toMatchObject({ call: { provider: 'openrouter' } });
  });

  it('aborts a call in flight and releases its reservation', async () => {
    const { server, accounting, client } = await setup([
      { kind: 'slow', delayMs: 5000, reply: { kind: 'json', body: openAiResponse('{}') } },
    ]);
    await using _ = server;
    const controller = new AbortController();
    const pending = client.complete(request, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending);
    expect(error.code).toBe(AiErrorCode.Aborted);
    expect(server.requests).toHaveLength(1);
    expect(accounting.events.map((e) => e.type)).toEqual(['reserve', 'release']);
  });

  it('settles a truncated answer (it was paid for) and reports AI_TRUNCATED', async () => {
    const { server, accounting, client } = await setup([
      { kind: 'json', body: openAiResponse('{"greet', { finishReason: 'length' }) },
    ]);
    await using _ = server;
    const error = await failure(client.complete(request));
    expect(error.code).toBe(AiErrorCode.Truncated);
    expect(error.details?.costNanos).toBe(1_400_000);
    expect(accounting.events.map((e) => e.type)).toEqual(['reserve', 'settle']);
  });

  it('reports a refusal as invalid output, settled', async () => {
    const { server, accounting, client } = await setup([
      { kind: 'json', body: openAiResponse(null, { refusal: 'I cannot help with that.' }) },
    ]);
    await using _ = server;
    const error = await failure(client.complete(request));
    expect(error.code).toBe(AiErrorCode.OutputInvalid);
    expect(error.message).toMatch(/refused/);
    expect(accounting.count('settle')).toBe(1);
  });

  it('keeps the worst case as the cost when the response reports no usage', async () => {
    const { server, tracker, accounting, client } = await setup([
      { kind: 'json', body: openAiResponse('{"greeting":"hi"}', { usage: null }) },
    ]);
    await using _ = server;
    const completion = await client.complete(request);
    const reserve = accounting.events[0];
    if (reserve?.type !== 'reserve') throw new Error('expected a reservation first');
    expect(accounting.events[1]).toMatchObject({ type: 'settle', rawUsage: undefined });
    expect(completion.costNanos).toBe(tracker.worstCase(reserve.call).nanos);
    expect(completion.costNanos).toBeGreaterThan(300 * 2000);
  });

  it('stops retrying when the caller aborts', async () => {
    const controller = new AbortController();
    const server = await startReplayServer([{ kind: 'json', status: 500, body: {} }]);
    await using _ = server;
    const { accounting } = testAccounting();
    const client = createLlmClient(
      parseAiConfig({ model: 'test-model', apiKeyEnv: 'K', baseUrl: server.url, retries: 3 }),
      {
        accounting,
        apiKey: KEY,
        sleep: async () => {
          controller.abort();
          throw new Error('aborted while sleeping');
        },
      },
    );
    const error = await failure(client.complete(request, { signal: controller.signal }));
    expect(error.code).toBe(AiErrorCode.Aborted);
    expect(server.requests).toHaveLength(1);
    expect(accounting.open()).toEqual([]);
  });
});

describe('Anthropic Messages client', () => {
  it('forces a tool whose input is the answer, with the key in x-api-key and no seed', async () => {
    const { server, accounting, client } = await setup(
      [{ kind: 'json', body: anthropicToolResponse('greeting', { greeting: 'hi' }) }],
      { provider: 'anthropic' },
    );
    await using _ = server;
    const completion = await client.complete(request);
    expect(JSON.parse(completion.text)).toEqual({ greeting: 'hi' });
    const [sent] = server.requests;
    expect(sent?.path).toBe('/v1/messages');
    expect(sent?.headers['x-api-key']).toBe(KEY);
    expect(sent?.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.body).toMatchObject({
      model: 'test-model',
      system: 'Reply with JSON.',
      max_tokens: 300,
      temperature: 0,
      tool_choice: { type: 'tool', name: 'greeting' },
      tools: [{ name: 'greeting', input_schema: request.schema.jsonSchema }],
    });
    expect(sent?.body).not.toHaveProperty('seed');
    // Anthropic's input_tokens exclude cache reads: 900 x $1/M + 100 x $0.10/M + 150 x $2/M = $0.00121
    expect(accounting.events[1]).toMatchObject({
      type: 'settle',
      api: 'anthropic-messages',
      costNanos: 1_210_000,
    });
    expect(completion.usage).toMatchObject({ inputUncached: 900, cacheRead: 100, outputText: 150 });
    expect(accounting.events[0]).toMatchObject({
      call: { provider: 'anthropic', api: 'anthropic-messages' },
    });
  });

  it('reports stop_reason max_tokens as truncated', async () => {
    const { server, client } = await setup(
      [{ kind: 'json', body: anthropicToolResponse('greeting', {}, { stopReason: 'max_tokens' }) }],
      { provider: 'anthropic' },
    );
    await using _ = server;
    expect((await failure(client.complete(request))).code).toBe(AiErrorCode.Truncated);
  });

  it('retries 529 overloaded as a server error', async () => {
    const { server, client } = await setup(
      [
        { kind: 'json', status: 529, body: { type: 'error', error: { type: 'overloaded_error' } } },
        { kind: 'json', body: anthropicToolResponse('greeting', { greeting: 'hi' }) },
      ],
      { provider: 'anthropic' },
    );
    await using _ = server;
    expect((await client.complete(request)).attempts).toBe(2);
  });
});
