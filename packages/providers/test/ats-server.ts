import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { DemoManifest } from '../src/index.js';
import { BOT_PAGES, DEMO } from './paths.js';

export interface LogEntry {
  at: number;
  method: string;
  path: string;
  status: number;
  userAgent: string;
}

export type Fault = (req: IncomingMessage, res: ServerResponse, count: number, server: AtsServer) => void;

export interface AtsServer extends AsyncDisposable {
  origin: string;
  port: number;
  log: LogEntry[];
  close(): Promise<void>;
}

export const TINY_GREENHOUSE = JSON.stringify({
  jobs: [
    {
      id: 101,
      internal_job_id: 11,
      title: 'Backend Engineer',
      updated_at: '2026-10-01T10:00:00-04:00',
      location: { name: 'Berlin' },
      absolute_url: 'https://example.test/jobs/101',
      content: '&lt;p&gt;Build things.&lt;/p&gt;',
    },
    {
      id: 102,
      internal_job_id: 12,
      title: 'Data Analyst',
      updated_at: '2026-10-02T10:00:00-04:00',
      location: { name: 'Remote - US' },
      absolute_url: 'https://example.test/jobs/102',
      content: '',
    },
  ],
  meta: { total: 2 },
});

const botPage = (name: string, fallback: string) =>
  existsSync(join(BOT_PAGES, name)) ? readFileSync(join(BOT_PAGES, name), 'utf8') : fallback;
export const CHALLENGE_HTML = botPage(
  'bbsetup__public-bugbounty-data__cf-jschallenge_api.scoober.com.html',
  readFileSync(join(DEMO, 'snapshots/greenhouse/vantagegrid/challenge.html'), 'utf8'),
);
export const BLOCK_HTML = botPage(
  'bbsetup__public-bugbounty-data__incapsula_acc-shop.lieferando.de.html',
  '<html><head><script src="/_Incapsula_Resource?x=1"></script></head><body>Request unsuccessful.</body></html>',
);

/** Fault scripts, by name: each path /fault/<name>/... plays one. `count` is the request number (1-based). */
export const FAULTS: Record<string, Fault> = {
  'retry-after': (_q, res, n) =>
    n === 1 ? send(res, 429, 'slow down', { 'retry-after': '1' }) : json(res, TINY_GREENHOUSE),
  'retry-after-long': (_q, res) => send(res, 429, 'slow down', { 'retry-after': '3600' }),
  'burst-503': (_q, res, n) => (n <= 2 ? send(res, 503, 'busy') : json(res, TINY_GREENHOUSE)),
  'always-503': (_q, res) => send(res, 503, 'busy'),
  reset: (req) => req.socket.destroy(),
  'reset-once': (req, res, n) => (n === 1 ? req.socket.destroy() : json(res, TINY_GREENHOUSE)),
  'slow-body': (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"jobs":[');
    const timer = setInterval(
      () => (res.writableEnded || res.destroyed ? clearInterval(timer) : res.write(' ')),
      50,
    );
    res.on('close', () => clearInterval(timer));
  },
  'slow-headers': (_q, res) => {
    const timer = setTimeout(() => json(res, TINY_GREENHOUSE), 3_000);
    res.on('close', () => clearTimeout(timer));
  },
  oversized: (_q, res) => json(res, JSON.stringify({ jobs: [], pad: 'x'.repeat(2 * 1024 * 1024) })),
  'oversized-chunked': (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = 'x'.repeat(64 * 1024);
    let sent = 0;
    const pump = () => {
      while (sent < 40 && !res.destroyed) {
        sent++;
        if (!res.write(chunk)) return res.once('drain', pump);
      }
      res.end();
    };
    pump();
  },
  'invalid-json': (_q, res) => json(res, '{"jobs": [{"id": 1, "title": "Trunc'),
  challenge: (_q, res) => send(res, 403, CHALLENGE_HTML, { 'content-type': 'text/html; charset=UTF-8' }),
  'challenge-200': (_q, res) =>
    send(res, 200, CHALLENGE_HTML, { 'content-type': 'text/html; charset=UTF-8' }),
  block: (_q, res) => send(res, 403, BLOCK_HTML, { 'content-type': 'text/html' }),
  'not-found': (_q, res) =>
    send(res, 404, '{"status":404,"error":"Job board not found"}', { 'content-type': 'application/json' }),
  'redirect-out': (req, res, _n, server) =>
    send(res, 302, '', { location: `http://localhost:${server.port}${req.url}` }),
  'redirect-in': (_q, res) => send(res, 301, '', { location: '/fault/ok/v1/boards/ok/jobs?content=true' }),
  'redirect-loop': (req, res) => send(res, 302, '', { location: req.url! }),
  ok: (_q, res) => json(res, TINY_GREENHOUSE),
  'gh-pay': (req, res) =>
    /\/jobs\/101\?pay_transparency=true$/.test(req.url!)
      ? json(
          res,
          JSON.stringify({
            id: 101,
            title: 'Backend Engineer',
            pay_input_ranges: [
              { min_cents: 9000000, max_cents: 12000000, currency_type: 'EUR', title: 'Berlin' },
            ],
          }),
        )
      : json(res, TINY_GREENHOUSE),
  'good-then-challenge': (_q, res, n) =>
    n === 1 ? json(res, TINY_GREENHOUSE) : send(res, 403, CHALLENGE_HTML, { 'content-type': 'text/html' }),
  'json-mentions-cloudflare': (_q, res) =>
    json(
      res,
      JSON.stringify({
        jobs: [
          {
            id: 7,
            title: 'Edge Engineer',
            content: '&lt;p&gt;Cloudflare, captcha, forbidden, access denied, Attention Required!&lt;/p&gt;',
            absolute_url: 'https://example.test/7',
            updated_at: '2026-10-01T00:00:00Z',
          },
        ],
      }),
    ),
};

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain', ...headers });
  res.end(body);
}
function json(res: ServerResponse, body: string): void {
  send(res, 200, body, { 'content-type': 'application/json; charset=utf-8' });
}

