import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import { startS3Server, type TestS3Server } from '../../test/s3-server.js';
import { artifactStoreConformance } from '../conformance.js';
import { createFsStore } from './fs-store.js';
import { createS3Store } from './s3-store.js';

artifactStoreConformance('fs', async () => {
  const root = await mkdtemp(join(tmpdir(), 'fs-store-'));
  return {
    store: createFsStore({ root }),
    corrupt: (key, bytes) => writeFile(join(root, ...key.split('/')), bytes),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

let s3: TestS3Server;
let n = 0;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.dispose();
});

artifactStoreConformance('s3 (s3rver)', async () => {
  // one server per file; a fresh key prefix per test keeps the stores empty and apart
  const prefix = `t${++n}/`;
  const store = createS3Store(s3.storeOptions({ prefix }));
  return {
    store,
    corrupt: async (key, bytes) => {
      const info = await store.head(key);
      await s3.raw.send(
        new PutObjectCommand({
          Bucket: s3.bucket,
          Key: `${prefix}${key}`,
          Body: bytes,
          Metadata: { sha256: info?.sha256 ?? '' },
        }),
      );
    },
  };
});
