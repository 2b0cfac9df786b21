// Fault injection on a real S3-protocol server: the server is stopped in the middle of a publish, then
// started again over the same data, and the run is published again.
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInput } from '../../test/fixtures.js';
import { rejection } from '../../test/rejection.js';
import { startS3Server, type TestS3Server } from '../../test/s3-server.js';
import type { ArtifactStore } from '../store/contract.js';
import { createS3Store } from '../store/s3-store.js';
import { repairLatest } from './latest.js';
import { planPublish } from './plan.js';
import { publish } from './publish.js';
import { INTENT_KEY } from './schema.js';
import { readPointer } from './state.js';
import { verify } from './verify.js';

let s3: TestS3Server;
let n = 0;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.dispose();
});

const isPutTo = (part: string) => (req: { method?: string; url?: string }) =>
  req.method === 'PUT' && (req.url ?? '').includes(part);

/** The pointer's run is complete under runs/ and latest/ matches it. */
async function expectConsistent(store: ArtifactStore, runId: string) {
  expect((await readPointer(store))?.runId).toBe(runId);
  const result = await verify(store, { deep: true });
  expect(result.problems).toEqual([]);
  expect(result.exitCode).toBe(0);
}

describe('publish to S3 with the server stopped midway', () => {
  it('stopped while uploading the run: the pointer and latest still name the previous run; publishing again completes', async () => {
    const prefix = `p${++n}/`;
    const store = createS3Store(s3.storeOptions({ prefix }));
    try {
      await publish(store, runInput('r1'), { concurrency: 2 });
      const stopped = s3.stopAfter(3, isPutTo(`/${prefix}runs/r2/`));
      const error = await rejection(publish(store, runInput('r2'), { concurrency: 2 }));
      await stopped;
      expect(error.code).toBe('STORE_UNAVAILABLE');
      expect(error.message).not.toContain('jobintel-test-secret');
      await s3.start();
      await expectConsistent(store, 'r1');
      const again = await publish(store, runInput('r2'), { concurrency: 2 });
      expect(again.reused).toBeGreaterThan(0);
      expect(again.uploaded + again.reused).toBe(8);
      await expectConsistent(store, 'r2');
      expect((await verify(store, { expected: again.plan })).exitCode).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('stopped while replacing latest: the pointer never moves; repair restores latest; publishing again completes', async () => {
    const prefix = `p${++n}/`;
    const store = createS3Store(s3.storeOptions({ prefix }));
    try {
      await publish(store, runInput('r1'));
      const stopped = s3.stopAfter(2, isPutTo(`/${prefix}latest/`));
      const error = await rejection(publish(store, runInput('r2'), { concurrency: 1 }));
      await stopped;
      expect(error.code).toBe('STORE_UNAVAILABLE');
      await s3.start();
      // the pointer still names r1, whose run is complete; latest/ may be mixed and the intent says so
      const pointer = await readPointer(store);
      expect(pointer?.runId).toBe('r1');
      expect(
        (await verify(store, { expected: await planPublish(runInput('r1')) })).problems.filter((p) =>
          p.key.startsWith('runs/'),
        ),
      ).toEqual([]);
      expect(await store.head(INTENT_KEY)).toBeDefined();
      expect(await repairLatest(store)).toMatchObject({
        repaired: true,
        interruptedRunId: 'r2',
        runId: 'r1',
      });
      await expectConsistent(store, 'r1');
      await publish(store, runInput('r2'));
      await expectConsistent(store, 'r2');
    } finally {
      await store.close();
    }
  });

  it('verify on S3 catches a deleted object and a changed object; exit code 3 when the server is down', async () => {
    const prefix = `p${++n}/`;
    const store = createS3Store(s3.storeOptions({ prefix }));
    try {
      const { plan } = await publish(store, runInput('r1'));
      await s3.raw.send(
        new DeleteObjectCommand({ Bucket: s3.bucket, Key: `${prefix}runs/r1/data/report.json` }),
      );
      // changed behind the store, same size, sha256 metadata kept: only the deep check can see it
      const top = plan.objects.find((o) => o.key === 'runs/r1/backend/top.md')!;
      await s3.raw.send(
        new PutObjectCommand({
          Bucket: s3.bucket,
          Key: `${prefix}latest/backend/top.md`,
          Body: '# Top jobs for BACKEND (r1)\n',
          Metadata: { sha256: top.sha256 },
        }),
      );
      const shallow = await verify(store, { expected: plan });
      expect(shallow.problems.map((p) => [p.key, p.kind])).toEqual([['runs/r1/data/report.json', 'missing']]);
      const deep = await verify(store, { expected: plan, deep: true });
      expect(deep.exitCode).toBe(2);
      expect(deep.problems.map((p) => [p.key, p.kind])).toEqual([
        ['latest/backend/top.md', 'content'],
        ['runs/r1/data/report.json', 'missing'],
      ]);
      await s3.stop();
      const down = await verify(store, { expected: plan });
      expect(down).toMatchObject({ exitCode: 3, status: 'error', error: { code: 'STORE_UNAVAILABLE' } });
      await s3.start();
    } finally {
      await store.close();
    }
  });
});
