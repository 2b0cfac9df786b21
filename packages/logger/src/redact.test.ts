import { describe, expect, it } from 'vitest';
import { createRedactor, DEFAULT_SECRET_KEYS, REDACTED, redactSecrets } from './index.js';

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

describe('redactSecrets: keys', () => {
  it('redacts every default key, at any depth', () => {
    for (const key of DEFAULT_SECRET_KEYS) {
      const r = redactSecrets({ a: { b: { c: { [key]: 'value-of-secret' } } } });
      expect(r.a.b.c[key], key).toBe(REDACTED);
    }
  });

  it('matches keys case-insensitively and ignoring - _ . separators', () => {
    const r = redactSecrets({
      headers: {
        AUTHORIZATION: 'a',
        'X-API-KEY': 'b',
        'set-cookie': ['c'],
        Cookie: 'd',
        'proxy-authorization': 'e',
      },
      env: { DATABASE_URL: 'f', OPENAI_API_KEY: 'g', SMTP_PASSWORD: 'h', SENTRY_DSN: 'i', 'api.key': 'j' },
      api_key: 'k',
      ClientSecret: 'l',
    });
    expect(Object.values(r.headers)).toEqual(Array(5).fill(REDACTED));
    expect(Object.values(r.env)).toEqual(Array(5).fill(REDACTED));
    expect(r.api_key).toBe(REDACTED);
    expect(r.ClientSecret).toBe(REDACTED);
  });

  it('treats keys ending in secret, token, password, apiKey, webhookUrl… as secrets', () => {
    const r = redactSecrets({
      mySecret: 'a',
      githubToken: 'b',
      sessionToken: 'c',
      adminPassword: 'd',
      openaiApiKey: 'e',
      discordWebhookUrl: 'f',
      awsSecretAccessKey: 'g',
      sentryDsn: 'h',
    });
    for (const [k, v] of Object.entries(r)) expect(v, k).toBe(REDACTED);
  });

  it('leaves look-alike keys, booleans and empty values alone', () => {
    const input = {
      tokenCount: 42,
      maxTokens: 1000,
      secretary: 'Ann',
      keywords: ['rust'],
      key: 'greenhouse:acme',
      title: 'Security Engineer',
      hasPassword: true,
      password: '',
      token: null,
      apiKey: undefined,
    };
    const r = redactSecrets(input);
    expect(r).toBe(input); // nothing to redact: not even copied
  });

  it('redacts inside arrays, Maps and Sets, and whole objects under a secret key', () => {
    const r = redactSecrets({
      boards: [[{ token: 'a' }], { provider: 'lever', apiKey: 'b' }],
      headers: new Map<string, unknown>([
        ['Authorization', 'Bearer x'],
        ['accept', 'json'],
      ]),
      urls: new Set(['postgres://u:pw-in-set@h/db']),
      credentials: { secret: { nested: 'c' } },
    });
    expect(r.boards).toEqual([[{ token: REDACTED }], { provider: 'lever', apiKey: REDACTED }]);
    expect([...r.headers]).toEqual([
      ['Authorization', REDACTED],
      ['accept', 'json'],
    ]);
    expect([...r.urls]).toEqual([`postgres://u:${REDACTED}@h/db`]);
    expect(r.credentials.secret).toBe(REDACTED);
  });

  it('takes extra keys as names or pino-style paths, matched at any depth', () => {
    const extra = ['sessionId', '*.tenantKey', 'req.headers["x-shop-sig"]'];
    const r = redactSecrets(
      { a: { session_id: 's' }, b: { c: { TenantKey: 't' } }, d: { 'X-Shop-Sig': 'u', other: 'v' } },
      extra,
    );
    expect(r).toEqual({
      a: { session_id: REDACTED },
      b: { c: { TenantKey: REDACTED } },
      d: { 'X-Shop-Sig': REDACTED, other: 'v' },
    });
    expect(createRedactor(['sessionId'])({ sessionId: 'x' })).toEqual({ sessionId: REDACTED });
    // the defaults stay on with extra keys
    expect(redactSecrets({ password: 'p' }, ['sessionId'])).toEqual({ password: REDACTED });
  });
});

