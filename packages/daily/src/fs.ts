import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface WrittenFile {
  sha256: string;
  bytes: number;
}

export const sha256Of = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Writes a file whole or not at all: temp file, fsync, rename. */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
}

export async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

export const fileExists = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

/** Canonical JSON text (sorted keys, two-space indent, trailing newline): the scoring package's. */
export { stableJson } from '@jobintel/scoring';

/** sha256 and size of a file, streamed (outputs can be hundreds of megabytes). */
export async function hashFile(path: string): Promise<WrittenFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).byteLength;
  }
  return { sha256: hash.digest('hex'), bytes };
}
