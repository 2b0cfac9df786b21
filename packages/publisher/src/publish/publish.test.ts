import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { faulty } from '../../test/faulty-store.js';
import { runInput } from '../../test/fixtures.js';
import { rejection } from '../../test/rejection.js';
import { sha256Hex } from '../hash.js';
import type { ArtifactStore } from '../store/contract.js';
import { createFsStore } from '../store/fs-store.js';
import { repairLatest } from './latest.js';
import { planPublish, renderPointer } from './plan.js';
import { publish } from './publish.js';
import { INTENT_KEY, POINTER_KEY } from './schema.js';
import { readPointer } from './state.js';
import { verify } from './verify.js';

let root: string;
let store: ArtifactStore;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'publish-'));
  store = createFsStore({ root: join(root, 'store') });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** latest/ and the pointer agree, and the pointer's run is complete under runs/. */
async function expectConsistent(runId: string) {
  const pointer = await readPointer(store);
  expect(pointer?.runId).toBe(runId);
  const result = await verify(store, { deep: true });
  expect(result.problems).toEqual([]);
  expect(result.exitCode).toBe(0);
}

describe('plan', () => {
  it('lists every key with bytes, sha256 and content type, deterministically and without a store', async () => {
    const input = runInput('r1');
    const shuffled = {
      ...input,
      profiles: [...input.profiles].reverse().map((p) => ({ ...p, artifacts: [...p.artifacts].reverse() })),
    };
    const a = await planPublish(input);
    const b = await planPublish(shuffled);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.objects.map((o) => o.key)).toEqual([
      'runs/r1/backend/only-r1.txt',
      'runs/r1/backend/ranked/ranked.csv',
      'runs/r1/backend/report.json',
      'runs/r1/backend/top.md',
      'runs/r1/data/only-r1.txt',
      'runs/r1/data/ranked/ranked.csv',
      'runs/r1/data/report.json',
      'runs/r1/data/top.md',
    ]);
    const top = a.objects.find((o) => o.key === 'runs/r1/backend/top.md')!;
    expect(top).toEqual({
      profile: 'backend',
      name: 'top.md',
      key: 'runs/r1/backend/top.md',
      latestKey: 'latest/backend/top.md',
      bytes: Buffer.byteLength('# Top jobs for backend (r1)\n'),
      sha256: sha256Hex('# Top jobs for backend (r1)\n'),
      contentType: 'text/markdown; charset=utf-8',
    });
    expect(a.pointer.key).toBe(POINTER_KEY);
    expect(a.pointer.sha256).toBe(sha256Hex(renderPointer(a.pointer.document)));
    expect(a.pointer.document).toMatchObject({
      schemaVersion: 1,
      runId: 'r1',
      profiles: ['backend', 'data'],
    });
  });

  it('hashes file artifacts by streaming them', async () => {
    const file = join(root, 'big.csv');
    await writeFile(file, 'x'.repeat(100_000));
    const plan = await planPublish({
      runId: 'r1',
      time: '2026-11-22T07:00:00Z',
      profiles: [{ profile: 'p', artifacts: [{ name: 'big.csv', contentType: 'text/csv', file }] }],
    });
    expect(plan.objects[0]).toMatchObject({ bytes: 100_000, sha256: sha256Hex('x'.repeat(100_000)) });
  });

  it('rejects bad input naming the field', async () => {
    const bad = async (input: unknown) => rejection(planPublish(input as never));
    const e1 = await bad({ ...runInput('r1'), runId: '../etc' });
    expect(e1.code).toBe('PUBLISHER_INVALID_OPTIONS');
    expect(e1.message).toContain('runId');
    const input = runInput('r1');
    const e2 = await bad({ ...input, profiles: [input.profiles[0], input.profiles[0]] });
    expect(e2.message).toContain('profiles.1.profile: duplicate profile backend');
    const e3 = await bad({
      ...input,
      profiles: [{ profile: 'p', artifacts: [{ name: '../x', contentType: 'text/plain', body: 'x' }] }],
    });
    expect(e3.message).toContain('profiles.0.artifacts.0');
    const e4 = await bad({ ...input, time: 'yesterday' });
    expect(e4.message).toContain('time');
  });
});