describe('redactSecrets: strings', () => {
  it('redacts passwords in URL credentials, anywhere in a string', () => {
    expect(redactSecrets('postgres://jobintel:hunter2@db:5432/jobs')).toBe(
      `postgres://jobintel:${REDACTED}@db:5432/jobs`,
    );
    expect(redactSecrets('connect to redis://:pw@cache:6379 and mysql://root:r00t@x/y failed')).toBe(
      `connect to redis://:${REDACTED}@cache:6379 and mysql://root:${REDACTED}@x/y failed`,
    );
    // a raw @ in the password: everything up to the last @ of the host part is the password
    expect(redactSecrets('postgres://u:p@ss@host/db')).toBe(`postgres://u:${REDACTED}@host/db`);
    // no password: left alone
    expect(redactSecrets('ssh://git@github.com/org/repo')).toBe('ssh://git@github.com/org/repo');
  });

  it('redacts secret query parameters, webhook tokens and bearer/basic credentials', () => {
    expect(redactSecrets('https://api.example/v1?api_key=k1&page=2&access_token=t1')).toBe(
      `https://api.example/v1?api_key=${REDACTED}&page=2&access_token=${REDACTED}`,
    );
    expect(redactSecrets('https://maps.example/x?key=AIzaXYZ&sig=abc')).toBe(
      `https://maps.example/x?key=${REDACTED}&sig=${REDACTED}`,
    );
    expect(redactSecrets('POST https://discord.com/api/webhooks/1234/aBc-DeF_ghi failed: 429')).toBe(
      `POST https://discord.com/api/webhooks/1234/${REDACTED} failed: 429`,
    );
    expect(redactSecrets('https://hooks.slack.com/services/T000/B000/XXXXsecret')).toBe(
      `https://hooks.slack.com/services/${REDACTED}`,
    );
    expect(redactSecrets('sent Authorization: Bearer eyJhbGciOi.abc.def to the API')).toBe(
      `sent Authorization: Bearer ${REDACTED} to the API`,
    );
    expect(redactSecrets('header Basic dXNlcjpwYXNz')).toBe(`header Basic ${REDACTED}`);
  });

  it('leaves ordinary text alone', () => {
    const text = [
      'Basic Information about the role',
      'bearer bonds',
      'https://boards.greenhouse.io/acme/jobs/123?gh_src=abc&page=2',
      'a=b & c=d',
      'Senior Engineer (Rust, Go) — remote',
    ];
    for (const t of text) expect(redactSecrets(t)).toBe(t);
  });

  it('scrubs URL objects through their JSON form', () => {
    const r = redactSecrets({
      url: new URL('postgres://u:url-pass@h/db'),
      plain: new URL('https://x.example/'),
    });
    expect(r.url).toBe(`postgres://u:${REDACTED}@h/db`);
    expect(r.plain).toBeInstanceOf(URL); // nothing to redact: kept as it is
  });
});

describe('redactSecrets: objects', () => {
  it('never mutates its input and copies only the branches it changes', () => {
    const input = deepFreeze({
      config: { notify: { discord: { webhookUrl: 'https://discord.example/hook' } } },
      untouched: { a: 1, list: [1, 2] },
      list: [{ token: 't' }, { ok: true }],
    });
    const before = structuredClone(input);
    const r = redactSecrets(input); // frozen: any write would throw
    expect(input).toEqual(before);
    expect(r.config.notify.discord.webhookUrl).toBe(REDACTED);
    expect(r.untouched).toBe(input.untouched);
    expect(r.list[1]).toBe(input.list[1]);
    expect(r.list).not.toBe(input.list);
  });

  it('keeps the prototype of a copied class instance', () => {
    class Conn {
      host = 'db';
      password = 'pw';
    }
    const r = redactSecrets({ conn: new Conn() });
    expect(r.conn).toBeInstanceOf(Conn);
    expect(r.conn).toMatchObject({ host: 'db', password: REDACTED });
  });

  it('survives cycles, marks only real cycles, and truncates absurd depth', () => {
    const cyclic: Record<string, unknown> = { name: 'a', password: 'p' };
    cyclic.self = cyclic;
    const shared = { x: 1 };
    const r = redactSecrets({ cyclic, left: shared, right: shared, arr: [shared, shared] });
    expect(r.cyclic).toEqual({ name: 'a', password: REDACTED, self: '[Circular]' });
    expect(r.left).toBe(shared);
    expect(r.right).toBe(shared);
    expect(r.arr).toEqual([shared, shared]);
    const list = [1, 2];
    (list as unknown[]).push(list);
    expect(redactSecrets(list)).toEqual([1, 2, '[Circular]']);

    let deep: Record<string, unknown> = { token: 't' };
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    expect(JSON.stringify(redactSecrets(deep))).toContain('[Truncated]');
  });

  it('turns Errors into records: type, message, stack, own fields (redacted) and cause', () => {
    class HttpError extends Error {
      status = 401;
      headers = { authorization: 'Bearer err-secret-1' };
    }
    const cause = new Error('connect postgres://u:cause-pass@db/x refused');
    const error = new HttpError('GET https://u:msg-pass@api/x -> 401', { cause });
    const r = redactSecrets({ error }).error as unknown as Record<string, unknown>;
    expect(r).toMatchObject({
      type: 'HttpError',
      message: `GET https://u:${REDACTED}@api/x -> 401`,
      status: 401,
      headers: { authorization: REDACTED },
      cause: { type: 'Error', message: `connect postgres://u:${REDACTED}@db/x refused` },
    });
    expect(String(r.stack)).toMatch(/^HttpError|^Error/);
    const text = JSON.stringify(r);
    for (const s of ['err-secret-1', 'cause-pass', 'msg-pass']) expect(text).not.toContain(s);

    const agg = redactSecrets(new AggregateError([new Error('https://a:agg-pass@h')], 'many'));
    expect(JSON.stringify(agg)).not.toContain('agg-pass');
    expect(JSON.stringify(agg)).toContain('many');
  });

  it('keeps Dates, Buffers and primitives as they are', () => {
    const date = new Date(0);
    const buf = Buffer.from('hi');
    const r = redactSecrets({ date, buf, n: 1, b: false, big: 10n });
    expect(r.date).toBe(date);
    expect(r.buf).toBe(buf);
    expect(redactSecrets(5)).toBe(5);
    expect(redactSecrets(null)).toBe(null);
  });
});
