/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';
const CIRCULAR = '[Circular]';
const TRUNCATED = '[Truncated]';
/** Objects nested deeper than this are replaced with `[Truncated]` (no stack overflow on odd graphs). */
const MAX_DEPTH = 100;

/**
 * Keys whose values are secrets. Keys are compared case-insensitively, ignoring `-`, `_`, `.` and
 * spaces, so `apiKey`, `api_key`, `API-KEY` and `X-Api-Key` all match their entry.
 */
export const DEFAULT_SECRET_KEYS: readonly string[] = [
  'authorization',
  'proxyAuthorization',
  'apiKey',
  'xApiKey',
  'password',
  'passwd',
  'pass',
  'pwd',
  'passphrase',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'clientSecret',
  'privateKey',
  'secretKey',
  'secretAccessKey',
  'cookie',
  'setCookie',
  'webhook',
  'webhookUrl',
  'databaseUrl',
  'connectionString',
  'dsn',
];

/** Any key ending in one of these (after the same normalisation) is a secret too: `githubToken`, `SMTP_PASSWORD`. */
const SECRET_SUFFIXES: readonly string[] = [
  'secret',
  'secretkey',
  'secretaccesskey',
  'password',
  'passwd',
  'passphrase',
  'token',
  'apikey',
  'privatekey',
  'authorization',
  'cookie',
  'webhookurl',
  'databaseurl',
  'connectionstring',
  'dsn',
];

/** Query parameters that carry secrets although the same names are harmless as object keys. */
const QUERY_ONLY_KEYS = new Set(['key', 'sig', 'signature']);

const normalize = (key: string): string => key.toLowerCase().replace(/[-_.\s]/g, '');

/**
 * The key name in an entry of `extraKeys`: a pino-style path (`req.headers["x-tenant-key"]`,
 * `*.sessionId`) is reduced to its last segment, which is then matched at any depth.
 */
function secretKeyName(entry: string): string {
  const bracket = /\[\s*["']([^"']+)["']\s*\]\s*$/.exec(entry);
  if (bracket?.[1]) return bracket[1];
  return entry.slice(entry.lastIndexOf('.') + 1);
}

// Text patterns. None of them crosses a `"` or a `\`-escape boundary, so they are also safe to run on
// a serialised JSON line (where a quote inside a value is written `\"`).

