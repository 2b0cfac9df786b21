import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type Logger, silentLogger } from '@jobintel/runner-core';
import { z } from 'zod';
import { PublisherError, PublisherErrorCode } from '../errors.js';
import { sha256Hex } from '../hash.js';
import { parseOptions } from '../options.js';
import {
  type ArtifactBody,
  type ArtifactStore,
  assertValidKey,
  assertValidPrefix,
  type ListedObject,
  type ObjectInfo,
  type PutOptions,
  type PutResult,
} from './contract.js';

const META_DIR = '.meta';
const TMP_DIR = '.tmp';
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export const fsStoreOptionsSchema = z.strictObject({
  /** The folder that holds the objects (created when missing). */
  root: z.string().min(1),
  logger: z.custom<Logger>().optional(),
});
export type FsStoreOptions = z.input<typeof fsStoreOptionsSchema>;

interface Meta {
  sha256: string;
  bytes: number;
  contentType: string;
}

/**
 * The default artifact store: objects are plain files under `root` (browsable as they are), their
 * sha256 and content type in `root/.meta/<key>.json`. A put writes a temporary file, fsyncs it and
 * renames it into place, so a reader sees the old object or the new one, never a torn file.
 */
export function createFsStore(input: FsStoreOptions): ArtifactStore {
  const options = parseOptions(fsStoreOptionsSchema, input, 'fs store');
  const root = resolve(options.root);
  const log = (options.logger ?? silentLogger).child({ component: 'fs-store' });
  const dataPath = (key: string) => join(root, ...key.split('/'));
  const metaPath = (key: string) => `${join(root, META_DIR, ...key.split('/'))}.json`;

  async function readMeta(key: string): Promise<Meta | undefined> {
    try {
      return JSON.parse(await readFile(metaPath(key), 'utf8')) as Meta;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw ioError(`cannot read the metadata of ${key}`, error);
    }
  }

  async function head(key: string): Promise<ObjectInfo | undefined> {
    assertValidKey(key);
    let size: number;
    try {
      const st = await stat(dataPath(key));
      if (!st.isFile()) return undefined;
      size = st.size;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw ioError(`cannot stat ${key}`, error);
    }
    const meta = await readMeta(key);
    return {
      key,
      bytes: size,
      sha256: meta?.sha256,
      contentType: meta?.contentType ?? DEFAULT_CONTENT_TYPE,
    };
  }

  async function put(key: string, body: ArtifactBody, putOptions: PutOptions): Promise<PutResult> {
    assertValidKey(key);
    await mkdir(join(root, TMP_DIR), { recursive: true });
    const tmpData = join(root, TMP_DIR, `${randomBytes(8).toString('hex')}.data`);
    const tmpMeta = join(root, TMP_DIR, `${randomBytes(8).toString('hex')}.meta`);
    try {
      const { sha256, bytes } = await writeDurably(tmpData, body);
      if (putOptions.sha256 !== undefined && putOptions.sha256 !== sha256) {
        throw new PublisherError(
          PublisherErrorCode.Integrity,
          `put ${key}: the body's sha256 ${sha256} is not the expected ${putOptions.sha256}`,
          { details: { key, expected: putOptions.sha256, actual: sha256 } },
        );
      }
      const meta: Meta = { sha256, bytes, contentType: putOptions.contentType };
      await writeDurably(tmpMeta, `${JSON.stringify(meta)}\n`);
      await placeFile(tmpData, dataPath(key), key);
      await placeFile(tmpMeta, metaPath(key), key);
      log.debug({ key, bytes }, 'stored');
      return { key, ...meta };
    } finally {
      await unlink(tmpData).catch(() => {});
      await unlink(tmpMeta).catch(() => {});
    }
  }

  /** Renames a finished temporary file into place and fsyncs the folder so the rename survives a crash. */
  async function placeFile(from: string, to: string, key: string): Promise<void> {
    try {
      await mkdir(dirname(to), { recursive: true });
      await rename(from, to);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR') {
        throw new PublisherError(
          PublisherErrorCode.KeyConflict,
          `put ${key}: the key is a folder of another object, or another object is a folder of it`,
          { cause: error },
        );
      }
      throw ioError(`cannot store ${key}`, error);
    }
    await fsyncDir(dirname(to));
  }

  async function get(key: string): Promise<{ info: ObjectInfo; body: Buffer }> {
    const info = await head(key);
    if (!info)
      throw new PublisherError(PublisherErrorCode.NotFound, `get ${key}: no such object`, {
        details: { key },
      });
    let body: Buffer;
    try {
      body = await readFile(dataPath(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new PublisherError(PublisherErrorCode.NotFound, `get ${key}: no such object`, {
          details: { key },
        });
      }
      throw ioError(`cannot read ${key}`, error);
    }
    const actual = sha256Hex(body);
    if (info.sha256 !== undefined && actual !== info.sha256) {
      throw new PublisherError(
        PublisherErrorCode.Integrity,
        `get ${key}: the stored bytes hash to ${actual}, not the recorded ${info.sha256}`,
        { details: { key, expected: info.sha256, actual } },
      );
    }
    return { info: { ...info, bytes: body.length, sha256: actual }, body };
  }

  async function copy(from: string, to: string): Promise<ObjectInfo> {
    assertValidKey(to);
    const info = await head(from);
    if (!info)
      throw new PublisherError(PublisherErrorCode.NotFound, `copy ${from}: no such object`, {
        details: { key: from },
      });
    // through put: the same temporary file, fsync and rename, and the bytes checked against the recorded sha256
    return put(
      to,
      { file: dataPath(from) },
      { contentType: info.contentType, ...(info.sha256 ? { sha256: info.sha256 } : {}) },
    );
  }

  async function list(prefix: string): Promise<ListedObject[]> {
    assertValidPrefix(prefix);
    const slash = prefix.lastIndexOf('/');
    const base = slash < 0 ? '' : prefix.slice(0, slash);
    const found: ListedObject[] = [];
    await walk(base, found, prefix);
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async function walk(dirKey: string, out: ListedObject[], prefix: string): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dirKey ? dataPath(dirKey) : root, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw ioError(`cannot list ${dirKey || '/'}`, error);
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue; // .meta, .tmp: never keys (keys cannot start with '.')
      const key = dirKey ? `${dirKey}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) await walk(key, out, prefix);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        const st = await stat(dataPath(key)).catch(() => undefined);
        if (st) out.push({ key, bytes: st.size });
      }
    }
  }

  async function remove(key: string): Promise<void> {
    assertValidKey(key);
    for (const path of [dataPath(key), metaPath(key)]) {
      try {
        await unlink(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw ioError(`cannot delete ${key}`, error);
      }
    }
    // prune folders left empty, so that a later put of a key named like one of them does not conflict
    await pruneEmpty(dirname(dataPath(key)), root);
    await pruneEmpty(dirname(metaPath(key)), join(root, META_DIR));
  }

  return { kind: 'fs', put, get, head, copy, list, delete: remove, close: async () => {} };
}

async function pruneEmpty(dir: string, stopAt: string): Promise<void> {
  let current = dir;
  while (current.startsWith(`${stopAt}/`)) {
    try {
      await rmdir(current);
    } catch {
      return; // not empty (or gone): stop
    }
    current = dirname(current);
  }
}

/** Writes the body to `path`, hashing on the way, then fsyncs it. */
async function writeDurably(path: string, body: ArtifactBody): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const handle = await open(path, 'wx');
  try {
    if (typeof body === 'string' || body instanceof Uint8Array) {
      const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      hash.update(data);
      bytes = data.length;
      await handle.writeFile(data);
    } else {
      for await (const chunk of createReadStream(body.file, { highWaterMark: 1 << 20 })) {
        const buf = chunk as Buffer;
        hash.update(buf);
        bytes += buf.length;
        await handle.write(buf);
      }
    }
    await handle.sync();
  } catch (error) {
    if (error instanceof PublisherError) throw error;
    throw ioError(
      `cannot write ${typeof body === 'object' && 'file' in body ? 'from the source file' : 'the body'}`,
      error,
    );
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function ioError(message: string, cause: unknown): PublisherError {
  const code = (cause as NodeJS.ErrnoException)?.code;
  return new PublisherError(PublisherErrorCode.Io, `${message}${code ? ` (${code})` : ''}`, {
    cause,
    retryable: code === 'EAGAIN' || code === 'EBUSY' || code === 'EMFILE',
  });
}