export interface ServerOptions {
  robots?: string | number;
  /** Serve the demo set (by the path + query + POST body of each stored response). */
  demo?: boolean;
}

/** A local 127.0.0.1 server playing each ATS from the demo data, plus the fault scripts. */
export async function startAtsServer(options: ServerOptions = {}): Promise<AtsServer> {
  const routes = new Map<string, { file: string; status: number; contentType: string }>();
  if (options.demo) {
    const manifest = JSON.parse(readFileSync(join(DEMO, 'boards.json'), 'utf8')) as DemoManifest;
    for (const b of manifest.boards) {
      for (const p of b.pages) {
        const u = new URL(p.url);
        routes.set(`${p.method} /${u.hostname}${u.pathname}${u.search} ${p.requestBody ?? ''}`, {
          file: p.file,
          status: p.status,
          contentType: p.contentType ?? 'application/json',
        });
      }
    }
  }
  const counts = new Map<string, number>();
  const log: LogEntry[] = [];
  const started = performance.now();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: LogEntry = {
        at: performance.now() - started,
        method: req.method!,
        path: req.url!,
        status: 0,
        userAgent: String(req.headers['user-agent']),
      };
      log.push(entry);
      res.on('finish', () => {
        entry.status = res.statusCode;
      });
      if (req.url === '/robots.txt') {
        if (typeof options.robots === 'number') return send(res, options.robots, 'unavailable');
        return send(res, 200, options.robots ?? 'User-agent: *\nAllow: /\n');
      }
      const fault = /^\/fault\/([^/]+)\//.exec(req.url!);
      if (fault) {
        const name = fault[1]!;
        const n = (counts.get(name) ?? 0) + 1;
        counts.set(name, n);
        const script = FAULTS[name];
        if (!script) return send(res, 500, `no fault ${name}`);
        return script(req, res, n, api);
      }
      const route = routes.get(`${req.method} ${req.url} ${Buffer.concat(chunks).toString('utf8')}`);
      if (!route) return send(res, 404, 'not found');
      const body = readFileSync(join(DEMO, route.file));
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        return res.end();
      }
      res.writeHead(route.status, { 'content-type': route.contentType, etag, 'content-length': body.length });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const api: AtsServer = {
    origin: `http://127.0.0.1:${port}`,
    port,
    log,
    close,
    [Symbol.asyncDispose]: close,
  };
  return api;
}
