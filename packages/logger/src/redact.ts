/** The keys whose values are secrets, compared case-insensitively and ignoring `-` and `_`. */
export const DEFAULT_SECRET_KEYS: readonly string[] = [
  'authorization',
  'proxyAuthorization',
  'apiKey',
  'xApiKey',
  'password',
  'passwd',
  'passphrase',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'secret',
  'clientSecret',
  'privateKey',
  'cookie',
  'setCookie',
  'webhookUrl',
  'webhook',
  'databaseUrl',
  'connectionString',
  'dsn',
];

export const REDACTED = '[REDACTED]';

const normalize = (key: string) => key.toLowerCase().replace(/[-_]/g, '');

// user:password@ in any URL-like string
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*):([^@/?#\s]+)@/gi;

/** Builds a redactor for the default secret keys plus `extraKeys` (names, matched the same way). */
export function createRedactor(extraKeys: readonly string[] = []): (value: unknown) => unknown {
  const keys = new Set([...DEFAULT_SECRET_KEYS, ...extraKeys].map(normalize));
  const isSecretKey = (key: string) => {
    const k = normalize(key);
    return (
      keys.has(k) ||
      k.endsWith('secret') ||
      k.endsWith('password') ||
      k.endsWith('token') ||
      k.endsWith('apikey')
    );
  };

  const walk = (value: unknown, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string')
      return value.includes('://') ? value.replace(URL_CREDENTIALS, `$1:${REDACTED}@`) : value;
    if (typeof value !== 'object' || value === null) return value;
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    try {
      if (Array.isArray(value)) {
        let out: unknown[] | undefined;
        value.forEach((v, i) => {
          const r = walk(v, seen);
          if (r !== v) {
            out ??= value.slice();
            out[i] = r;
          }
        });
        return out ?? value;
      }
      if (value instanceof Error) {
        const e = value as Error & { code?: unknown };
        return walk(
          {
            type: e.name,
            message: e.message,
            stack: e.stack,
            ...(e.code !== undefined ? { code: e.code } : {}),
          },
          seen,
        );
      }
      if (value instanceof Date || Buffer.isBuffer(value) || value instanceof Map || value instanceof Set)
        return value;
      let out: Record<string, unknown> | undefined;
      for (const [k, v] of Object.entries(value)) {
        const r = v !== undefined && v !== null && isSecretKey(k) ? REDACTED : walk(v, seen);
        if (r !== v) {
          out ??= { ...(value as Record<string, unknown>) };
          out[k] = r;
        }
      }
      return out ?? value;
    } finally {
      seen.delete(value);
    }
  };
  // copy-on-write: objects with nothing to redact are returned as they are (no clone)
  return (value) => walk(value, new WeakSet());
}

/** Redacts secrets at any depth (default keys plus `extraKeys`); never mutates its input. */
export function redactSecrets<T>(value: T, extraKeys: readonly string[] = []): T {
  return createRedactor(extraKeys)(value) as T;
}
