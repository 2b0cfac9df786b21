import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig, openRegistry, runReportSchema } from '@jobintel/daily';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli, tempDir } from '../test-utils.js';

// One demo run (offline, embedded PGlite under <cwd>/.jobintel) shared by the registry commands.
describe('jobintel run and the commands that read its results', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let first: CliResult;
  let runId: string;
  const cli = (argv: string[]) => runCli(argv, { cwd: dir.path });

  beforeAll(async () => {
    dir = await tempDir();
    first = await cli(['run']);
    runId = /run (\S+): /.exec(first.stdout)?.[1] ?? '';
  });
  afterAll(() => dir.cleanup());

  it('runs the bundled demo: a summary table, the top 5, the paths of the files, progress lines (exit 0)', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(runId).toMatch(/^\d{8}T\d{6}Z-/);
    expect(first.stdout).toMatch(/boards: 12 ok, 1 degraded, 1 unavailable/);
    expect(first.stdout).toContain('unavailable greenhouse:vantagegrid');
    expect(first.stdout).toMatch(/profile\s+jobs\s+shortlisted\s+alerts\s+new\s+changed\s+removed/);
    expect(first.stdout).toContain('top 5: software-engineering');
    expect(first.stdout).toContain(`report:     .jobintel/runs/${runId}/report.json`);
    for (const p of ['customer-success', 'data-science', 'software-engineering']) {
      expect(first.stdout).toContain(`.jobintel/runs/${runId}/profiles/${p}/shortlist.md`);
      expect(first.stdout).toContain(`.jobintel/runs/${runId}/profiles/${p}/top.md`);
      expect(existsSync(join(dir.path, '.jobintel', 'runs', runId, 'profiles', p, 'shortlist.md'))).toBe(
        true,
      );
    }
    // not a TTY: plain progress lines on stderr, one final line per stage at least
    expect(first.stderr).toMatch(/\[1\/10\] fetch 14\/14 \(100%\)/);
    expect(first.stderr).toMatch(/\[5\/10\] score /);
  });

  it('runs list / show read the registry (table and JSON); an unknown id exits 2', async () => {
    const list = await cli(['runs', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(runId);
    const json = JSON.parse((await cli(['runs', 'list', '--json', '--status', 'partial'])).stdout) as {
      id: string;
    }[];
    expect(json.map((r) => r.id)).toEqual([runId]);
    expect(JSON.parse((await cli(['runs', 'list', '--json', '--status', 'failed'])).stdout)).toEqual([]);

    const show = await cli(['runs', 'show', runId]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`run ${runId}: partial (exit 0)`);
    expect(show.stdout).toMatch(/fetch\s+succeeded\s+14/);
    const record = JSON.parse((await cli(['runs', 'show', runId, '--json'])).stdout) as { report: unknown };
    expect(runReportSchema.safeParse(record.report).success).toBe(true);

    const missing = await cli(['runs', 'show', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error: no run with id nope');
    expect(missing.stderr).toContain('fix: list the runs with `jobintel runs list`');
  });

  it('jobs filters the latest ranked jobs of a profile; an unknown profile exits 2', async () => {
    const r = await cli(['jobs', '--profile', 'data-science', '--min-score', '60', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { runId: string; jobs: { score: number; company: string }[] };
    expect(result.runId).toBe(runId);
    expect(result.jobs.length).toBeGreaterThan(0);
    expect(result.jobs.every((j) => j.score >= 60)).toBe(true);

    const company = JSON.parse(
      (await cli(['jobs', '-p', 'data-science', '--company', 'lumen', '--limit', '2', '--json'])).stdout,
    ) as typeof result;
    expect(company.jobs).toHaveLength(2);
    expect(company.jobs.every((j) => j.company === 'Lumen Ledger')).toBe(true);

    const table = await cli(['jobs', '--profile', 'data-science', '--limit', '3']);
    expect(table.stdout).toMatch(/#\s+score\s+id\s+title/);
    expect(table.stdout).toContain(`3 jobs from run ${runId}`);

    const unknown = await cli(['jobs', '--profile', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no profile "nope"');
  });

  it('state set records a status; the next run hides an ignored job and tags an applied one', async () => {
    const top = JSON.parse((await cli(['jobs', '-p', 'data-science', '--limit', '2', '--json'])).stdout) as {
      jobs: { id: string }[];
    };
    const [ignored, applied] = top.jobs.map((j) => j.id);
    const set = await cli(['state', 'set', ignored as string, 'ignore', '--profile', 'data-science']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('ignore, hidden from the lists');
    const note = await cli([
      'state',
      'set',
      applied as string,
      'applied',
      '-p',
      'data-science',
      '--note',
      'sent',
      '--json',
    ]);
    expect(JSON.parse(note.stdout)).toMatchObject({
      status: 'applied',
      note: 'sent',
      profile: 'data-science',
    });
    expect((await cli(['state', 'set', 'x', 'saved', '--profile', 'nope'])).code).toBe(2);

    const second = await cli(['run', '--json', '--offline', '--quiet']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toBe('');
    const report = runReportSchema.parse(JSON.parse(second.stdout));
    expect(report.run.id).not.toBe(runId);
    expect(report.profiles.find((p) => p.id === 'data-science')?.hidden).toBe(1);
    const after = JSON.parse(
      (await cli(['jobs', '-p', 'data-science', '--limit', '100000', '--json'])).stdout,
    ) as {
      jobs: { id: string; userStatus: string | null }[];
    };
    expect(after.jobs.some((j) => j.id === ignored)).toBe(false);
    expect(after.jobs.find((j) => j.id === applied)?.userStatus).toBe('applied');
  });

  it('replay verifies a run from any directory (--state-dir), and names a tampered artifact (exit 2)', async () => {
    const elsewhere = await tempDir();
    try {
      const stateDir = join(dir.path, '.jobintel');
      const ok = await runCli(['replay', runId, '--recalc', '--state-dir', stateDir], {
        cwd: elsewhere.path,
      });
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/artifacts match their hashes/);
      expect(ok.stdout).toMatch(/recalc: identical \(\d+ jobs re-scored\)/);

      const top = join(stateDir, 'runs', runId, 'profiles', 'data-science', 'top.md');
      await writeFile(top, `${await readFile(top, 'utf8')}tampered\n`);
      const bad = await runCli(['replay', runId, '--state-dir', stateDir], { cwd: elsewhere.path });
      expect(bad.code).toBe(2);
      expect(bad.stdout).toContain('changed profiles/data-science/top.md');
      expect(bad.stdout).toContain('replay: MISMATCH (exit 2)');

      const unknown = await runCli(['replay', 'nope', '--state-dir', stateDir], { cwd: elsewhere.path });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/^error: no run nope/);
    } finally {
      await elsewhere.cleanup();
    }
  });

  it('doctor checks the environment of this state dir (all ok, credentials by name only)', async () => {
    const r = await runCli(['doctor', '--json'], { cwd: dir.path, env: { DATABASE_URL: undefined } });
    expect(r.code, r.stdout).toBe(0);
    const { ok, checks } = JSON.parse(r.stdout) as {
      ok: boolean;
      checks: { name: string; status: string }[];
    };
    expect(ok).toBe(true);
    expect(checks.map((c) => c.name)).toEqual(['node', 'config', 'state dir', 'database', 'artifact store']);
  });
});

describe('jobintel run: cancellation, the lock, invalid configurations', () => {
  it('the first cancellation stops cleanly (exit 130) and says how to resume; run again resumes the same run', async () => {
    const dir = await tempDir();
    try {
      const controller = new AbortController();
      const stopped = await runCli(['run'], {
        cwd: dir.path,
        signal: controller.signal,
        onStderr: (chunk) => {
          if (chunk.includes('] normalize')) controller.abort();
        },
      });
      expect(stopped.code, stopped.stderr).toBe(130);
      expect(stopped.stderr).toContain('`jobintel run` again');
      expect(stopped.stdout).toMatch(/: cancelled \(exit 130\)/);
      const id = /run (\S+): cancelled/.exec(stopped.stdout)?.[1];

      const resumed = await runCli(['run', '--quiet'], { cwd: dir.path });
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toContain(`run ${id}: partial (exit 0)`);
      expect(resumed.stdout).toContain('attempt 2');
    } finally {
      await dir.cleanup();
    }
  });

  it('a run while another holds the configuration exits 3 with the holder and the fix', async () => {
    const dir = await tempDir();
    try {
      const loaded = await loadConfig({ cwd: dir.path, env: {} });
      const store = await openRegistry(loaded, {}, 'test holder');
      const lock = await store.acquireRunLock({ configKey: loaded.config.key, label: 'test holder' });
      try {
        const r = await runCli(['run'], { cwd: dir.path });
        expect(r.code, r.stderr).toBe(3);
        expect(r.stderr).toMatch(/^error: .+/);
        expect(r.stderr).toContain('fix: another jobintel process holds this configuration');
        expect(r.stderr).not.toMatch(/\n\s+at /);
        const verbose = await runCli(['run', '--verbose'], { cwd: dir.path });
        expect(verbose.code).toBe(3);
        expect(verbose.stderr).toMatch(/\n\s+at /); // the stack, only with --verbose
      } finally {
        await lock.release();
        await store.close();
      }
    } finally {
      await dir.cleanup();
    }
  });

  it('an invalid configuration exits 2, lists every problem with its path, and writes nothing', async () => {
    const dir = await tempDir();
    try {
      await writeFile(
        join(dir.path, 'jobintel.config.yaml'),
        [
          'colour: blue',
          'scoring:',
          '  minScore: high',
          'boards:',
          '  - provider: monster',
          '    boardSlug: x',
          '    name: X',
          '',
        ].join('\n'),
      );
      const r = await runCli(['run'], { cwd: dir.path });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: invalid configuration/);
      expect(r.stderr).toMatch(/\n {2}scoring\.minScore: /);
      expect(r.stderr).toMatch(/\n {2}boards\.0\.provider: /);
      expect(r.stderr).toMatch(/colour/);
      expect(r.stderr).toContain('fix: ');
      expect(existsSync(join(dir.path, '.jobintel'))).toBe(false);

      const validate = await runCli(['config', 'validate', '--json'], { cwd: dir.path });
      expect(validate.code).toBe(2);
      const v = JSON.parse(validate.stdout) as { valid: boolean; problems: { path: string }[] };
      expect(v.valid).toBe(false);
      expect(v.problems.map((p) => p.path)).toEqual(
        expect.arrayContaining(['scoring.minScore', 'boards.0.provider']),
      );

      const missing = await runCli(['run', '--config', 'nope.yaml'], { cwd: dir.path });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('no configuration file at');
    } finally {
      await dir.cleanup();
    }
  });
});
