import { describe, expect, it } from 'vitest';
import { aiConfigSchema, parseAiConfig, resolveBaseUrl } from './config.js';
import { AiError, AiErrorCode } from './errors.js';

describe('ai config', () => {
  it('defaults to a deterministic, bounded, disabled-until-configured setup', () => {
    const config = parseAiConfig({});
    expect(config).toMatchObject({
      enabled: true,
      provider: 'openai-compatible',
      structuredOutput: 'json_schema',
      temperature: 0,
      seed: 0,
      retries: 2,
      maxRetryAfterMs: 60_000,
      cacheDir: '.jobintel/ai-cache',
      tasks: { insights: { enabled: true, maxJobs: 20 }, briefs: { enabled: true, topN: 5, concurrency: 2 } },
    });
    expect(config.model).toBeUndefined();
    expect(config.apiKeyEnv).toBeUndefined();
    expect(parseAiConfig(undefined)).toEqual(config);
  });

  it('resolves the base URL per provider and drops a trailing slash', () => {
    expect(resolveBaseUrl(parseAiConfig({}))).toBe('https://api.openai.com/v1');
    expect(resolveBaseUrl(parseAiConfig({ provider: 'anthropic' }))).toBe('https://api.anthropic.com/v1');
    expect(resolveBaseUrl(parseAiConfig({ baseUrl: 'http://127.0.0.1:11434/v1/' }))).toBe(
      'http://127.0.0.1:11434/v1',
    );
  });

  it('names every problem with its path', () => {
    const error = (() => {
      try {
        parseAiConfig({ provider: 'gemini', retries: -1, tasks: { briefs: { topN: 'five' } }, extra: 1 });
      } catch (e) {
        return e;
      }
    })() as AiError;
    expect(error).toBeInstanceOf(AiError);
    expect(error.code).toBe(AiErrorCode.InvalidConfig);
    expect(error.message).toMatch(/provider: /);
    expect(error.message).toMatch(/retries: /);
    expect(error.message).toMatch(/tasks\.briefs\.topN: /);
    expect(error.message).toMatch(/\(root\): Unrecognized key/);
    expect(error.details?.problems).toHaveLength(4);
  });

  it('refuses a key pasted where the variable name belongs, without echoing it', () => {
    const key = 'sk-proj-abc123-secret';
    expect(() => parseAiConfig({ apiKeyEnv: key })).toThrow(
      /apiKeyEnv: must be the name of an environment variable/,
    );
    try {
      parseAiConfig({ apiKeyEnv: key });
    } catch (e) {
      expect(JSON.stringify(e) + String((e as Error).message)).not.toContain(key);
    }
  });

  it('refuses credential headers in config', () => {
    expect(() => parseAiConfig({ headers: { Authorization: 'Bearer x' } })).toThrow(
      /headers: credential headers/,
    );
    expect(() => parseAiConfig({ headers: { 'X-Api-Key': 'x' } })).toThrow(/credential headers/);
    expect(parseAiConfig({ headers: { 'HTTP-Referer': 'https://example.org' } }).headers).toEqual({
      'HTTP-Referer': 'https://example.org',
    });
  });

  it('is a zod schema the daily config can compose', () => {
    const composed = aiConfigSchema.optional();
    expect(composed.parse(undefined)).toBeUndefined();
    expect(aiConfigSchema.parse({ model: 'gpt-4.1-mini', apiKeyEnv: 'OPENAI_API_KEY' }).model).toBe(
      'gpt-4.1-mini',
    );
  });
});
