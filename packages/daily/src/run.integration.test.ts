import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildReport,
  compileProfile,
  identifyJobs,
  parsePreviousJobs,
  renderCsv,
  renderRankedJson,
  stableJson,
} from '@jobintel/scoring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config/load.js';
import { exitCodeOf } from './exit-codes.js';
import { queryJobs } from './jobs.js';
import { rankedJobs } from './ranked-reader.js';
import { replayRun } from './replay.js';
import { runReportSchema } from './report/schema.js';
import { type DailyResult, openRegistry, runDaily } from './run.js';

const OUTPUTS = ['ranked.json', 'ranked.csv', 'shortlist.md', 'top.md'];
const dirs: string[] = [];
const tempDir = async (name: string) => {
  const d = await mkdtemp(join(tmpdir(), `jobintel-${name}-`));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const demo = async (cwd: string) => loadConfig({ cwd, env: {} });

describe('the daily run on the bundled demo configuration', () => {
  let cwd: string;
  let first: DailyResult;
  beforeAll(async () => {
    cwd = await tempDir('demo');
    first = await runDaily({ loaded: await demo(cwd), env: {} });
  });

  it('finishes partial with exit 0: the challenge board is unavailable, every profile has a shortlist', async () => {
    expect(first.exitCode).toBe(0);
    expect(first.report.run.status).toBe('partial');
    expect(runReportSchema.safeParse(JSON.parse(await readFile(first.reportPath, 'utf8'))).success).toBe(
      true,
    );
    const challenged = first.report.boards.filter((b) => b.status === 'unavailable');
    expect(challenged.map((b) => [b.boardSlug, b.reason])).toEqual([['vantagegrid', 'challenge']]);
    expect(first.report.boards.length).toBeGreaterThanOrEqual(12);
    for (const p of first.report.profiles) {
      expect(p.shortlisted, p.id).toBeGreaterThan(0);
      const shortlist = await readFile(join(first.runDir, 'profiles', p.id, 'shortlist.md'), 'utf8');
      expect(shortlist).toMatch(/^# Shortlist/);
    }
    expect(first.report.stages.map((s) => s.name)).toEqual([
      'fetch',
      'normalize',
      'identify',
      'enrich',
      'score',
      'diff',
      'report',
      'ai',
      'publish',
      'notify',
    ]);
    expect(first.report.ai).toMatchObject({ status: 'disabled', reason: 'ai.enabled is false' });
    // every output is in the report with its hash
    expect(
      first.report.outputs
        .filter((o) => o.profile === 'software-engineering')
        .map((o) => o.path.split('/').pop()),
    ).toEqual(OUTPUTS);
  });

  it('writes the ranked JSON and CSV in parts, byte for byte what the scoring renderers give', async () => {
    for (const p of first.outputs) {
      const scored = [];
      for (const f of (await readdir(join(first.runDir, 'scores', p.profile))).sort()) {
        scored.push(...JSON.parse(await readFile(join(first.runDir, 'scores', p.profile, f), 'utf8')));
      }
      const profile = JSON.parse(
        await readFile(join(first.runDir, 'inputs', 'profiles', `${p.profile}.json`), 'utf8'),
      );
      const report = buildReport(compileProfile(profile), scored);
      expect(await readFile(p.ranked, 'utf8')).toBe(renderRankedJson(report));
      expect(await readFile(p.csv, 'utf8')).toBe(renderCsv(report));
      // read one job at a time (jobintel jobs), the same jobs
      const streamed = [];
      for await (const job of rankedJobs(p.ranked)) streamed.push(job);
      expect(streamed).toEqual(JSON.parse(await readFile(p.ranked, 'utf8')).jobs);
      // the next run diffs against a smaller file with what a diff reads of the ranking
      const base = await readFile(join(first.runDir, 'work', p.profile, 'diff-base.json'), 'utf8');
      expect(JSON.parse(base)).toEqual(parsePreviousJobs(JSON.parse(await readFile(p.ranked, 'utf8'))));
    }
  });

  it('identifies a board at a time, exactly as identifying every posting of the run at once', async () => {
    const postings = [];
    for (const f of (await readdir(join(first.runDir, 'postings'))).sort()) {
      postings.push(...JSON.parse(await readFile(join(first.runDir, 'postings', f), 'utf8')).postings);
    }
    const index = JSON.parse(await readFile(join(first.runDir, 'inputs', 'jobs', 'index.json'), 'utf8'));
    const archived = [];
    for (const chunk of index.chunks) {
      archived.push(...JSON.parse(await readFile(join(first.runDir, chunk), 'utf8')));
    }
    const whole = identifyJobs(postings);
    expect(whole.filter((j) => j.duplicates.length > 0).length).toBeGreaterThan(0);
    expect(archived).toHaveLength(whole.length);
    expect(stableJson(archived)).toBe(stableJson(whole));
    // the scratch copies of each board's jobs are gone
    await expect(readdir(join(first.runDir, 'work', 'identify'))).rejects.toThrow(/ENOENT/);
  });

  it('gives byte-identical ranked outputs in a second, fresh state folder', async () => {
    const other = await runDaily({ loaded: await demo(await tempDir('demo2')), env: {} });
    for (const p of first.outputs) {
      for (const name of OUTPUTS) {
        const a = await readFile(join(first.runDir, 'profiles', p.profile, name));
        const b = await readFile(join(other.runDir, 'profiles', p.profile, name));
        expect(a.equals(b), `${p.profile}/${name}`).toBe(true);
      }
    }
    expect(other.report.run.id).not.toBe(first.report.run.id);
  });

  it('replays: every hash verifies and re-scoring from the archived inputs is identical; a tampered file is named (exit 2)', async () => {
    const ok = await replayRun({ loaded: await demo(cwd), runId: first.report.run.id, recalc: true });
    expect(ok.exitCode).toBe(0);
    expect(ok.recalc?.identical).toBe(true);
    expect(ok.recalc?.jobs).toBeGreaterThan(1000);
    // from another working directory, by state folder
    const elsewhere = await replayRun({ stateDir: join(cwd, '.jobintel'), runId: first.report.run.id });
    expect(elsewhere.exitCode).toBe(0);
  });

  it('the next run diffs against this one and applies user state; jobs can be queried', async () => {
    const loaded = await demo(cwd);
    const top = JSON.parse(await readFile(first.outputs[0]!.ranked, 'utf8')).jobs as { id: string }[];
    const profile = first.outputs[0]!.profile;
    const store = await openRegistry(loaded, {}, 'test');
    await store.userState.set({ profile, jobId: top[0]!.id, status: 'ignore' });
    await store.userState.set({ profile, jobId: top[1]!.id, status: 'applied', note: 'sent' });
    await store.close();
    // runs from before the diff base existed are diffed from their ranked JSON
    await rm(join(first.runDir, 'work', profile, 'diff-base.json'));
    const second = await runDaily({ loaded, env: {} });
    for (const other of second.report.profiles.filter((x) => x.id !== profile)) {
      expect(other).toMatchObject({ new: 0, changed: 0, removed: 0, previousRunId: first.report.run.id });
    }
    const p = second.report.profiles.find((x) => x.id === profile)!;
    expect(p).toMatchObject({
      new: 0,
      changed: 0,
      removed: 0,
      hidden: 1,
      previousRunId: first.report.run.id,
    });
    const ranked = JSON.parse(await readFile(second.outputs[0]!.ranked, 'utf8'));
    expect(ranked.hidden.map((j: { id: string }) => j.id)).toEqual([top[0]!.id]);
    expect(ranked.jobs.find((j: { id: string }) => j.id === top[1]!.id)).toMatchObject({
      userStatus: 'applied',
      userNote: 'sent',
    });

    const found = await queryJobs({
      loaded,
      env: {},
      profile,
      minScore: 40,
      company: ranked.jobs[0].company.slice(0, 5).toUpperCase(),
    });
    expect(found.runId).toBe(second.report.run.id);
    expect(found.jobs.length).toBeGreaterThan(0);
    expect(found.jobs.every((j) => j.score >= 40)).toBe(true);
    await expect(queryJobs({ loaded, env: {}, profile: 'nobody' })).rejects.toMatchObject({
      code: 'DAILY_PROFILE_NOT_FOUND',
    });
  });

  it('replay names a changed and a missing artifact and exits 2', async () => {
    const copy = await tempDir('tamper');
    await cp(join(cwd, '.jobintel', 'runs'), join(copy, 'runs'), { recursive: true });
    const runDir = join(copy, 'runs', first.report.run.id);
    await writeFile(join(runDir, 'profiles', 'data-science', 'top.md'), 'tampered\n');
    await rm(join(runDir, 'inputs', 'jobs', '0000.json'));
    const result = await replayRun({ stateDir: copy, runId: first.report.run.id, recalc: true });
    expect(result.exitCode).toBe(2);
    const bad = result.artifacts.filter((a) => a.status !== 'ok').map((a) => [a.path, a.status]);
    expect(bad).toEqual([
      ['inputs/jobs/0000.json', 'missing'],
      ['profiles/data-science/top.md', 'changed'],
    ]);
    await expect(replayRun({ stateDir: copy, runId: 'no-such-run' })).rejects.toMatchObject({
      code: 'DAILY_RUN_NOT_FOUND',
    });
  });
  it('replay --recalc names the job and field whose archived score differs from a fresh one', async () => {
    const copy = await tempDir('recalc');
    await cp(join(cwd, '.jobintel', 'runs'), join(copy, 'runs'), { recursive: true });
    const runDir = join(copy, 'runs', first.report.run.id);
    const rel = 'profiles/software-engineering/ranked.json';
    const text = await readFile(join(runDir, rel), 'utf8');
    const target = JSON.parse(text).jobs[3] as { id: string; score: number };
    // change the job's score in place (as a scoring change would) and keep the report's hash in step
    const start = text.indexOf(`"id": ${JSON.stringify(target.id)}`);
    const scoreAt = text.indexOf(`      "score": ${target.score},`, start);
    expect(scoreAt).toBeGreaterThan(start);
    const edited = `${text.slice(0, scoreAt)}      "score": ${target.score + 7},${text.slice(scoreAt + `      "score": ${target.score},`.length)}`;
    await writeFile(join(runDir, rel), edited);
    const reportPath = join(runDir, 'report.json');
    const report = JSON.parse(await readFile(reportPath, 'utf8'));
    const entry = report.outputs.find((o: { path: string }) => o.path === rel);
    entry.sha256 = createHash('sha256').update(edited).digest('hex');
    entry.bytes = Buffer.byteLength(edited);
    await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
    const result = await replayRun({ stateDir: copy, runId: first.report.run.id, recalc: true });
    expect(result.exitCode).toBe(2);
    expect(result.artifacts.every((a) => a.status === 'ok')).toBe(true);
    expect(result.recalc?.differences).toEqual([
      {
        profile: 'software-engineering',
        jobId: target.id,
        field: 'score',
        before: target.score + 7,
        after: target.score,
      },
    ]);
  });
});

describe('resume and locks', () => {
  it('a run cancelled during the score stage resumes as the same run, re-uses finished items and ends identical', async () => {
    const cwd = await tempDir('resume');
    const loaded = await demo(cwd);
    const controller = new AbortController();
    const cancelled = await runDaily({
      loaded,
      env: {},
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'stage:start' && e.stage === 'score') controller.abort();
      },
    });
    expect(cancelled.report.run.status).toBe('cancelled');
    expect(cancelled.exitCode).toBe(130);
    const resumed = await runDaily({ loaded, env: {} });
    expect(resumed.report.run.id).toBe(cancelled.report.run.id);
    expect(resumed.report.run.attempts).toBe(2);
    const fetch = resumed.report.stages.find((s) => s.name === 'fetch')!;
    expect(fetch.skipped).toBe(fetch.planned); // every board came from the first attempt
    const fresh = await runDaily({ loaded: await demo(await tempDir('resume-ref')), env: {} });
    for (const p of fresh.outputs) {
      for (const name of OUTPUTS) {
        const a = await readFile(join(fresh.runDir, 'profiles', p.profile, name));
        const b = await readFile(join(resumed.runDir, 'profiles', p.profile, name));
        expect(a.equals(b), `${p.profile}/${name}`).toBe(true);
      }
    }
  });

  it('a second run while one holds the embedded database is refused with exit code 3', async () => {
    const cwd = await tempDir('lock');
    const loaded = await demo(cwd);
    const holder = await openRegistry(loaded, {}, 'jobintel run');
    try {
      const error = await runDaily({ loaded, env: {} }).catch((e: unknown) => e);
      expect(exitCodeOf(error)).toBe(3);
      expect((error as Error).message).toMatch(/in use by jobintel run/);
    } finally {
      await holder.close();
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'on PostgreSQL, a second run of the configuration gets STORE_LOCK_HELD (exit 3) naming the holder',
    async () => {
      const { createTestDatabase } = await import('@jobintel/store/testing');
      const db = await createTestDatabase('postgres');
      try {
        const env = { DATABASE_URL: db.options.databaseUrl as string };
        const loaded = await demo(await tempDir('pglock'));
        const store = await openRegistry(loaded, env, 'other');
        const lock = await store.acquireRunLock({
          configKey: loaded.config.key,
          label: 'the nightly run',
          runId: 'night-1',
        });
        try {
          const error = await runDaily({ loaded, env }).catch((e: unknown) => e);
          expect(exitCodeOf(error)).toBe(3);
          expect((error as Error).message).toMatch(/the nightly run \(run night-1\)/);
        } finally {
          await lock.release();
          await store.close();
        }
        const ok = await runDaily({ loaded, env });
        expect(ok.exitCode).toBe(0);
        expect(ok.report.fingerprints.environment.database).toBe('postgres');
      } finally {
        await db.drop();
      }
    },
  );
});
