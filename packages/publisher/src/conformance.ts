// The artifact store contract as a vitest suite. Every ArtifactStore implementation runs it (the
// filesystem and S3 stores here; any other store elsewhere). It tests only what the contract promises.
// This entry imports vitest (an optional peer dependency); the main entry does not.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArtifactStore } from './store/contract.js';

/** What the factory of `artifactStoreConformance` returns: a fresh, empty store. */
export interface StoreUnderTest {
  store: ArtifactStore;
  /** Changes an object's stored bytes behind the store's back, keeping its recorded sha256 (enables the integrity test). */
  corrupt?(key: string, bytes: Uint8Array): Promise<void>;
  /** Removes the storage; called after each test, once the store is closed. */
  cleanup?(): Promise<void>;
}

const sha = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

async function rejection(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/**
 * Registers the artifact store contract as vitest tests. `factory` is called once per test and must
 * return a fresh, empty store:
 *
 *     artifactStoreConformance('fs', async () => {
 *       const root = await mkdtemp(join(tmpdir(), 'store-'));
 *       return { store: createFsStore({ root }), cleanup: () => rm(root, { recursive: true, force: true }) };
 *     });
 */
export function artifactStoreConformance(name: string, factory: () => Promise<StoreUnderTest>): void {
  describe(`artifact store conformance: ${name}`, () => {
    const opened: StoreUnderTest[] = [];
    const open = async () => {
      const under = await factory();
      opened.push(under);
      return under;
    };
    afterEach(async () => {
      for (const under of opened.splice(0)) {
        await under.store.close();
        await under.cleanup?.();
      }
    });

    it('put returns key, bytes, sha256 and content type, and head agrees', async () => {
      const { store } = await open();
      const put = await store.put('runs/r1/p/report.json', '{"a":1}\n', { contentType: 'application/json' });
      expect(put).toEqual({
        key: 'runs/r1/p/report.json',
        bytes: 8,
        sha256: sha('{"a":1}\n'),
        contentType: 'application/json',
      });
      expect(await store.head('runs/r1/p/report.json')).toEqual(put);
    });

    it('get returns exactly the bytes put: binary, UTF-8 text and empty bodies', async () => {
      const { store } = await open();
      const binary = Uint8Array.from({ length: 512 }, (_, i) => (i * 7) % 256);
      await store.put('a/binary.bin', binary, { contentType: 'application/octet-stream' });
      await store.put('a/text.md', 'Zürich — 東京 ✓\n', { contentType: 'text/markdown; charset=utf-8' });
      await store.put('a/empty.txt', new Uint8Array(0), { contentType: 'text/plain' });
      const b = await store.get('a/binary.bin');
      expect(Buffer.compare(b.body, Buffer.from(binary))).toBe(0);
      expect(b.info.sha256).toBe(sha(binary));
      const t = await store.get('a/text.md');
      expect(t.body.toString('utf8')).toBe('Zürich — 東京 ✓\n');
      expect(t.info.contentType).toBe('text/markdown; charset=utf-8');
      const e = await store.get('a/empty.txt');
      expect(e.body.length).toBe(0);
      expect(e.info.sha256).toBe(sha(''));
    });

    it('put streams a local file body', async () => {
      const { store } = await open();
      const dir = await mkdtemp(join(tmpdir(), 'conformance-src-'));
      try {
        const data = Buffer.alloc(300_000, 'abc');
        await writeFile(join(dir, 'f.csv'), data);
        const put = await store.put('f/data.csv', { file: join(dir, 'f.csv') }, { contentType: 'text/csv' });
        expect(put).toMatchObject({ bytes: data.length, sha256: sha(data), contentType: 'text/csv' });
        expect(Buffer.compare((await store.get('f/data.csv')).body, data)).toBe(0);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('put overwrites, and head and get see the new object', async () => {
      const { store } = await open();
      await store.put('latest/p/top.md', 'old', { contentType: 'text/plain' });
      await store.put('latest/p/top.md', 'new body', { contentType: 'text/markdown' });
      expect(await store.head('latest/p/top.md')).toMatchObject({
        bytes: 8,
        sha256: sha('new body'),
        contentType: 'text/markdown',
      });
      expect((await store.get('latest/p/top.md')).body.toString()).toBe('new body');
    });

    it('a put with a wrong expected sha256 fails with STORE_INTEGRITY and stores nothing', async () => {
      const { store } = await open();
      const error = await rejection(
        store.put('x/y.txt', 'body', { contentType: 'text/plain', sha256: sha('other') }),
      );
      expect(error.code).toBe('STORE_INTEGRITY');
      expect(await store.head('x/y.txt')).toBeUndefined();
      const ok = await store.put('x/y.txt', 'body', { contentType: 'text/plain', sha256: sha('body') });
      expect(ok.sha256).toBe(sha('body'));
    });

    it('head of a missing key is undefined; get of it fails with STORE_NOT_FOUND', async () => {
      const { store } = await open();
      expect(await store.head('nope/missing.json')).toBeUndefined();
      expect((await rejection(store.get('nope/missing.json'))).code).toBe('STORE_NOT_FOUND');
    });

    it('list gives the keys under a prefix with their sizes, sorted, with plain string-prefix semantics', async () => {
      const { store } = await open();
      for (const key of [
        'runs/r2/p/b.json',
        'runs/r1/p/a.json',
        'runs/r10/p/a.json',
        'latest/p/a.json',
        'runs/r1/q/z.txt',
      ]) {
        await store.put(key, key, { contentType: 'text/plain' });
      }
      expect(await store.list('runs/r1/')).toEqual([
        { key: 'runs/r1/p/a.json', bytes: 16 },
        { key: 'runs/r1/q/z.txt', bytes: 15 },
      ]);
      expect((await store.list('runs/r1')).map((o) => o.key)).toEqual([
        'runs/r1/p/a.json',
        'runs/r1/q/z.txt',
        'runs/r10/p/a.json',
      ]);
      expect((await store.list('')).map((o) => o.key)).toEqual([
        'latest/p/a.json',
        'runs/r1/p/a.json',
        'runs/r1/q/z.txt',
        'runs/r10/p/a.json',
        'runs/r2/p/b.json',
      ]);
      expect(await store.list('nothing/')).toEqual([]);
    });

    it('copy duplicates an object with its sha256 and content type; a missing source is STORE_NOT_FOUND', async () => {
      const { store } = await open();
      const put = await store.put('runs/r1/p/top.md', '# top\n', { contentType: 'text/markdown' });
      await store.put('latest/p/top.md', 'older', { contentType: 'text/plain' });
      const copied = await store.copy('runs/r1/p/top.md', 'latest/p/top.md');
      expect(copied).toEqual({ ...put, key: 'latest/p/top.md' });
      expect(await store.head('latest/p/top.md')).toEqual(copied);
      expect((await store.get('latest/p/top.md')).body.toString()).toBe('# top\n');
      expect((await rejection(store.copy('runs/r1/p/none.md', 'latest/p/none.md'))).code).toBe(
        'STORE_NOT_FOUND',
      );
      expect(await store.head('latest/p/none.md')).toBeUndefined();
    });

    it('delete removes the object; deleting a missing key is not an error', async () => {
      const { store } = await open();
      await store.put('d/one.txt', '1', { contentType: 'text/plain' });
      await store.put('d/two.txt', '2', { contentType: 'text/plain' });
      await store.delete('d/one.txt');
      await store.delete('d/one.txt');
      await store.delete('d/never-existed.txt');
      expect(await store.head('d/one.txt')).toBeUndefined();
      expect((await store.list('d/')).map((o) => o.key)).toEqual(['d/two.txt']);
    });

    it('rejects unsafe keys with STORE_INVALID_KEY before touching storage', async () => {
      const { store } = await open();
      const bad = [
        '',
        '/abs',
        '../escape',
        'a/../../b',
        'a//b',
        'a/./b',
        'a\\b',
        'a/.hidden',
        'sp ace',
        'nul\u0000',
        'trailing/',
        'x'.repeat(1025),
      ];
      for (const key of bad) {
        expect((await rejection(store.put(key, 'x', { contentType: 'text/plain' }))).code, key).toBe(
          'STORE_INVALID_KEY',
        );
        expect((await rejection(store.head(key))).code, key).toBe('STORE_INVALID_KEY');
        expect((await rejection(store.delete(key))).code, key).toBe('STORE_INVALID_KEY');
      }
      expect((await rejection(store.list('../'))).code).toBe('STORE_INVALID_KEY');
      expect(await store.list('')).toEqual([]);
    });

    it('concurrent puts of distinct keys all land', async () => {
      const { store } = await open();
      const keys = Array.from({ length: 40 }, (_, i) => `c/${String(i).padStart(2, '0')}.json`);
      await Promise.all(keys.map((key) => store.put(key, key, { contentType: 'application/json' })));
      expect((await store.list('c/')).map((o) => o.key)).toEqual(keys);
    });

    it('get detects bytes changed behind the store (STORE_INTEGRITY)', async (ctx) => {
      const under = await open();
      if (!under.corrupt) return ctx.skip('this store under test cannot corrupt objects');
      await under.store.put('i/report.json', '{"ok":true}', { contentType: 'application/json' });
      await under.corrupt('i/report.json', Buffer.from('{"ok":fals}'));
      expect((await rejection(under.store.get('i/report.json'))).code).toBe('STORE_INTEGRITY');
    });
  });
}
