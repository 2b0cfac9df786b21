import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../../test/rejection.js';
import { sha256Hex } from '../hash.js';
import { createFsStore } from './fs-store.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'fs-store-only-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('fs store', () => {
  it('keeps objects as plain files and their sha256 and content type beside them in .meta', async () => {
    const store = createFsStore({ root });
    await store.put('latest/p/top.md', '# top\n', { contentType: 'text/markdown' });
    expect(await readFile(join(root, 'latest', 'p', 'top.md'), 'utf8')).toBe('# top\n');
    expect(JSON.parse(await readFile(join(root, '.meta', 'latest', 'p', 'top.md.json'), 'utf8'))).toEqual({
      sha256: sha256Hex('# top\n'),
      bytes: 6,
      contentType: 'text/markdown',
    });
  });

  it('leaves no temporary files behind, also after a refused put', async () => {
    const store = createFsStore({ root });
    await store.put('a.txt', 'a', { contentType: 'text/plain' });
    await rejection(store.put('b.txt', 'b', { contentType: 'text/plain', sha256: sha256Hex('not b') }));
    expect(await readdir(join(root, '.tmp'))).toEqual([]);
    expect((await store.list('')).map((o) => o.key)).toEqual(['a.txt']);
  });

  it('refuses a key that is a folder of another object, or whose folder is an object', async () => {
    const store = createFsStore({ root });
    await store.put('runs/a/b.json', '{}', { contentType: 'application/json' });
    expect((await rejection(store.put('runs/a', 'x', { contentType: 'text/plain' }))).code).toBe(
      'STORE_KEY_CONFLICT',
    );
    await store.put('runs/c', 'x', { contentType: 'text/plain' });
    expect((await rejection(store.put('runs/c/d', 'x', { contentType: 'text/plain' }))).code).toBe(
      'STORE_KEY_CONFLICT',
    );
    expect(await store.head('runs/c/d')).toBeUndefined();
  });

  it('prunes folders left empty by delete, so their names can become keys', async () => {
    const store = createFsStore({ root });
    await store.put('x/y/z.txt', 'z', { contentType: 'text/plain' });
    await store.delete('x/y/z.txt');
    expect(await readdir(root)).not.toContain('x');
    await store.put('x', 'now a file', { contentType: 'text/plain' });
    expect((await store.get('x')).body.toString()).toBe('now a file');
  });

  it('rejects bad options naming the field', () => {
    expect(() => createFsStore({ root: '' })).toThrow(/invalid fs store options: root/);
  });
});
