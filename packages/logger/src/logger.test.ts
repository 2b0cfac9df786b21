import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createLogger,
  createMemoryLogger,
  createSilentLogger,
  type Logger,
  LoggerOptionsError,
  REDACTED,
  scoped,
} from './index.js';

/** The logger shape @jobintel/runner-core accepts (copied, not imported: no dependency on runner-core). */
interface RunnerLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): RunnerLogger;
}

/** A writable that collects what is written (and can pretend to be a TTY). */
function sink(isTTY = false) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (isTTY) stream.isTTY = true;
  let text = '';
  stream.on('data', (d: Buffer) => {
    text += d.toString();
  });
  return { stream, text: () => text, lines: () => text.split('\n').filter(Boolean) };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('createLogger: output', () => {
  it('writes one JSON line per record: level label, ISO time, name, base, bindings, fields, msg', () => {
    const out = sink();
    const logger = createLogger({ destination: out.stream, name: 'jobintel', base: { app: 'cli' }, env: {} });
    logger.child({ runId: 'r1' }).info({ boards: 3 }, 'fetched');
    const [line, ...rest] = out.lines(); // written synchronously: nothing to await
    expect(rest).toEqual([]);
    const record = JSON.parse(line ?? '');
    expect(Object.keys(record)).toEqual(['level', 'time', 'name', 'app', 'runId', 'boards', 'msg']);
    expect(record).toMatchObject({ level: 'info', name: 'jobintel', app: 'cli', runId: 'r1', boards: 3 });
    expect(record.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(record).not.toHaveProperty('pid');
    expect(record).not.toHaveProperty('hostname');
  });

  it('filters by level', () => {
    const { logger, records } = createMemoryLogger({ level: 'warn' });
    logger.trace('t');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    logger.fatal('f');
    expect(records.map((r) => [r.level, r.msg])).toEqual([
      ['warn', 'w'],
      ['error', 'e'],
      ['fatal', 'f'],
    ]);
    expect(logger.isLevelEnabled('info')).toBe(false);
    logger.level = 'debug';
    logger.debug('now shown');
    expect(records.at(-1)).toMatchObject({ level: 'debug', msg: 'now shown' });
  });

  it('defaults to info; JOBINTEL_LOG_LEVEL applies only when no level is given', () => {
    const out = sink().stream;
    expect(createLogger({ destination: out, env: {} }).level).toBe('info');
    expect(createLogger({ destination: out, env: { JOBINTEL_LOG_LEVEL: ' Debug ' } }).level).toBe('debug');
    expect(
      createLogger({ destination: out, level: 'warn', env: { JOBINTEL_LOG_LEVEL: 'debug' } }).level,
    ).toBe('warn');
    vi.stubEnv('JOBINTEL_LOG_LEVEL', 'error');
    expect(createLogger({ destination: out }).level).toBe('error'); // process.env by default
    expect(createLogger({ destination: out, env: process.env }).level).toBe('error'); // and given as is
    expect(createLogger({ destination: out, env: {} }).level).toBe('info'); // env: {} ignores it
    expect(createMemoryLogger().logger.level).toBe('trace'); // test capture is not affected
  });

  it('writes to a file path (creating its folder) or a file descriptor, synchronously', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobintel-logger-'));
    try {
      const file = join(dir, 'nested', 'run.log');
      createLogger({ destination: file, env: {} }).warn({ n: 1 }, 'to file');
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ level: 'warn', n: 1, msg: 'to file' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('createLogger: options are validated', () => {
  const bad: Array<[unknown, RegExp]> = [
    [
      { level: 'loud' },
      /level: expected one of trace\|debug\|info\|warn\|error\|fatal\|silent \(got "loud"\)/,
    ],
    [{ pretty: 'yes' }, /pretty: expected true, false or 'auto' \(got "yes"\)/],
    [{ destination: {} }, /destination: expected a writable stream, a file descriptor or a file path/],
    [{ destination: -1 }, /destination: expected a file descriptor \(an integer >= 0\)/],
    [{ destination: '' }, /destination: expected a non-empty file path/],
    [{ redact: 'token' }, /redact: expected an array of key names \(got "token"\)/],
    [{ redact: [''] }, /redact\.0: expected a non-empty key name/],
    [{ name: 42 }, /name: expected a non-empty string/],
    [{ base: 'x' }, /base: expected an object/],
    [{ lvl: 'info' }, /lvl: unknown option/],
    ['info', /options: expected an object \(got "info"\)/],
    [
      { env: { JOBINTEL_LOG_LEVEL: 'chatty' } },
      /JOBINTEL_LOG_LEVEL: expected one of trace\|.*\(got "chatty"\)/,
    ],
  ];

  it.each(bad)('%j', (options, message) => {
    let error: unknown;
    try {
      createLogger(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LoggerOptionsError);
    expect((error as LoggerOptionsError).code).toBe('LOGGER_INVALID_OPTIONS');
    expect((error as Error).message).toMatch(message);
  });
});

describe('scoped children', () => {
  it('adds runId, stage and itemId, only the fields given, at every depth', () => {
    const { logger, records } = createMemoryLogger();
    const run = scoped(logger, { runId: 'r1' });
    const stage = scoped(run, { stage: 'fetch', itemId: undefined });
    const item = scoped(stage, { itemId: 'greenhouse:acme' });
    run.info('run');
    stage.info('stage');
    item.info({ attempt: 2 }, 'item');
    expect(records.map(({ level: _l, time: _t, ...rest }) => rest)).toEqual([
      { runId: 'r1', msg: 'run' },
      { runId: 'r1', stage: 'fetch', msg: 'stage' },
      { runId: 'r1', stage: 'fetch', itemId: 'greenhouse:acme', attempt: 2, msg: 'item' },
    ]);
  });

  it('satisfies the runner-core Logger shape', () => {
    const loggers: RunnerLogger[] = [
      createLogger({ destination: sink().stream, env: {} }),
      createSilentLogger(),
    ];
    const { logger, records } = createMemoryLogger();
    const asRunner: RunnerLogger = logger;
    asRunner.child({ stage: 'score' }).warn({ itemId: 'x' }, 'slow');
    asRunner.error('plain string');
    expect(records.map((r) => r.msg)).toEqual(['slow', 'plain string']);
    expect(records[0]).toMatchObject({ stage: 'score', itemId: 'x' });
    expect(loggers).toHaveLength(2);
  });
});

describe('pretty output', () => {
  it('pretty: true writes human text, synchronously, without colour when not a TTY', () => {
    const out = sink();
    createLogger({ destination: out.stream, pretty: true, env: {} }).info(
      { stage: 'score', apiKey: 'pretty-secret' },
      'hello pretty',
    );
    const text = out.text();
    expect(text).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: hello pretty\n/);
    expect(text).toContain('stage: "score"');
    expect(text).toContain(REDACTED);
    expect(text).not.toContain('pretty-secret');
    expect(text).not.toContain('\u001b['); // no ANSI colour codes
    expect(() => JSON.parse(text)).toThrow();
  });

  it("pretty: 'auto' writes JSON to a non-TTY and colour text to a TTY (unless NO_COLOR)", () => {
    const file = sink();
    createLogger({ destination: file.stream, pretty: 'auto', env: {} }).info('plain');
    expect(JSON.parse(file.text())).toMatchObject({ level: 'info', msg: 'plain' });

    const tty = sink(true);
    createLogger({ destination: tty.stream, pretty: 'auto', env: {} }).info('on a terminal');
    expect(tty.text()).toContain('on a terminal');
    expect(tty.text()).toContain('\u001b[');

    const noColor = sink(true);
    createLogger({ destination: noColor.stream, pretty: 'auto', env: { NO_COLOR: '1' } }).info('mono');
    expect(noColor.text()).toContain('INFO: mono');
    expect(noColor.text()).not.toContain('\u001b[');
  });
});

describe('silent and memory loggers', () => {
  it('the silent logger writes nothing, even when its level is raised', () => {
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    const silent = createSilentLogger();
    expect(silent.level).toBe('silent');
    expect(silent.isLevelEnabled('fatal')).toBe(false);
    silent.fatal('nothing');
    silent.level = 'trace';
    silent.child({ runId: 'r' }).error('still nothing');
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
  });

  it('the memory logger captures parsed records and raw lines, and can be cleared', () => {
    const { logger, records, text, clear } = createMemoryLogger({ name: 'test', base: { v: 1 } });
    logger.debug({ n: 1 }, 'one');
    logger.child({ stage: 'fetch' }).error(new Error('two'));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ level: 'debug', name: 'test', v: 1, n: 1, msg: 'one' });
    expect(records[1]).toMatchObject({ level: 'error', stage: 'fetch', msg: 'two', err: { type: 'Error' } });
    expect(
      text()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual(records);
    clear();
    expect(records).toEqual([]);
    expect(text()).toBe('');
    logger.info('three');
    expect(records.map((r) => r.msg)).toEqual(['three']);
  });
});

describe('redaction in the logger (on by default)', () => {
  it('redacts at depth, case-insensitively, in arrays, child bindings, setBindings and base', () => {
    const { logger, records } = createMemoryLogger({ base: { SENTRY_DSN: 'base-dsn' } });
    const child = logger.child({ auth: { Password: 'child-pw' } });
    child.info({ req: { headers: [{ Authorization: 'Bearer hdr-1' }] } }, 'request');
    child.setBindings({ 'X-API-KEY': 'set-bindings-key' });
    child.info('after setBindings');
    expect(records[0]).toMatchObject({
      SENTRY_DSN: REDACTED,
      auth: { Password: REDACTED },
      req: { headers: [{ Authorization: REDACTED }] },
    });
    expect(records[1]).toMatchObject({ 'X-API-KEY': REDACTED });
  });

  it('scrubs messages, messages taken from errors, and interpolated arguments', () => {
    const { logger, records, text } = createMemoryLogger();
    logger.error(new Error('GET https://u:err-first@api/x failed'));
    logger.error({ err: new Error('POST https://discord.com/api/webhooks/1/hook-token failed') });
    logger.info('config %j', { apiKey: 'interp-key', region: 'eu' });
    logger.warn('failed: %s', new Error('redis://:pct-s-pass@cache refused'));
    logger.info('connecting to postgres://app:msg-pass@db/jobs');
    for (const s of ['err-first', 'hook-token', 'interp-key', 'pct-s-pass', 'msg-pass'])
      expect(text()).not.toContain(s);
    expect(records[0]?.msg).toBe(`GET https://u:${REDACTED}@api/x failed`);
    expect(records[2]?.msg).toBe(`config {"apiKey":"${REDACTED}","region":"eu"}`);
    expect(records[3]?.msg).toBe(`failed: Error: redis://:${REDACTED}@cache refused`);
  });

  it('takes extra keys', () => {
    const { logger, records } = createMemoryLogger({ redact: ['sessionId', 'req.headers["x-tenant"]'] });
    logger.info({ sessionId: 's1', req: { headers: { 'X-Tenant': 't1', accept: 'json' } }, password: 'p' });
    expect(records[0]).toMatchObject({
      sessionId: REDACTED,
      req: { headers: { 'X-Tenant': REDACTED, accept: 'json' } },
      password: REDACTED,
    });
  });

  it('does not mutate what it logs, and survives cycles', () => {
    const { logger, records } = createMemoryLogger();
    const config: Record<string, unknown> = { db: { password: 'pw' }, name: 'x' };
    config.self = config;
    const bindings = { token: 'child-token' };
    logger.child(bindings).info({ config }, 'cyclic');
    expect(config.db).toEqual({ password: 'pw' });
    expect(bindings.token).toBe('child-token');
    expect(records[0]).toMatchObject({
      token: REDACTED,
      config: { db: { password: REDACTED }, name: 'x', self: '[Circular]' },
    });
  });

  it('a record that cannot be read is dropped, not written unredacted', () => {
    const { logger, records, text } = createMemoryLogger();
    const hostile = {
      password: 'never-shown',
      get boom(): string {
        throw new Error('getter');
      },
    };
    expect(() => logger.info(hostile, 'hostile')).not.toThrow();
    expect(records[0]).toMatchObject({ redactionFailed: 'Error', msg: 'hostile' });
    expect(text()).not.toContain('never-shown');
  });

  it('no secret of a realistic config appears anywhere in the output, JSON or pretty', () => {
    const secrets = {
      discordHook: 'discord-hook-TOKEN-9f8e7d',
      slackHook: 'slack-hook-XyZ123abc',
      openai: 'sk-proj-live-0123456789abcdef',
      anthropic: 'sk-ant-api03-secretsecret',
      dbPassword: 'hunter2-db-pass',
      redisPassword: 'redis-pass-42',
      bearer: 'eyJhbGciOiJIUzI1NiJ9.payload.sig',
      cookie: 'session=cookie-value-77',
      s3Secret: 'aws-secret-access-key-value',
      smtp: 'smtp-password-value',
      ghToken: 'ghp_boardtoken123',
      queryKey: 'query-api-key-555',
    };
    const config = {
      profile: { title: 'Staff Engineer', locations: ['Berlin', 'Remote'] },
      sources: [
        { provider: 'greenhouse', board: 'acme', token: secrets.ghToken },
        { provider: 'custom', url: `https://jobs.example/api?api_key=${secrets.queryKey}&page=1` },
      ],
      notify: {
        discord: { webhookUrl: `https://discord.com/api/webhooks/112233/${secrets.discordHook}` },
        slack: { url: `https://hooks.slack.com/services/T01/B02/${secrets.slackHook}` },
        email: { smtp: { host: 'smtp.example', user: 'bot', password: secrets.smtp } },
      },
      ai: {
        provider: 'openai',
        apiKey: secrets.openai,
        fallback: { ANTHROPIC_API_KEY: secrets.anthropic },
        headers: { Authorization: `Bearer ${secrets.bearer}`, Cookie: secrets.cookie, Accept: 'json' },
      },
      env: {
        DATABASE_URL: `postgres://jobintel:${secrets.dbPassword}@db.internal:5432/jobs`,
        NODE_ENV: 'production',
      },
      cache: { url: `redis://default:${secrets.redisPassword}@cache.internal:6379/0` },
      artifacts: { s3: { bucket: 'jobintel-artifacts', secretAccessKey: secrets.s3Secret } },
    };

    for (const pretty of [false, true]) {
      const out = sink();
      const logger = createLogger({ destination: out.stream, pretty, level: 'trace', base: { config } });
      logger.info({ config }, 'loaded config');
      const run = scoped(logger, { runId: 'r1', config });
      run.debug('config %j / %o', config, config.ai);
      run.error(
        Object.assign(new Error(`cannot reach ${config.cache.url}`), {
          config,
          cause: new Error(config.env.DATABASE_URL),
        }),
      );
      run.warn(`notify failed: ${config.notify.discord.webhookUrl} ${config.ai.headers.Authorization}`);
      const text = out.text();
      for (const [name, secret] of Object.entries(secrets))
        expect(text, `${name} leaked (pretty: ${pretty})`).not.toContain(secret);
      // and the harmless parts are still there
      for (const kept of [
        'Staff Engineer',
        'jobintel-artifacts',
        'db.internal:5432',
        'cache.internal',
        'acme',
      ])
        expect(text).toContain(kept);
      expect(text).toContain(REDACTED);
    }
  });
});

// the logger type is pino's: a compile-time check that it is exported as such
const _typed: Logger = createSilentLogger();
void _typed;
