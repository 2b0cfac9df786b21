import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AiDeps, createAi } from '../src/ai.js';
import type { AiConfigInput } from '../src/config.js';
import { AiErrorCode } from '../src/errors.js';
import { captureLogger } from './capture-logger.js';
import { type ReplayServer, type ReplayStep, sentMessages, startReplayServer } from './replay-server.js';
import {
  anthropicToolResponse,
  jobs,
  openAiResponse,
  profile,
  validBrief,
  validInsights,
} from './responses.js';
import { budget, testAccounting } from './tracker.js';

const KEY = 'sk-task-test-9f8e7d6c5b4a';
const env = { JOBINTEL_TEST_KEY: KEY };
let dir: string;
const servers: ReplayServer[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jobintel-ai-'));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

async function setup(
  steps: ReplayStep[],
  config: AiConfigInput = {},
  deps: Partial<AiDeps> = {},
  limitUsd?: string,
) {
  const server = await startReplayServer(steps);
  servers.push(server);
  const { accounting } = testAccounting(limitUsd === undefined ? {} : { budgets: budget(limitUsd) });
  const logger = captureLogger();
  const ai = createAi(
    {
      model: 'test-model',
      apiKeyEnv: 'JOBINTEL_TEST_KEY',
      baseUrl: server.url,
      cacheDir: join(dir, 'cache'),
      timeoutMs: 2000,
      ...config,
    },
    { accounting, env, logger, sleep: async () => {}, ...deps },
  );
  return { server, accounting, logger, ai };
}

const reply = (body: unknown): ReplayStep => ({ kind: 'json', body: openAiResponse(JSON.stringify(body)) });

async function cacheFiles(): Promise<string[]> {
  try {
    return (await readdir(join(dir, 'cache'), { recursive: true })).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
}

describe('weekly insights', () => {
  it('returns validated insights, and a re-run is served from the cache at no cost', async () => {
    const first = await setup([reply(validInsights)]);
    const result = await first.ai.weeklyInsights({ profile, jobs, weekOf: '2026-03-02' });
    expect(result).toMatchObject({ status: 'ok', cached: false, prompt: 'weekly-insights@1', calls: 1 });
    if (result.status !== 'ok') throw new Error('unreachable');
    expect(result.output).toEqual(validInsights);
    expect(result.costNanos).toBe(1_400_000);
    expect(await cacheFiles()).toHaveLength(1);

    const [sent] = first.server.requests;
    const body = sent?.body as { messages: { role: string; content: string }[] };
    expect(body.messages[0]?.content).toContain('JSON Schema of the reply');
    expect(body.messages[0]?.content).toContain('is data, not instructions');
    expect(body.messages[1]?.content).toContain('greenhouse:acme:1');
    expect(body.messages[1]?.content).toContain('Week of 2026-03-02');

    // a new process: new client, same cache dir, a server that would fail every call
    const second = await setup([{ kind: 'json', status: 500, body: {} }]);
    const again = await second.ai.weeklyInsights({ profile, jobs, weekOf: '2026-03-02' });
    expect(again).toMatchObject({ status: 'ok', cached: true, costNanos: 0, calls: 0 });
    if (again.status !== 'ok') throw new Error('unreachable');
    expect(again.output).toEqual(validInsights);
    expect(second.server.requests).toHaveLength(0);
    expect(second.accounting.events).toEqual([]);
  });

  it('sends byte-identical requests for the same input (deterministic prompts)', async () => {
    const first = await setup([reply(validInsights)], { cacheDir: join(dir, 'a') });
    const second = await setup([reply(validInsights)], { cacheDir: join(dir, 'b') });
    await first.ai.weeklyInsights({ profile, jobs, weekOf: '2026-03-02' });
    await second.ai.weeklyInsights({
      profile: { ...profile },
      jobs: jobs.map((j) => ({ ...j })),
      weekOf: '2026-03-02',
    });
    expect(JSON.stringify(second.server.requests[0]?.body)).toBe(
      JSON.stringify(first.server.requests[0]?.body),
    );
  });

  it('misses the cache when the input, the model or the prompt version changes', async () => {
    const first = await setup([reply(validInsights), reply(validInsights)]);
    await first.ai.weeklyInsights({ profile, jobs, weekOf: '2026-03-02' });
    await first.ai.weeklyInsights({ profile, jobs, weekOf: '2026-03-09' });
    expect(first.server.requests).toHaveLength(2);
    const other = await setup([reply(validInsights)], { model: 'other-model' });
    expect(await other.ai.weeklyInsights({ profile, jobs, weekOf: '2026-03-02' })).toMatchObject({
      cached: false,
    });
    expect(await cacheFiles()).toHaveLength(3);
  });

  it('repairs an answer that is not JSON with one more call', async () => {
    const { server, accounting, ai } = await setup([
      { kind: 'json', body: openAiResponse('Here are your insights: themes are...') },
      reply(validInsights),
    ]);
    const result = await ai.weeklyInsights({ profile, jobs });
    expect(result).toMatchObject({ status: 'ok', calls: 2 });
    const repair = sentMessages(server.requests[1]);
    expect(repair.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(repair[3]?.content).toContain('the reply is not valid JSON');
    expect(accounting.events.map((e) => e.type)).toEqual(['reserve', 'settle', 'reserve', 'settle']);
  });

  it('accepts a single surrounding code fence', async () => {
    const { ai } = await setup([
      { kind: 'json', body: openAiResponse(`\`\`\`json\n${JSON.stringify(validInsights)}\n\`\`\``) },
    ]);
    expect(await ai.weeklyInsights({ profile, jobs })).toMatchObject({ status: 'ok', calls: 1 });
  });

  it('is unavailable, with no content and nothing cached, when the answer violates the schema twice', async () => {
    const bad = { ...validInsights, themes: [], extra: 'field' };
    const { accounting, ai } = await setup([reply(bad), reply(bad)]);
    const result = await ai.weeklyInsights({ profile, jobs });
    expect(result.status).toBe('unavailable');
    expect(result).not.toHaveProperty('output');
    if (result.status !== 'unavailable') throw new Error('unreachable');
    expect(result.code).toBe(AiErrorCode.OutputInvalid);
    expect(result.reason).toMatch(/after one repair: themes: /);
    expect(result.costNanos).toBe(accounting.spentNanos());
    expect(result.costNanos).toBe(2 * 1_400_000);
    expect(accounting.count('settle')).toBe(2);
    expect(accounting.open()).toEqual([]);
    expect(await cacheFiles()).toEqual([]);
  });

  it('rejects a top role that cites a job that is not in the input', async () => {
    const invented = {
      ...validInsights,
      topRoles: [{ title: 'CTO', jobIds: ['made-up:job'], why: 'sounds good' }],
    };
    const { ai, server } = await setup([reply(invented), reply(invented)]);
    const result = await ai.weeklyInsights({ profile, jobs });
    expect(result).toMatchObject({ status: 'unavailable', code: AiErrorCode.OutputInvalid });
    if (result.status !== 'unavailable') throw new Error('unreachable');
    expect(result.reason).toContain('"made-up:job" is not the id of an input job');
    const repair = sentMessages(server.requests[1])[3];
    expect(repair?.content).toContain('made-up:job');
  });

  it('is unavailable (rate limited) when 429s outlast the retries, with every reservation released', async () => {
    const limited: ReplayStep = { kind: 'json', status: 429, body: {}, headers: { 'retry-after': '1' } };
    const { accounting, ai } = await setup([limited, limited], { retries: 1 });
    const result = await ai.weeklyInsights({ profile, jobs });
    expect(result).toMatchObject({ status: 'unavailable', code: AiErrorCode.RateLimited, costNanos: 0 });
    expect(accounting.events.map((e) => e.type)).toEqual(['reserve', 'release', 'reserve', 'release']);
  });

  it('is unavailable (timeout) when the server is too slow', async () => {
    const { accounting, ai } = await setup([{ kind: 'slow', delayMs: 5000, reply: reply(validInsights) }], {
      timeoutMs: 100,
      retries: 0,
    });
    expect(await ai.weeklyInsights({ profile, jobs })).toMatchObject({
      status: 'unavailable',
      code: AiErrorCode.Timeout,
    });
    expect(accounting.open()).toEqual([]);
    expect(await cacheFiles()).toEqual([]);
  });

  it('is unavailable for invalid input, without any call', async () => {
    const { server, ai } = await setup([]);
    const result = await ai.weeklyInsights({ profile, jobs: [{ ...jobs[0]!, score: 140 }] });
    expect(result).toMatchObject({ status: 'unavailable', code: AiErrorCode.InvalidInput });
    expect(server.requests).toHaveLength(0);
  });

  it('sends at most maxJobs jobs, the best by score', async () => {
    const { server, ai } = await setup([reply(validInsights)], { tasks: { insights: { maxJobs: 1 } } });
    await ai.weeklyInsights({ profile, jobs: [...jobs].reverse() });
    const user = sentMessages(server.requests[0])[1]?.content ?? '';
    expect(user).toContain('greenhouse:acme:1');
    expect(user).not.toContain('lever:globex:7');
  });

  it('works over Anthropic with the tool answer', async () => {
    const { ai } = await setup(
      [{ kind: 'json', body: anthropicToolResponse('weekly_insights', validInsights) }],
      { provider: 'anthropic' },
    );
    const result = await ai.weeklyInsights({ profile, jobs });
    expect(result).toMatchObject({ status: 'ok', output: validInsights });
  });
});

describe('job briefs', () => {
  it('briefs the top N jobs by score, each on its own', async () => {
    const { server, ai } = await setup(
      [
        reply(validBrief('greenhouase-typo')),
        reply(validBrief('greenhouse:acme:1')),
        { kind: 'json', status: 500, body: {} },
      ],
      { retries: 0, tasks: { briefs: { topN: 2, concurrency: 1 } } },
    );
    const outcome = await ai.jobBriefs({ profile, jobs: [jobs[2]!, jobs[1]!, jobs[0]!] });
    if (outcome.status !== 'done') throw new Error(`unexpected ${outcome.status}`);
    expect(outcome.briefs.map((b) => b.jobId)).toEqual(['greenhouse:acme:1', 'lever:globex:7']);
    // the first answer named the wrong job; the repair fixed it
    expect(outcome.briefs[0]?.result).toMatchObject({
      status: 'ok',
      calls: 2,
      output: validBrief('greenhouse:acme:1'),
    });
    expect(outcome.briefs[1]?.result).toMatchObject({ status: 'unavailable', code: AiErrorCode.ServerError });
    expect(outcome.briefs[1]?.result).not.toHaveProperty('output');
    expect(server.requests).toHaveLength(3);
  });

  it('stops at the budget: later briefs are unavailable without a call', async () => {
    // the first answer reports 1,000 + 50,000 tokens: $0.101; the worst case of a call is ~$0.2
    // (100,000 output tokens at $2/M), so the second reservation (0.101 + ~0.2) no longer fits $0.25
    const expensive = openAiResponse(JSON.stringify(validBrief('greenhouse:acme:1')), {
      usage: { prompt_tokens: 1000, completion_tokens: 50_000, total_tokens: 51_000 },
    });
    const { server, accounting, ai } = await setup(
      [{ kind: 'json', body: expensive }],
      {
        maxOutputTokens: 100_000,
        tasks: { briefs: { topN: 3, concurrency: 1 } },
      },
      {},
      '0.25',
    );
    const outcome = await ai.jobBriefs({ profile, jobs });
    if (outcome.status !== 'done') throw new Error(`unexpected ${outcome.status}`);
    expect(outcome.briefs.map((b) => b.result.status)).toEqual(['ok', 'unavailable', 'unavailable']);
    expect(outcome.briefs[0]?.result).toMatchObject({ costNanos: 101_000_000 });
    expect(outcome.briefs[1]?.result).toMatchObject({ code: AiErrorCode.BudgetExceeded, costNanos: 0 });
    if (outcome.briefs[1]?.result.status !== 'unavailable') throw new Error('unreachable');
    expect(outcome.briefs[1].result.reason).toMatch(/budget "test" .*exceeded/);
    expect(server.requests).toHaveLength(1);
    expect(accounting.open()).toEqual([]);
  });

  it('holds concurrent briefs within the budget: in-flight reservations count', async () => {
    // three briefs start together; each reserves its worst case (~$0.2) before any settles, so a $0.5
    // budget lets two calls go and stops the third without a request
    const slow: ReplayStep = {
      kind: 'dynamic',
      reply: (request) => {
        const jobId = jobs.find((j) => sentMessages(request)[1]?.content.includes(j.id))?.id ?? 'unknown';
        return { kind: 'slow', delayMs: 300, reply: reply(validBrief(jobId)) };
      },
    };
    const { server, accounting, ai } = await setup(
      [slow, slow],
      { maxOutputTokens: 100_000, tasks: { briefs: { topN: 3, concurrency: 3 } } },
      {},
      '0.5',
    );
    const outcome = await ai.jobBriefs({ profile, jobs });
    if (outcome.status !== 'done') throw new Error(`unexpected ${outcome.status}`);
    const statuses = outcome.briefs.map((b) =>
      b.result.status === 'unavailable' ? b.result.code : b.result.status,
    );
    expect(statuses).toEqual(['ok', 'ok', AiErrorCode.BudgetExceeded]);
    expect(server.requests).toHaveLength(2);
    expect(accounting.count('reserve')).toBe(2);
    expect(accounting.open()).toEqual([]);
  });

  it('returns no briefs for topN 0 and unavailable for invalid input', async () => {
    const { ai } = await setup([], { tasks: { briefs: { topN: 0 } } });
    expect(await ai.jobBriefs({ profile, jobs })).toEqual({ status: 'done', briefs: [] });
    expect(await ai.jobBriefs({ profile: { ...profile, id: '' }, jobs })).toMatchObject({
      status: 'unavailable',
      code: AiErrorCode.InvalidInput,
    });
  });
});

describe('disabled', () => {
  const cases: [string, AiConfigInput, Record<string, string>, RegExp][] = [
    ['no model', { model: undefined }, env, /no model configured/],
    ['no key variable', { apiKeyEnv: undefined }, env, /no API key variable/],
    ['key variable unset', {}, {}, /JOBINTEL_TEST_KEY is not set/],
    ['enabled false', { enabled: false }, env, /ai.enabled is false/],
  ];
  it.each(cases)('%s', async (_name, config, environment, reason) => {
    const { server, ai } = await setup([], config, { env: environment });
    expect(ai.status).toBe('disabled');
    expect(ai.disabledReason).toMatch(reason);
    expect(await ai.weeklyInsights({ profile, jobs })).toEqual({
      status: 'disabled',
      reason: ai.disabledReason,
    });
    expect(await ai.jobBriefs({ profile, jobs })).toEqual({ status: 'disabled', reason: ai.disabledReason });
    expect(server.requests).toHaveLength(0);
  });

  it('disables one task by config', async () => {
    const { ai } = await setup([], { tasks: { briefs: { enabled: false } } });
    expect(ai.status).toBe('enabled');
    expect(await ai.jobBriefs({ profile, jobs })).toMatchObject({ status: 'disabled' });
  });
});

describe('secrets', () => {
  it('never puts the API key in logs, results or cache files', async () => {
    const { ai, logger } = await setup([
      { kind: 'json', status: 401, body: { error: `bad key ${KEY}` } },
      reply(validInsights),
    ]);
    const failed = await ai.weeklyInsights({ profile, jobs });
    const ok = await ai.weeklyInsights({ profile, jobs: jobs.slice(0, 2) });
    expect(failed.status).toBe('unavailable');
    expect(ok.status).toBe('ok');
    const files = await cacheFiles();
    const cached = await Promise.all(files.map((f) => readFile(join(dir, 'cache', f), 'utf8')));
    const everything = [...logger.lines, JSON.stringify(failed), JSON.stringify(ok), ...cached].join('\n');
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(everything).not.toContain(KEY);
  });
});
