import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createLogger,
  createMemoryLogger,
  createSilentLogger,
  REDACTED,
  redactSecrets,
  scoped,
} from './index.js';

describe('createLogger', () => {
  it('writes JSON lines with level label, ISO time, name and message', () => {
    const { logger, records } = createMemoryLogger({ name: 'jobintel' });
    logger.info({ boards: 3 }, 'fetched');
    expect(records[0]).toMatchObject({ level: 'info', name: 'jobintel', boards: 3, msg: 'fetched' });
    expect(String(records[0]?.time)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('filters by level, with JOBINTEL_LOG_LEVEL when no level is given', () => {
    const { logger, records } = createMemoryLogger({ level: 'warn' });
    logger.info('hidden');
    logger.warn('shown');
    expect(records.map((r: Record<string, unknown>) => r.msg)).toEqual(['shown']);
    const stream = new PassThrough();
    const fromEnv = createLogger({ destination: stream, env: { JOBINTEL_LOG_LEVEL: 'error' } });
    expect(fromEnv.level).toBe('error');
    expect(createLogger({ destination: stream, env: {} }).level).toBe('info');
  });

  it('rejects bad options naming the field', () => {
    expect(() => createLogger({ level: 'loud' as never })).toThrow(/level: Invalid option/);
    expect(() => createLogger({ pretty: 'yes' as never })).toThrow(/pretty/);
    expect(() => createLogger({ destination: {} as never })).toThrow(/destination/);
    expect(() => createLogger({ env: { JOBINTEL_LOG_LEVEL: 'chatty' } })).toThrow(
      /JOBINTEL_LOG_LEVEL: expected one of/,
    );
    try {
      createLogger({ level: 'loud' as never });
    } catch (e) {
      expect((e as { code: string }).code).toBe('LOGGER_INVALID_OPTIONS');
    }
  });

  it('scopes children by run, stage and item', () => {
    const { logger, records } = createMemoryLogger();
    const item = scoped(scoped(logger, { runId: 'r1' }), {
      stage: 'fetch',
      itemId: 'greenhouse:acme',
      extra: undefined,
    });
    item.info('ok');
    expect(records[0]).toMatchObject({ runId: 'r1', stage: 'fetch', itemId: 'greenhouse:acme', msg: 'ok' });
    expect(records[0]).not.toHaveProperty('extra');
  });

  it('the silent logger prints nothing; pretty mode prints text; auto on a non-TTY prints JSON', () => {
    const silent = createSilentLogger();
    expect(silent.level).toBe('silent');
    expect(silent.isLevelEnabled('fatal')).toBe(false);

    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => {
      text += d;
    });
    createLogger({ destination: out, pretty: true }).info({ stage: 'score' }, 'hello pretty');
    expect(text).toContain('hello pretty');
    expect(text).toContain('INFO');
    expect(() => JSON.parse(text)).toThrow();

    const jsonOut = new PassThrough();
    let json = '';
    jsonOut.on('data', (d) => {
      json += d;
    });
    createLogger({ destination: jsonOut, pretty: 'auto' }).info('plain');
    expect(JSON.parse(json).msg).toBe('plain');
  });
});

describe('secret redaction (on by default)', () => {
  const config = {
    boards: [{ provider: 'greenhouse', token: 'gh-board-token-123' }],
    notify: { discord: { webhookUrl: 'https://discord.example/api/webhooks/42/SECRET-WEBHOOK' } },
    ai: {
      apiKey: 'sk-live-abcdef',
      api_key: 'sk-second',
      headers: { Authorization: 'Bearer abc.def.ghi', 'X-Api-Key': 'xkey-1' },
    },
    db: { url: 'postgres://jobintel:hunter2-db-pass@db.internal:5432/jobs' },
    s3: { clientSecret: 'client-secret-value', password: 'pw-value', nested: [{ refreshToken: 'rt-value' }] },
    harmless: { tokenCount: 42, title: 'Security Engineer' },
  };
  const secrets = [
    'gh-board-token-123',
    'SECRET-WEBHOOK',
    'sk-live-abcdef',
    'sk-second',
    'abc.def.ghi',
    'xkey-1',
    'hunter2-db-pass',
    'client-secret-value',
    'pw-value',
    'rt-value',
  ];

  it('no secret of a realistic config appears anywhere in the output', () => {
    const { logger, text } = createMemoryLogger({
      base: { dsn: 'https://user:base-secret@sentry.example/1' },
    });
    logger.info({ config }, 'loaded config');
    logger.child({ webhookUrl: 'https://hooks.slack.example/T/B/child-secret' }).warn('child');
    logger.error('connecting to postgres://app:message-secret@db/x failed');
    logger.error(
      { err: Object.assign(new Error('boom'), { code: 'E', authorization: 'Bearer in-error' }) },
      'failed',
    );
    const out = text();
    for (const s of [...secrets, 'base-secret', 'child-secret', 'message-secret'])
      expect(out, s).not.toContain(s);
    expect(out).toContain('Security Engineer');
    expect(out).toContain('"tokenCount":42');
    expect(out).toContain(REDACTED);
  });

  it('redacts at any depth, case-insensitively, in arrays and URL credentials, without mutating', () => {
    const copy = structuredClone(config);
    const r = redactSecrets(config);
    expect(config).toEqual(copy);
    expect(r.ai.headers.Authorization).toBe(REDACTED);
    expect(r.ai.headers['X-Api-Key']).toBe(REDACTED);
    expect(r.s3.nested[0]?.refreshToken).toBe(REDACTED);
    expect(r.db.url).toBe(`postgres://jobintel:${REDACTED}@db.internal:5432/jobs`);
    expect(r.harmless).toBe(config.harmless); // untouched branches are not copied
  });

  it('takes extra keys, and survives cycles', () => {
    const cyclic: Record<string, unknown> = { sessionId: 'sess-1' };
    cyclic.self = cyclic;
    const r = redactSecrets(cyclic, ['sessionId']) as Record<string, unknown>;
    expect(r.sessionId).toBe(REDACTED);
    expect(r.self).toBe('[Circular]');
    const { logger, text } = createMemoryLogger({ redact: ['sessionId'] });
    logger.info({ sessionId: 'sess-2', cyclic });
    expect(text()).not.toContain('sess-2');
  });
});
