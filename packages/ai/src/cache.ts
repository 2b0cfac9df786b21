import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from '@jobintel/runner-core';
import { z } from 'zod';

/** A stored task answer. Only validated answers are stored; failures never are. */
export interface CacheEntry {
  key: string;
  prompt: string;
  model: string;
  output: unknown;
}

/** Where answers are kept. The file store below is the default; the registry database can back it later. */
export interface AiCacheStore {
  get(key: string): Promise<CacheEntry | undefined>;
  set(entry: CacheEntry): Promise<void>;
}

const entrySchema = z.object({ key: z.string(), prompt: z.string(), model: z.string(), output: z.unknown() });

/** sha256 of the prompt version, the provider and model, and the canonical JSON of the input. */
export function cacheKey(parts: { prompt: string; provider: string; model: string; input: unknown }): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        v: 1,
        prompt: parts.prompt,
        provider: parts.provider,
        model: parts.model,
        input: parts.input,
      }),
    )
    .digest('hex');
}

/**
 * One JSON file per entry under `dir/<first two hex chars>/<key>.json`, written to a temporary file
 * and renamed into place, so a reader never sees half an entry and concurrent writers do not clash.
 * An unreadable or foreign file is a miss.
 */
export function createFileCacheStore(dir: string): AiCacheStore {
  const pathOf = (key: string) => join(dir, key.slice(0, 2), `${key}.json`);
  return {
    async get(key) {
      if (!/^[0-9a-f]{64}$/.test(key)) return undefined;
      let text: string;
      try {
        text = await readFile(pathOf(key), 'utf8');
      } catch {
        return undefined;
      }
      try {
        const parsed = entrySchema.safeParse(JSON.parse(text));
        return parsed.success && parsed.data.key === key ? (parsed.data as CacheEntry) : undefined;
      } catch {
        return undefined;
      }
    },
    async set(entry) {
      if (!/^[0-9a-f]{64}$/.test(entry.key)) throw new Error(`not a cache key: ${entry.key.slice(0, 80)}`);
      const path = pathOf(entry.key);
      await mkdir(join(dir, entry.key.slice(0, 2)), { recursive: true });
      const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
      try {
        await writeFile(tmp, `${JSON.stringify(entry, null, 2)}\n`, 'utf8');
        await rename(tmp, path);
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
    },
  };
}
