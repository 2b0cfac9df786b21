import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply. The server plays the steps in order, one per request. */
export type ReplayStep =
  | { kind: 'json'; body: unknown; status?: number; headers?: Record<string, string> }
  | { kind: 'raw'; body: string; status?: number; headers?: Record<string, string> }
  /** Announce the full length, send `bytes` of the body, then drop the connection. */
  | { kind: 'cut'; body: string; bytes: number }
  /** Wait before answering (past the client's timeout). */
  | { kind: 'slow'; delayMs: number; reply: ReplayStep }
  /** Answer depending on the request (for concurrent calls whose arrival order is not fixed). */
  | { kind: 'dynamic'; reply: (request: RecordedRequest) => ReplayStep }
  /** Send the headers at once, then the body only after `delayMs`. */
  | { kind: 'slow-body'; delayMs: number; body: unknown };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** The chat messages a recorded request sent (system first for Chat Completions). */
export function sentMessages(request: RecordedRequest | undefined): { role: string; content: string }[] {
  const body = request?.body as { messages?: { role: string; content: string }[] } | undefined;
  return body?.messages ?? [];
}

export interface ReplayServer extends AsyncDisposable {
  /** Base URL, e.g. http://127.0.0.1:54321/v1 */
  url: string;
  requests: RecordedRequest[];
  /** Steps not played yet. */
  remaining(): number;
  close(): Promise<void>;
}

/** A local HTTP server on 127.0.0.1 that replays recorded responses and misbehaves on script. */
export async function startReplayServer(steps: ReplayStep[]): Promise<ReplayServer> {
  const queue = [...steps];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const play = (step: ReplayStep, res: ServerResponse, request: RecordedRequest): void => {
    switch (step.kind) {
      case 'dynamic':
        play(step.reply(request), res, request);
        return;
      case 'json':
      case 'raw': {
        const text = step.kind === 'json' ? JSON.stringify(step.body) : step.body;
        res.writeHead(step.status ?? 200, { 'content-type': 'application/json', ...step.headers });
        res.end(text);
        return;
      }
      case 'cut': {
        const bytes = Buffer.from(step.body);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
        res.write(bytes.subarray(0, step.bytes), () => later(10, () => res.socket?.destroy()));
        return;
      }
      case 'slow':
        later(step.delayMs, () => {
          if (!res.socket?.destroyed) play(step.reply, res, request);
        });
        return;
      case 'slow-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(' ');
        later(step.delayMs, () => {
          if (!res.socket?.destroyed) res.end(JSON.stringify(step.body));
        });
        return;
    }
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // recorded as text
    }
    const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
    requests.push(request);
    const step = queue.shift();
    if (!step) {
      res.writeHead(599, { 'content-type': 'text/plain' });
      res.end('replay script exhausted');
      return;
    }
    play(step, res, request);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const close = async () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    remaining: () => queue.length,
    close,
    [Symbol.asyncDispose]: close,
  };
}