describe('publish on the filesystem store', () => {
  it('uploads the run, replaces latest and writes the pointer last; verify passes', async () => {
    const result = await publish(store, runInput('r1'));
    expect(result).toMatchObject({
      runId: 'r1',
      uploaded: 8,
      reused: 0,
      latestWritten: 8,
      latestDeleted: 0,
      previousRunId: null,
    });
    const pointer = (await store.get(POINTER_KEY)).body.toString();
    expect(pointer).toBe(renderPointer(result.plan.pointer.document));
    expect(await store.head(INTENT_KEY)).toBeUndefined();
    expect((await store.get('latest/data/top.md')).body.toString()).toBe('# Top jobs for data (r1)\n');
    await expectConsistent('r1');
  });

  it('a second run replaces latest (dropping what it lacks) and keeps the first run intact', async () => {
    await publish(store, runInput('r1'));
    const second = await publish(store, runInput('r2'));
    expect(second).toMatchObject({ previousRunId: 'r1', latestDeleted: 2 });
    expect(await store.head('latest/backend/only-r1.txt')).toBeUndefined();
    expect(await store.head('runs/r1/backend/only-r1.txt')).toBeDefined();
    await expectConsistent('r2');
    expect((await verify(store, { expected: await planPublish(runInput('r1')) })).exitCode).toBe(0);
  });

  it('publishing the same run again re-uses what is there', async () => {
    await publish(store, runInput('r1'));
    const again = await publish(store, runInput('r1'));
    expect(again).toMatchObject({ uploaded: 0, reused: 8, latestWritten: 8, latestDeleted: 0 });
    await expectConsistent('r1');
  });

  it('refuses to overwrite a run id with different content (PUBLISH_RUN_CONFLICT)', async () => {
    await publish(store, runInput('r1'));
    const error = await rejection(publish(store, runInput('r1', 'other')));
    expect(error.code).toBe('PUBLISH_RUN_CONFLICT');
    await expectConsistent('r1');
  });

  it('a file changed between plan and publish fails with PUBLISH_SOURCE_CHANGED', async () => {
    const file = join(root, 'a.csv');
    await writeFile(file, 'one');
    const input = {
      runId: 'r1',
      time: '2026-11-22T07:00:00Z',
      profiles: [{ profile: 'p', artifacts: [{ name: 'a.csv', contentType: 'text/csv', file }] }],
    };
    await planPublish(input);
    const slow = faulty(store);
    // change the file after planning: the listing that starts the upload phase is the moment
    const original = slow.list;
    let changed = false;
    slow.list = async (prefix) => {
      if (!changed && prefix.startsWith('runs/')) {
        changed = true;
        await writeFile(file, 'two');
      }
      return original(prefix);
    };
    expect((await rejection(publish(slow, input))).code).toBe('PUBLISH_SOURCE_CHANGED');
    expect(await readPointer(store)).toBeUndefined();
  });

  it('a failure while replacing latest brings latest back to the previous pointer', async () => {
    await publish(store, runInput('r1'));
    const f = faulty(store);
    f.failFrom('copy', 3, (key) => key.startsWith('latest/'), { onlyThatCall: true });
    expect((await rejection(publish(f, runInput('r2')))).code).toBe('STORE_UNAVAILABLE');
    await expectConsistent('r1');
    expect(await store.head(INTENT_KEY)).toBeUndefined();
  });

  it('a failed pointer write brings latest back too', async () => {
    await publish(store, runInput('r1'));
    const f = faulty(store);
    f.failFrom('put', 1, (key) => key === POINTER_KEY, { onlyThatCall: true });
    expect((await rejection(publish(f, runInput('r2')))).code).toBe('STORE_UNAVAILABLE');
    await expectConsistent('r1');
  });

  it('when the store stays down, the intent remains and the next publish repairs first', async () => {
    await publish(store, runInput('r1'));
    const f = faulty(store);
    f.failFrom('copy', 2, (key) => key.startsWith('latest/'));
    expect((await rejection(publish(f, runInput('r2')))).code).toBe('STORE_UNAVAILABLE');
    f.heal();
    // latest/ is mixed now, and the intent says so; the pointer still names the complete run r1
    expect(await store.head(INTENT_KEY)).toBeDefined();
    expect((await readPointer(store))?.runId).toBe('r1');
    expect((await verify(store)).exitCode).toBe(2);
    const repaired = await repairLatest(store);
    expect(repaired).toMatchObject({ repaired: true, interruptedRunId: 'r2', runId: 'r1' });
    await expectConsistent('r1');
    const r3 = await publish(store, runInput('r3'));
    expect(r3.previousRunId).toBe('r1');
    await expectConsistent('r3');
  });

  it('a publish after an interruption repairs and then commits', async () => {
    const f = faulty(store);
    f.failFrom('copy', 5, (key) => key.startsWith('latest/'));
    expect((await rejection(publish(f, runInput('r1')))).code).toBe('STORE_UNAVAILABLE');
    f.heal();
    expect(await readPointer(store)).toBeUndefined();
    const again = await publish(store, runInput('r1'));
    expect(again).toMatchObject({ repairedInterrupted: true, uploaded: 0, reused: 8 });
    await expectConsistent('r1');
  });
});

describe('verify', () => {
  it('reports exit code 2 for a deleted object, a changed object and an extra latest object', async () => {
    const { plan } = await publish(store, runInput('r1'));
    expect((await verify(store, { expected: plan })).exitCode).toBe(0);
    await store.delete('runs/r1/backend/top.md');
    await store.put('latest/data/report.json', '{"tampered":true}\n', { contentType: 'application/json' });
    await store.put('latest/data/extra.txt', 'extra', { contentType: 'text/plain' });
    const result = await verify(store, { expected: plan });
    expect(result.exitCode).toBe(2);
    expect(result.status).toBe('mismatch');
    expect(result.problems.map((p) => [p.key, p.kind])).toEqual([
      ['latest/data/extra.txt', 'unexpected'],
      ['latest/data/report.json', 'bytes'],
      ['runs/r1/backend/top.md', 'missing'],
    ]);
  });

  it('a deep verify catches bytes changed behind the store that keep their size', async () => {
    const { plan } = await publish(store, runInput('r1'));
    const path = join(root, 'store', 'runs', 'r1', 'data', 'top.md');
    await writeFile(path, '# Top jobs for DATA (r1)\n');
    expect((await verify(store, { expected: plan })).exitCode).toBe(0);
    const deep = await verify(store, { expected: plan, deep: true });
    expect(deep.exitCode).toBe(2);
    expect(deep.problems).toEqual([
      {
        key: 'runs/r1/data/top.md',
        kind: 'content',
        expected: plan.objects.find((o) => o.key === 'runs/r1/data/top.md')!.sha256,
        actual: 'differs from the recorded sha256',
      },
    ]);
  });

  it('reports a missing pointer as exit code 2, and a store failure as exit code 3', async () => {
    expect(await verify(store)).toMatchObject({
      exitCode: 2,
      problems: [{ key: POINTER_KEY, kind: 'missing' }],
    });
    const f = faulty(store);
    f.failFrom('head', 1, () => true);
    const result = await verify(f);
    expect(result).toMatchObject({ exitCode: 3, status: 'error', error: { code: 'STORE_UNAVAILABLE' } });
  });
});
