// An HTTP proxy on 127.0.0.1 in front of the test S3 server that answers the first `failures` requests
// itself with the given status (a throttled or failing S3 endpoint), then forwards everything.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FlakyProxy {
  endpoint: string;
  /** Requests answered with an error so far. */
  failed(): number;
  close(): Promise<void>;
}

export async function startFlakyProxy(target: string, failures: number, status = 503): Promise<FlakyProxy> {
  const upstream = new URL(target);
  let failed = 0;
  const server = createServer((req, res) => {
    if (failed < failures) {
      failed++;
      req.resume();
      const code = status === 503 ? 'SlowDown' : 'InternalError';
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>try again</Message></Error>`,
      );
      return;
    }
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    failed: () => failed,
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
