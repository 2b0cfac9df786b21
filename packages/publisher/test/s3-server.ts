// A real S3-protocol server (s3rver) on 127.0.0.1, one per test file, in a temp folder; it can be
// stopped in the middle of a request stream and started again on the same port and data.
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { S3StoreOptions } from '../src/store/s3-store.js';

// distinctive credentials, so that the leak scan can look for them
export const TEST_ACCESS_KEY_ID = 'AKIAJOBINTELTEST0001';
export const TEST_SECRET_ACCESS_KEY = 'jobintel-test-secret-Zq9x7Wv3Tt';
const account = createRequire(import.meta.url)('s3rver/lib/models/account.js') as {
  DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
};
account.DUMMY_ACCOUNT.createKeyPair(TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY);

export interface TestS3Server {
  readonly endpoint: string;
  readonly bucket: string;
  /** Options for createS3Store pointing at this server (fast retries). */
  storeOptions(extra?: Partial<S3StoreOptions>): S3StoreOptions;
  /** A plain SDK client, for changing objects behind a store's back. */
  raw: S3Client;
  /** Stops the server abruptly once `count` requests matching `match` have arrived (the last one is cut). */
  stopAfter(count: number, match: (req: IncomingMessage) => boolean): Promise<void>;
  /** Records `METHOD url` of every request until the returned function is called; it returns them. */
  record(): () => string[];
  stop(): Promise<void>;
  /** Starts the server again on the same port over the same data. */
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startS3Server(bucket = 'artifacts'): Promise<TestS3Server> {
  const dir = await mkdtemp(join(tmpdir(), 's3rver-'));
  let port = 0;
  let server: S3rver | undefined;
  const start = async () => {
    server = new S3rver({
      address: '127.0.0.1',
      port,
      silent: true,
      directory: dir,
      configureBuckets: [{ name: bucket }],
    });
    port = (await server.run()).port;
  };
  const stop = async () => {
    const s = server;
    server = undefined;
    if (!s) return;
    const closed = s.close();
    s.httpServer.closeAllConnections();
    await closed;
  };
  await start();
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = () => ({ accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY });
  const raw = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: credentials(),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    bucket,
    raw,
    storeOptions: (extra = {}) => ({
      bucket,
      endpoint,
      credentials: credentials(),
      retry: { attempts: 3, baseMs: 5, capMs: 20, seed: 7 },
      connectTimeoutMs: 1_000,
      requestTimeoutMs: 10_000,
      ...extra,
    }),
    stopAfter: (count, match) =>
      new Promise((resolve) => {
        let seen = 0;
        const s = server!;
        s.httpServer.on('request', (req: IncomingMessage) => {
          if (!match(req) || ++seen !== count) return;
          req.socket.destroy();
          void stop().then(resolve);
        });
      }),
    record: () => {
      const seen: string[] = [];
      const s = server!;
      const listener = (req: IncomingMessage) => seen.push(`${req.method} ${req.url}`);
      s.httpServer.on('request', listener);
      return () => {
        s.httpServer.off('request', listener);
        return seen;
      };
    },
    stop,
    start,
    dispose: async () => {
      raw.destroy();
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
