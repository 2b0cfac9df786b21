import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ProviderError, ProviderErrorCode } from './errors.js';
import type { Provider } from './posting.js';

/** One stored HTTP response of a board fetch. */
export interface SnapshotPage {
  /** `list` pages make up the board; `detail` pages enrich one posting (`postingId`). */
  role: 'list' | 'detail';
  postingId?: string;
  url: string;
  method: 'GET' | 'POST';
  requestBody?: string | null;
  status: number;
  fetchedAt: string;
  sha256: string;
  bytes: number;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
}

/** The responses of one board fetch, in request order. `ok` is false for a failed fetch. */
export interface SnapshotRecord {
  schemaVersion: 1;
  provider: Provider;
  board: string;
  fetchedAt: string;
  ok: boolean;
  pages: SnapshotPage[];
}

export interface LoadedSnapshot {
  record: SnapshotRecord;
  /** Bodies of `record.pages`, same order, each verified against its sha256. */
  bodies: Buffer[];
}

/** Anything that can hand back stored responses of a board (the store, the demo set). */
export interface SnapshotSource {
  /** The newest record with `ok: true`, or null. */
  lastGood(provider: Provider, board: string): Promise<LoadedSnapshot | null>;
  /** The newest record whatever its outcome, or null. */
  latest(provider: Provider, board: string): Promise<LoadedSnapshot | null>;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Write a file atomically: a temp file in the same folder, then rename over the target. */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/**
 * Content-addressed snapshot store on the filesystem:
 * `bodies/<aa>/<sha256>` holds each distinct body once; `records/<provider>/<board>/<time>-<id>.json`
 * lists the pages of each fetch (URL, status, fetch time, sha256, bytes, validators). Every write is
 * atomic. Reading a body re-hashes it, so provenance never trusts stale metadata.
 */
export class FsSnapshotStore implements SnapshotSource {
  readonly root: string;
  constructor(root: string) {
    this.root = root;
  }

  bodyPath(sha256: string): string {
    return join(this.root, 'bodies', sha256.slice(0, 2), sha256);
  }

  private boardDir(provider: Provider, board: string): string {
    return join(this.root, 'records', provider, encodeURIComponent(board));
  }

  /** Store a body (once per content); returns its sha256 and size. */
  async putBody(bytes: Uint8Array): Promise<{ sha256: string; bytes: number }> {
    const sha256 = sha256Hex(bytes);
    const path = this.bodyPath(sha256);
    const exists = await stat(path).then(
      (s) => s.size === bytes.length,
      () => false,
    );
    if (!exists) await writeAtomic(path, bytes);
    return { sha256, bytes: bytes.length };
  }

  /** Read a body and verify its hash. */
  async readBody(sha256: string): Promise<Buffer> {
    let body: Buffer;
    try {
      body = await readFile(this.bodyPath(sha256));
    } catch (cause) {
      throw new ProviderError(ProviderErrorCode.SnapshotNotFound, `no stored body ${sha256}`, { cause });
    }
    if (sha256Hex(body) !== sha256) {
      throw new ProviderError(
        ProviderErrorCode.SnapshotCorrupt,
        `stored body ${sha256} does not match its hash`,
      );
    }
    return body;
  }

  /** Store a fetch record; returns its path. Names sort by fetch time. */
  async putRecord(record: SnapshotRecord): Promise<string> {
    const text = `${JSON.stringify(record, null, 2)}\n`;
    const id = sha256Hex(Buffer.from(text)).slice(0, 12);
    const path = join(
      this.boardDir(record.provider, record.board),
      `${record.fetchedAt.replace(/[:.]/g, '-')}-${id}.json`,
    );
    await writeAtomic(path, text);
    return path;
  }

  /** Records of a board, newest first. Unreadable record files are skipped. */
  async records(provider: Provider, board: string): Promise<SnapshotRecord[]> {
    const dir = this.boardDir(provider, board);
    const names = await readdir(dir).catch(() => [] as string[]);
    const out: SnapshotRecord[] = [];
    for (const name of names
      .filter((n) => n.endsWith('.json'))
      .sort()
      .reverse()) {
      try {
        const r = JSON.parse(await readFile(join(dir, name), 'utf8')) as SnapshotRecord;
        if (r.schemaVersion === 1 && Array.isArray(r.pages)) out.push(r);
      } catch {
        // a torn or foreign file is not a snapshot
      }
    }
    return out;
  }

  async lastGood(provider: Provider, board: string): Promise<LoadedSnapshot | null> {
    return this.load(provider, board, true);
  }

  async latest(provider: Provider, board: string): Promise<LoadedSnapshot | null> {
    return this.load(provider, board, false);
  }

  private async load(provider: Provider, board: string, goodOnly: boolean): Promise<LoadedSnapshot | null> {
    for (const record of await this.records(provider, board)) {
      if (goodOnly && !record.ok) continue;
      try {
        const bodies = await Promise.all(record.pages.map((p) => this.readBody(p.sha256)));
        return { record, bodies };
      } catch {
        // a record whose bodies are gone or corrupt is skipped in favour of an older one
      }
    }
    return null;
  }
}
