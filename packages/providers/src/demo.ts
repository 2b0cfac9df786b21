import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BoardConfig, boardConfigSchema } from './board-config.js';
import type { Provider } from './posting.js';
import { type LoadedSnapshot, type SnapshotPage, type SnapshotSource, sha256Hex } from './snapshots.js';

/** One demo board in `demo/boards.json`: a board config plus the files of its stored responses. */
export interface DemoBoardEntry {
  ok: boolean;
  provider: Provider;
  boardSlug: string;
  name: string;
  /** The first (or only) snapshot file, relative to the demo folder. */
  snapshot: string;
  pages: (Omit<SnapshotPage, 'fetchedAt' | 'sha256' | 'bytes' | 'etag' | 'lastModified'> & {
    file: string;
  })[];
  [key: string]: unknown;
}

export interface DemoManifest {
  schemaVersion: 1;
  fetchedAt: string;
  boards: DemoBoardEntry[];
}

/** Absolute path of the demo snapshot folder shipped with the package. */
export function demoDir(): string {
  // src/demo.ts and dist/index.js are both one level below the package root
  return fileURLToPath(new URL('../demo/', import.meta.url));
}

export async function loadDemoManifest(dir: string = demoDir()): Promise<DemoManifest> {
  return JSON.parse(await readFile(join(dir, 'boards.json'), 'utf8')) as DemoManifest;
}

/** The demo boards as validated board configs (mode `snapshot`): what the daily run uses with no config. */
export async function demoBoards(dir: string = demoDir()): Promise<BoardConfig[]> {
  const manifest = await loadDemoManifest(dir);
  return manifest.boards.map(({ ok: _ok, snapshot: _snapshot, pages: _pages, ...board }) =>
    boardConfigSchema.parse(board),
  );
}

/** A snapshot source over the demo folder, for `fetchBoard` in snapshot mode. */
export function demoSnapshotSource(dir: string = demoDir()): SnapshotSource {
  let manifest: Promise<DemoManifest> | null = null;
  const load = async (
    provider: Provider,
    board: string,
    goodOnly: boolean,
  ): Promise<LoadedSnapshot | null> => {
    manifest ??= loadDemoManifest(dir);
    const m = await manifest;
    const entry = m.boards.find((b) => b.provider === provider && b.boardSlug === board);
    if (!entry || (goodOnly && !entry.ok)) return null;
    const bodies = await Promise.all(entry.pages.map((p) => readFile(join(dir, p.file))));
    const pages: SnapshotPage[] = entry.pages.map(({ file: _file, ...p }, i) => ({
      ...p,
      fetchedAt: m.fetchedAt,
      sha256: sha256Hex(bodies[i]!),
      bytes: bodies[i]!.length,
      etag: null,
      lastModified: null,
    }));
    return {
      record: { schemaVersion: 1, provider, board, fetchedAt: m.fetchedAt, ok: entry.ok, pages },
      bodies,
    };
  };
  return {
    lastGood: (provider, board) => load(provider, board, true),
    latest: (provider, board) => load(provider, board, false),
  };
}
