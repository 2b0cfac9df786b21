// The jobintel command end to end, as users run it: a real process per command, from the sources.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReportSchema } from '@jobintel/daily';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnNodeFromSource, waitForExit } from './support/node-source.js';

const bin = new URL('../apps/cli/src/main.ts', import.meta.url).pathname;
const OUTPUTS = ['ranked.json', 'ranked.csv', 'shortlist.md', 'top.md'];

const jobintel = (args: string[], cwd: string): ChildProcess =>
  spawnNodeFromSource(bin, args, { DATABASE_URL: '', NO_COLOR: '1' }, cwd);
const finished = waitForExit;

const run = (args: string[], cwd: string) => finished(jobintel(args, cwd));
const dirs: string[] = [];
const tempDir = async (name: string) => {
  const d = await mkdtemp(join(tmpdir(), `jobintel-e2e-${name}-`));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
const runDirs = async (cwd: string) => readdir(join(cwd, '.jobintel', 'runs')).catch(() => [] as string[]);

describe('jobintel run on a fresh copy (the quick start)', () => {
  let cwd: string;
  let runId: string;
  beforeAll(async () => {
    cwd = await tempDir('quick');
    const result = await run(['run'], cwd);
    expect(result.code, result.stderr).toBe(0);
    [runId] = (await runDirs(cwd)) as [string];
  });

  it('exits 0 with a valid report, a non-empty shortlist per demo profile, and the challenge board unavailable', async () => {
    const report = runReportSchema.parse(
      JSON.parse(await readFile(join(cwd, '.jobintel', 'runs', runId, 'report.json'), 'utf8')),
    );
    expect(report.run.status).toBe('partial');
    expect(report.boards.find((b) => b.boardSlug === 'vantagegrid')).toMatchObject({
      status: 'unavailable',
      reason: 'challenge',
    });
    expect(report.profiles.map((p) => p.id).sort()).toEqual([
      'customer-success',
      'data-science',
      'software-engineering',
    ]);
    for (const p of report.profiles) expect(p.shortlisted, p.id).toBeGreaterThan(0);
  });

  it('replays the run from another folder (identical), and names a tampered artifact (exit 2)', async () => {
    const elsewhere = await tempDir('elsewhere');
    const ok = await run(['replay', runId, '--recalc', '--state-dir', join(cwd, '.jobintel')], elsewhere);
    expect(ok.code, ok.stderr).toBe(0);
    await writeFile(
      join(cwd, '.jobintel', 'runs', runId, 'profiles', 'data-science', 'shortlist.md'),
      'edited\n',
    );
    const bad = await run(['replay', runId, '--state-dir', join(cwd, '.jobintel')], elsewhere);
    expect(bad.code).toBe(2);
    expect(bad.stdout + bad.stderr).toContain('profiles/data-science/shortlist.md');
  });

  it('a run killed with SIGKILL in the score stage resumes as the same run and ends byte-identical', async () => {
    const other = await tempDir('kill');
    const child = jobintel(['run'], other);
    const exit = finished(child);
    // kill as soon as the score stage has started writing
    for (let i = 0; i < 3000; i++) {
      const [id] = await runDirs(other);
      if (id && existsSync(join(other, '.jobintel', 'runs', id, 'scores'))) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await exit;
    const [killedId] = (await runDirs(other)) as [string];
    expect(existsSync(join(other, '.jobintel', 'runs', killedId, 'report.json'))).toBe(false);

    const again = await run(['run', '--json'], other);
    expect(again.code, again.stderr).toBe(0);
    const report = runReportSchema.parse(JSON.parse(again.stdout));
    expect(report.run.id).toBe(killedId);
    expect(report.run.attempts).toBe(2);
    const fetch = report.stages.find((s) => s.name === 'fetch');
    expect(fetch?.skipped).toBe(fetch?.planned); // re-used from the killed attempt
    for (const p of report.profiles) {
      for (const name of OUTPUTS) {
        const a = await readFile(join(cwd, '.jobintel', 'runs', runId, 'profiles', p.id, name));
        const b = await readFile(join(other, '.jobintel', 'runs', killedId, 'profiles', p.id, name));
        if (name === 'shortlist.md' && p.id === 'data-science') continue; // edited by the replay test
        expect(a.equals(b), `${p.id}/${name}`).toBe(true);
      }
    }
  });
});

describe('refusals', () => {
  it('a second concurrent run gets exit 3 and says what holds it', async () => {
    const cwd = await tempDir('concurrent');
    const first = jobintel(['run'], cwd);
    const firstDone = finished(first);
    for (let i = 0; i < 3000 && (await runDirs(cwd)).length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    const second = await run(['run'], cwd);
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(/in use by jobintel run/);
    expect(second.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect((await firstDone).code).toBe(0);
  });

  it('invalid configurations exit 2, name the path of each problem, and write nothing', async () => {
    const cwd = await tempDir('invalid');
    await writeFile(
      join(cwd, 'jobintel.config.yaml'),
      [
        'surprise: 1',
        'scoring: { minScore: high }',
        'boards:',
        '  - { provider: taleo, boardSlug: x, name: X }',
        'profiles:',
        '  - file: missing.yaml',
        '',
      ].join('\n'),
    );
    const result = await run(['run'], cwd);
    expect(result.code).toBe(2);
    for (const path of ['scoring.minScore', 'boards.0.provider']) expect(result.stderr).toContain(path);
    expect(result.stderr).toContain('surprise');
    expect(existsSync(join(cwd, '.jobintel'))).toBe(false);
  });
});
