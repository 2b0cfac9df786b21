import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { demoBoards, demoDir, demoSnapshotSource, fetchBoards, PROVIDERS } from '../src/index.js';
import { DEMO } from './paths.js';

const SCRIPT = fileURLToPath(new URL('../scripts/generate-demo.mjs', import.meta.url));
const list = (dir: string) =>
  (readdirSync(dir, { recursive: true }) as string[]).filter((f) => !f.endsWith('/')).sort();

describe('demo snapshot set', () => {
  it('is not stale: regenerating gives byte-identical files', () => {
    const out = mkdtempSync(join(tmpdir(), 'jobintel-demo-'));
    try {
      execFileSync(process.execPath, [SCRIPT, out]);
      const files = list(out).filter((f) => f.includes('.'));
      expect(files).toEqual(list(DEMO).filter((f) => f.includes('.')));
      for (const f of files) {
        expect(
          readFileSync(join(out, f)).equals(readFileSync(join(DEMO, f))),
          `${f} is stale: run node scripts/generate-demo.mjs`,
        ).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('covers every format with enough postings, a challenge board and an empty board', async () => {
    expect(demoDir()).toBe(DEMO);
    const boards = await demoBoards();
    expect(new Set(boards.map((b) => b.name)).size).toBeGreaterThanOrEqual(12);
    expect(new Set(boards.map((b) => b.provider))).toEqual(new Set(PROVIDERS));
    const results = await fetchBoards(boards, { source: demoSnapshotSource() });
    const postings = results.flatMap((r) => r.postings);
    expect(postings.length).toBeGreaterThanOrEqual(1500);
    expect(results.find((r) => r.board.boardSlug === 'vantagegrid')!.availability).toMatchObject({
      status: 'unavailable',
      reason: 'challenge',
    });
    expect(results.find((r) => r.board.boardSlug === 'emptysetlabs')!.availability).toMatchObject({
      status: 'degraded',
      reason: 'empty',
    });
    expect(results.filter((r) => r.availability.status === 'ok')).toHaveLength(results.length - 2);
    // multi-location jobs and cross-board duplicates exist
    expect(postings.filter((p) => p.locations.length > 1).length).toBeGreaterThan(50);
    const orbital = results.find((r) => r.board.boardSlug === 'orbitalfoods')!.postings;
    expect(new Set(orbital.map((p) => p.jobId)).size).toBeLessThan(orbital.length);
    const key = (p: (typeof postings)[number]) =>
      `${p.title}|${p.locations[0]?.raw}|${p.descriptionText.slice(0, 200)}`;
    const meridian = new Set(results.find((r) => r.board.boardSlug === 'meridiantalent')!.postings.map(key));
    expect(
      postings.filter((p) => p.board !== 'meridiantalent' && meridian.has(key(p))).length,
    ).toBeGreaterThan(20);
    // every posting says which stored response it came from, and descriptions are there
    expect(postings.every((p) => p.raw.sha256.length === 64 && p.raw.url.startsWith('https://'))).toBe(true);
    expect(postings.filter((p) => p.descriptionText.length > 200).length).toBeGreaterThan(1200);
    expect(postings.filter((p) => p.compensation?.min != null).length).toBeGreaterThan(400);
  });
});
