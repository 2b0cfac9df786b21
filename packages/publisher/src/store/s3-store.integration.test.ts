// What only the S3 store does: multipart uploads, the sha256 in object metadata, list pagination,
// retries with backoff, and error mapping; against a real S3-protocol server on 127.0.0.1.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { createMemoryLogger } from '@jobintel/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFlakyProxy } from '../../test/flaky-proxy.js';
import { rejection } from '../../test/rejection.js';
import { startS3Server, TEST_SECRET_ACCESS_KEY, type TestS3Server } from '../../test/s3-server.js';
import { createS3Store } from './s3-store.js';

const MiB = 1024 * 1024;
let s3: TestS3Server;
let dir: string;
beforeAll(async () => {
  s3 = await startS3Server();
  dir = await mkdtemp(join(tmpdir(), 's3-store-'));
});
afterAll(async () => {
  await s3?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** A file of `size` pseudo-random bytes (seeded), written as a stream; returns its sha256. */
async function writeRandomFile(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  let seed = 42;
  for (let written = 0; written < size; written += MiB) {
    const chunk = Buffer.alloc(Math.min(MiB, size - written));
    for (let i = 0; i < chunk.length; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      chunk[i] = seed >>> 24;
    }
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((done) => out.once('drain', () => done()));
  }
  await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
  return hash.digest('hex');
}

describe('s3 store', () => {
  it('uploads a large file in parts, records its sha256 in the metadata and reads it back whole', async () => {
    const store = createS3Store(
      s3.storeOptions({ prefix: 'mp/', multipartThresholdBytes: 5 * MiB, partSizeBytes: 5 * MiB }),
    );
    const file = join(dir, 'big.bin');
    const size = 11 * MiB + 123;
    const sha = await writeRandomFile(file, size);
    const stopRecording = s3.record();
    const put = await store.put('runs/r1/p/big.bin', { file }, { contentType: 'application/octet-stream' });
    expect(stopRecording().filter((r) => /^PUT .*partNumber=/.test(r))).toHaveLength(3);
    expect(put).toEqual({
      key: 'runs/r1/p/big.bin',
      bytes: size,
      sha256: sha,
      contentType: 'application/octet-stream',
    });
    const head = await s3.raw.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'mp/runs/r1/p/big.bin' }));
    expect(head.Metadata?.sha256).toBe(sha);
    const got = await store.get('runs/r1/p/big.bin');
    expect(got.body.length).toBe(size);
    expect(got.info.sha256).toBe(sha);
    await store.close();
  });

  it('a streamed upload whose bytes do not match the expected sha256 is removed and reported', async () => {
    const store = createS3Store(
      s3.storeOptions({ prefix: 'mpbad/', multipartThresholdBytes: 5 * MiB, partSizeBytes: 5 * MiB }),
    );
    const file = join(dir, 'bad.bin');
    await writeRandomFile(file, 6 * MiB);
    const error = await rejection(
      store.put('x.bin', { file }, { contentType: 'application/octet-stream', sha256: 'a'.repeat(64) }),
    );
    expect(error.code).toBe('STORE_INTEGRITY');
    expect(await store.head('x.bin')).toBeUndefined();
    await store.close();
  });

  it('lists across pages', async () => {
    const store = createS3Store(s3.storeOptions({ prefix: 'pages/', listPageSize: 2 }));
    const keys = ['a/1', 'a/2', 'a/3', 'a/4', 'a/5', 'b/1'];
    for (const key of keys) await store.put(key, key, { contentType: 'text/plain' });
    expect((await store.list('a/')).map((o) => o.key)).toEqual(keys.slice(0, 5));
    await store.close();
  });

  it('retries 503 SlowDown answers with backoff, logging each retry without credentials', async () => {
    const proxy = await startFlakyProxy(s3.endpoint, 2);
    const memory = createMemoryLogger();
    const store = createS3Store(
      s3.storeOptions({ prefix: 'retry/', endpoint: proxy.endpoint, logger: memory.logger }),
    );
    try {
      const put = await store.put('k.txt', 'after two failures', { contentType: 'text/plain' });
      expect(put.bytes).toBe(18);
      expect(proxy.failed()).toBe(2);
      const retries = memory.records.filter((r) => r.msg === 's3 request failed, retrying');
      expect(retries.map((r) => [r.op, r.attempt, r.code])).toEqual([
        ['put', 1, 'STORE_UNAVAILABLE'],
        ['put', 2, 'STORE_UNAVAILABLE'],
      ]);
      expect(memory.text()).not.toContain(TEST_SECRET_ACCESS_KEY);
    } finally {
      await store.close();
      await proxy.close();
    }
  });

  it('gives up after the configured attempts with a retryable STORE_UNAVAILABLE', async () => {
    const proxy = await startFlakyProxy(s3.endpoint, 100, 500);
    const store = createS3Store(s3.storeOptions({ prefix: 'retry2/', endpoint: proxy.endpoint }));
    try {
      const error = await rejection(store.head('k.txt'));
      expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
      expect(proxy.failed()).toBe(3);
    } finally {
      await store.close();
      await proxy.close();
    }
  });

  it('maps refused credentials to STORE_ACCESS_DENIED without retrying and without echoing them', async () => {
    const store = createS3Store(
      s3.storeOptions({
        credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'not-the-secret-8Hq2' },
      }),
    );
    const error = await rejection(store.put('k.txt', 'x', { contentType: 'text/plain' }));
    expect(error).toMatchObject({ code: 'STORE_ACCESS_DENIED', retryable: false });
    expect(JSON.stringify(error)).not.toContain('not-the-secret-8Hq2');
    expect(error.message).not.toContain('not-the-secret-8Hq2');
    await store.close();
  });

  it('rejects bad options naming the field', () => {
    expect(() => createS3Store({ bucket: 'b', partSizeBytes: 1024 } as never)).toThrow(/partSizeBytes/);
    expect(() => createS3Store({ bucket: 'b', prefix: '/abs' } as never)).toThrow(/prefix/);
  });
});
