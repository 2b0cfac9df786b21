import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_SCHEMA_VERSION, type ManifestRow } from '@jobintel/runner-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manifestSinkConformance } from './conformance.js';
import { createJsonlSink, readManifest } from './index.js';

const dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'jsonl-sink-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

manifestSinkConformance('jsonl', async () => {
  const dir = await tempDir();
  return { sink: createJsonlSink({ dir }), reopen: async () => createJsonlSink({ dir }) };
});

const row = (itemId: string, over: Partial<ManifestRow> = {}): ManifestRow => ({
  schemaVersion: MANIFEST_SCHEMA_VERSION,
  runId: 'r',
  stage: 's',
  itemId,
  status: 'success',
  attempts: 1,
  durationMs: 1,
  fingerprint: 'f'.repeat(64),
  outputRef: null,
  error: null,
  ts: '2026-11-22T10:00:00.000Z',
  ...over,
});

describe('JSONL sink', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });

  it('writes one complete JSON line per row into <dir>/<stage>.jsonl', async () => {
    const sink = createJsonlSink({ dir });
    await sink.append([row('a'), row('b')]);
    await sink.close();
    const text = await readFile(join(dir, 's.jsonl'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).itemId),
    ).toEqual(['a', 'b']);
  });

  it('reports a truncated last line and corrupt middle lines, skipping only them', async () => {
    const file = join(dir, 's.jsonl');
    const good = (id: string) => `${JSON.stringify(row(id))}\n`;
    await writeFile(
      file,
      `${good('a')}{"broken json\n${good('b')}[1,2]\n${good('c')}${JSON.stringify(row('d')).slice(0, 40)}`,
    );
    const sink = createJsonlSink({ dir });
    const index = await sink.latest('s');
    expect(['a', 'b', 'c'].map((id) => index.get(id)?.status)).toEqual(['success', 'success', 'success']);
    expect(index.get('d')).toBeUndefined();
    expect(index.problems.map((p) => [p.line, p.kind])).toEqual([
      [2, 'corrupt'],
      [4, 'invalid'],
      [6, 'truncated'],
    ]);
    // the next append starts on a new line: the torn row never glues onto it
    await sink.append([row('e')]);
    const after = await sink.latest('s');
    expect(after.get('e')?.status).toBe('success');
    expect(after.problems.map((p) => p.kind)).toEqual(['corrupt', 'invalid', 'corrupt']);
    await sink.close();
  });

  it('group-commits: many concurrent appends share few batches (one write and fsync each)', async () => {
    const sink = createJsonlSink({ dir });
    const probe = await open(join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
    await probe.close();
    const original = proto.sync;
    let syncs = 0;
    proto.sync = function (this: unknown) {
      syncs++;
      return original.call(this);
    };
    try {
      await Promise.all(Array.from({ length: 2000 }, (_, i) => sink.append([row(`i${i}`)])));
    } finally {
      proto.sync = original;
    }
    expect(syncs).toBeGreaterThan(0);
    expect(syncs).toBeLessThan(20);
    expect((await sink.latest('s')).size).toBe(2000);
    await sink.close();
  });

  it('never loses an append that arrives while the writer is releasing its lock', async () => {
    const sink = createJsonlSink({ dir });
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // appends at irregular intervals land in every phase of the flush loop, including its wind-down
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 40; i++) {
          await sink.append([row(`w${w}-${i}`)]);
          await sleep((i * 7 + w * 3) % 4);
        }
      }),
    );
    expect((await sink.latest('s')).size).toBe(320);
    await sink.close();
  });

  it('rejects unsafe stage names and bad options, naming the field', async () => {
    const sink = createJsonlSink({ dir });
    await expect(sink.append([row('a', { stage: '../escape' })])).rejects.toThrow(
      /cannot name a manifest file/,
    );
    expect(() => createJsonlSink({ dir, batchMaxRows: 0 } as never)).toThrow(/batchMaxRows/);
    expect(() => createJsonlSink({} as never)).toThrow(/dir/);
    await sink.close();
  });

  it('compacts to the last row per item, atomically, in order of last appearance', async () => {
    const sink = createJsonlSink({ dir });
    await sink.append([
      row('a', { status: 'failure' }),
      row('b'),
      row('a', { attempts: 2 }),
      row('c'),
      row('b', { status: 'cancelled' }),
    ]);
    await appendFile(join(dir, 's.jsonl'), 'garbage\n');
    const result = await sink.compact('s');
    expect(result).toEqual({ rowsBefore: 5, rowsAfter: 3, problemsDropped: 1 });
    const rows = [];
    for await (const r of sink.rows('s')) rows.push([r.itemId, r.status, r.attempts]);
    expect(rows).toEqual([
      ['a', 'success', 2],
      ['c', 'success', 1],
      ['b', 'cancelled', 1],
    ]);
    expect((await readdir(dir)).sort()).toEqual(['s.jsonl']);
    await sink.close();
  });

  it('breaks a stale lock left by a dead process, and waits for then times out on a live one', async () => {
    const lockDir = join(dir, 's.jsonl.lock');
    await mkdir(lockDir);
    await writeFile(
      join(lockDir, 'owner.json'),
      JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), token: 'dead', since: 'then' }),
    );
    const first = createJsonlSink({ dir, lockTimeoutMs: 300 });
    await first.append([row('a')]);
    await first.close(); // the writer holds the lock across back-to-back batches; close releases it
    expect(existsSync(lockDir)).toBe(false);
    const sink = createJsonlSink({ dir, lockTimeoutMs: 300 });

    // a live holder: this very process, under another token
    await mkdir(lockDir);
    await writeFile(
      join(lockDir, 'owner.json'),
      JSON.stringify({ pid: process.pid, host: hostname(), token: 'live', since: 'now' }),
    );
    const error = (await sink.append([row('b')]).catch((e: unknown) => e)) as {
      code: string;
      message: string;
    };
    expect(error).toMatchObject({ code: 'MANIFEST_LOCK_TIMEOUT' });
    expect(error.message).toContain(`pid ${process.pid}`);
    expect(existsSync(lockDir)).toBe(true); // never removed while held
    await rm(lockDir, { recursive: true });
    await sink.append([row('c')]);
    expect((await sink.latest('s')).size).toBe(2);
    await sink.close();
  });

  it('readManifest streams rows with line numbers and treats a missing file as empty', async () => {
    const lines = [];
    for await (const l of readManifest(join(dir, 'nope.jsonl'))) lines.push(l);
    expect(lines).toEqual([]);
  });
});
