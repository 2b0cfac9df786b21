import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_SCHEMA_VERSION, type ManifestRow } from '@jobintel/runner-core';
import { afterEach } from 'vitest';

/** Temporary directories, removed after each test of the file that calls this. */
export function useTempDirs(prefix = 'jsonl-sink-'): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const d = await mkdtemp(join(tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
}

export const row = (itemId: string, over: Partial<ManifestRow> = {}): ManifestRow => ({
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

export const line = (itemId: string, over: Partial<ManifestRow> = {}) =>
  `${JSON.stringify(row(itemId, over))}\n`;

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

export async function rejection(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a rejection');
}

/** Replaces a method on a prototype for the duration of `fn`. */
export async function patched<T extends object, K extends keyof T, R>(
  proto: T,
  key: K,
  replacement: (original: T[K]) => T[K],
  fn: () => Promise<R>,
): Promise<R> {
  const original = proto[key];
  proto[key] = replacement(original);
  try {
    return await fn();
  } finally {
    proto[key] = original;
  }
}