// scheme://user:password@host: the password runs to the last `@` of the authority (raw `@` in passwords)
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@"\\]*:)((?:[^\s/?#"\\]|\\.)+)@/gi;
const QUERY_PARAM = /([?&])([^\s=&#?"\\]+)=((?:[^\s&#"\\]|\\.)*)/g;
const DISCORD_WEBHOOK = /(discord(?:app)?\.com\/api\/(?:v\d+\/)?webhooks\/\d+\/)[\w-]+/gi;
const SLACK_WEBHOOK = /(hooks\.slack\.com\/(?:services|workflows|triggers)\/)[^\s?#"\\]+/gi;
// `Bearer <token>` / `Basic <base64>` in free text; the token must look like one (a digit, a symbol,
// or for Basic an upper-case letter after the first character), so prose is left alone
const BEARER = /\b(bearer\s+)(?=[\w.~+/-]*[\d.~+/-])[\w.~+/-]{8,}=*/gi;
const BASIC = /\b([Bb]asic\s+)(?=[A-Za-z0-9+/]+[A-Z0-9+/])[A-Za-z0-9+/]{8,}={0,2}/g;
const AUTH_HINT = /bearer|basic/i;

/** A redactor built for one set of secret keys. */
export interface Redaction {
  /** Whether an object key names a secret. */
  isSecretKey(key: string): boolean;
  /** Scrubs credentials out of free text: URL passwords, secret query parameters, webhook tokens, bearer tokens. */
  text(value: string): string;
  /** Redacts secret keys at any depth and scrubs every string; copy-on-write, never mutates. */
  value(value: unknown): unknown;
  /** Like `value` but leaves strings alone (for a caller that scrubs the serialised text instead). */
  keys(value: unknown): unknown;
}

const KEY_CACHE_LIMIT = 10_000;

/** Builds the redaction for the default secret keys plus `extraKeys` (names or pino-style paths). */
export function buildRedaction(extraKeys: readonly string[] = []): Redaction {
  const exact = new Set([...DEFAULT_SECRET_KEYS, ...extraKeys.map(secretKeyName)].map(normalize));
  exact.delete('');
  const cache = new Map<string, boolean>();

  const isSecretKey = (key: string): boolean => {
    let hit = cache.get(key);
    if (hit === undefined) {
      const k = normalize(key);
      hit = exact.has(k) || SECRET_SUFFIXES.some((suffix) => k.endsWith(suffix));
      if (cache.size >= KEY_CACHE_LIMIT) cache.clear();
      cache.set(key, hit);
    }
    return hit;
  };

  const isSecretQueryName = (name: string): boolean =>
    isSecretKey(name) || QUERY_ONLY_KEYS.has(normalize(name)) || normalize(name).endsWith('signature');

  const text = (s: string): string => {
    if (s.length < 8) return s;
    let out = s;
    if (out.includes('://')) {
      out = out.replace(URL_USERINFO, `$1${REDACTED}@`);
      if (out.includes('webhooks/')) out = out.replace(DISCORD_WEBHOOK, `$1${REDACTED}`);
      if (out.includes('hooks.slack.com')) out = out.replace(SLACK_WEBHOOK, `$1${REDACTED}`);
    }
    if (out.includes('=') && (out.includes('?') || out.includes('&'))) {
      out = out.replace(QUERY_PARAM, (match, sep: string, name: string, value: string) =>
        value && value !== REDACTED && isSecretQueryName(name) ? `${sep}${name}=${REDACTED}` : match,
      );
    }
    if (AUTH_HINT.test(out)) out = out.replace(BEARER, `$1${REDACTED}`).replace(BASIC, `$1${REDACTED}`);
    return out;
  };

  const make = (scrubStrings: boolean) => {
    const walk = (value: unknown, stack: object[]): unknown => {
      if (typeof value === 'string') return scrubStrings ? text(value) : value;
      if (typeof value !== 'object' || value === null) return value;
      if (stack.includes(value)) return CIRCULAR;
      if (stack.length >= MAX_DEPTH) return TRUNCATED;
      if (
        value instanceof Date ||
        value instanceof RegExp ||
        ArrayBuffer.isView(value) || // Buffer, typed arrays
        value instanceof ArrayBuffer
      )
        return value;
      stack.push(value);
      try {
        if (value instanceof Error) return errorRecord(value, stack);
        if (Array.isArray(value)) return walkArray(value, stack);
        if (value instanceof Map) return walkMap(value, stack);
        if (value instanceof Set) {
          const items = [...value];
          const out = walkArray(items, stack);
          return out === items ? value : new Set(out as unknown[]);
        }
        const toJSON = (value as { toJSON?: unknown }).toJSON;
        if (typeof toJSON === 'function') {
          // what JSON.stringify would write (a URL's href, say): redacted if it needs to be
          const json: unknown = toJSON.call(value);
          const out = walk(json, stack);
          return out === json ? value : out;
        }
        return walkObject(value as Record<string, unknown>, stack);
      } finally {
        stack.pop();
      }
    };

    const entry = (key: string, v: unknown, stack: object[]): unknown =>
      v === undefined || v === null || v === '' || typeof v === 'boolean' || !isSecretKey(key)
        ? walk(v, stack)
        : REDACTED;

    const walkObject = (value: Record<string, unknown>, stack: object[]): unknown => {
      let out: Record<string, unknown> | undefined;
      for (const key of Object.keys(value)) {
        const v = value[key];
        const r = entry(key, v, stack);
        if (r !== v) {
          // copy-on-write, keeping the prototype: untouched objects are returned as they are
          out ??= Object.assign(
            Object.create(Object.getPrototypeOf(value) as object | null) as object,
            value,
          );
          out[key] = r;
        }
      }
      return out ?? value;
    };

    const walkArray = (value: readonly unknown[], stack: object[]): unknown => {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        const r = walk(v, stack);
        if (r !== v) {
          out ??= value.slice();
          out[i] = r;
        }
      }
      return out ?? value;
    };

    const walkMap = (value: Map<unknown, unknown>, stack: object[]): unknown => {
      let changed = false;
      const entries = [...value].map(([k, v]) => {
        const r = typeof k === 'string' ? entry(k, v, stack) : walk(v, stack);
        if (r !== v) changed = true;
        return [k, r] as const;
      });
      return changed ? new Map(entries) : value;
    };

    /** An Error as a plain record (JSON.stringify would write `{}`): type, message, stack, own fields, cause. */
    const errorRecord = (error: Error, stack: object[]): Record<string, unknown> => {
      const ctor = (error as { constructor?: { name?: unknown } }).constructor?.name;
      const out: Record<string, unknown> = {
        type: typeof ctor === 'string' && ctor !== 'Error' ? ctor : error.name,
        message: walk(error.message, stack),
        stack: walk(error.stack, stack),
      };
      const fields = error as unknown as Record<string, unknown>;
      for (const key of Object.keys(error)) {
        if (key === 'message' || key === 'stack' || key === 'type') continue;
        out[key] = entry(key, fields[key], stack);
      }
      if (error.cause !== undefined && !('cause' in out)) out.cause = walk(error.cause, stack);
      if (error instanceof AggregateError && !('errors' in out)) out.errors = walk(error.errors, stack);
      return out;
    };

    return (value: unknown): unknown => walk(value, []);
  };

  return { isSecretKey, text, value: make(true), keys: make(false) };
}

/**
 * A function that redacts secrets at any depth (default keys plus `extraKeys`): values of secret
 * keys become `[REDACTED]`, credentials in strings are scrubbed, Errors become plain records, cycles
 * become `[Circular]`. Never mutates; objects with nothing to redact are returned as they are.
 */
export function createRedactor(extraKeys: readonly string[] = []): <T>(value: T) => T {
  const redaction = buildRedaction(extraKeys);
  return <T>(value: T) => redaction.value(value) as T;
}

let defaultRedaction: Redaction | undefined;

/**
 * Redacts secrets in any value (object, array, Error, or a string such as an error message) with the
 * default secret keys plus `extraKeys`. Never mutates its input. The static type is kept for
 * convenience: redacted fields hold `'[REDACTED]'` and Errors come back as plain records.
 */
export function redactSecrets<T>(value: T, extraKeys: readonly string[] = []): T {
  if (extraKeys.length > 0) return buildRedaction(extraKeys).value(value) as T;
  defaultRedaction ??= buildRedaction();
  return defaultRedaction.value(value) as T;
}
