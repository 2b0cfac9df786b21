// A webhook receiver on 127.0.0.1 (node:http, port 0) that records every request and answers from a
// script: each entry answers one request; after the script, `fallback` answers.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (the client must time out). */
  hang?: boolean;
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  /** Base URL, e.g. http://127.0.0.1:1234 */
  origin: string;
  requests: Received[];
  close(): Promise<void>;
}

export async function startReceiver(
  script: Answer[] = [],
  fallback: Answer = { status: 204 },
): Promise<Receiver> {
  const requests: Received[] = [];
  const queue = [...script];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer = queue.shift() ?? fallback;
      if (answer.hang) return;
      const text =
        answer.body === undefined
          ? ''
          : typeof answer.body === 'string'
            ? answer.body
            : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(text);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
