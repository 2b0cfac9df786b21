import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheKey, createFileCacheStore } from './cache.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jobintel-ai-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = {
  prompt: 'weekly-insights@1',
  provider: 'openai-compatible',
  model: 'm',
  input: { a: 1, b: [1, 2] },
};

describe('cache key', () => {
  it('is stable across key order and changes with prompt version, model, provider and input', () => {
    const key = cacheKey(base);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...base, input: { b: [1, 2], a: 1 } })).toBe(key);
    const variants = [
      { ...base, prompt: 'weekly-insights@2' },
      { ...base, model: 'm2' },
      { ...base, provider: 'anthropic' },
      { ...base, input: { a: 1, b: [2, 1] } },
    ];
    expect(new Set([key, ...variants.map(cacheKey)]).size).toBe(5);
  });
});

describe('file cache store', () => {
  it('round-trips entries and leaves no temporary files', async () => {
    const store = createFileCacheStore(dir);
    const key = cacheKey(base);
    expect(await store.get(key)).toBeUndefined();
    const entry = { key, prompt: base.prompt, model: 'm', output: { themes: ['x'] } };
    await store.set(entry);
    expect(await store.get(key)).toEqual(entry);
    const files = await readdir(dir, { recursive: true });
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files).toContain(join(key.slice(0, 2), `${key}.json`));
  });

  it('writes byte-identical files for the same entry', async () => {
    const store = createFileCacheStore(dir);
    const key = cacheKey(base);
    const entry = { key, prompt: base.prompt, model: 'm', output: { b: 1, a: 2 } };
    await store.set(entry);
    const first = await readFile(join(dir, key.slice(0, 2), `${key}.json`));
    await store.set(entry);
    expect(await readFile(join(dir, key.slice(0, 2), `${key}.json`))).toEqual(first);
  });

  it('survives concurrent writers of the same key', async () => {
    const store = createFileCacheStore(dir);
    const key = cacheKey(base);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.set({ key, prompt: base.prompt, model: 'm', output: { i } }),
      ),
    );
    const got = await store.get(key);
    expect(got?.output).toMatchObject({ i: expect.any(Number) });
    expect((await readdir(join(dir, key.slice(0, 2)))).length).toBe(1);
  });

  it('treats a corrupt, foreign or misplaced file as a miss', async () => {
    const store = createFileCacheStore(dir);
    const key = cacheKey(base);
    await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
    const path = join(dir, key.slice(0, 2), `${key}.json`);
    await writeFile(path, '{"key": "trunc');
    expect(await store.get(key)).toBeUndefined();
    await writeFile(path, JSON.stringify({ key: 'other', prompt: 'p', model: 'm', output: 1 }));
    expect(await store.get(key)).toBeUndefined();
    expect(await store.get('../../etc/passwd')).toBeUndefined();
    await expect(store.set({ key: '../x', prompt: 'p', model: 'm', output: 1 })).rejects.toThrow(
      /not a cache key/,
    );
  });
});
