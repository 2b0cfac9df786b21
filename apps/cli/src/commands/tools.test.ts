import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoDir } from '@jobintel/providers';
import { exampleProfilePath } from '@jobintel/scoring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../test-utils.js';

// The commands that work on files, without a run: snapshots, score, tokens, stage, config.
describe('jobintel tools', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  const cli = (argv: string[]) => runCli(argv, { cwd: dir.path });
  const greenhouse = join(demoDir(), 'snapshots/greenhouse/northwind/jobs.json');

  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.cleanup());

  it('snapshots parse prints the normalised postings of a raw response (table and JSON)', async () => {
    const table = await cli(['snapshots', 'parse', 'greenhouse', greenhouse, '--board', 'northwind']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/posting\s+title\s+company\s+locations\s+workplace/);
    expect(table.stdout).toMatch(/\n\d+ postings\n$/);
    const json = JSON.parse(
      (await cli(['snapshots', 'parse', 'greenhouse', greenhouse, '--json'])).stdout,
    ) as {
      postings: { provider: string }[];
    };
    expect(json.postings.length).toBeGreaterThan(0);
    expect(json.postings.every((p) => p.provider === 'greenhouse')).toBe(true);
  });

  it('snapshots parse: a file of another provider or no file at all exits 2', async () => {
    await writeFile(join(dir.path, 'junk.json'), '{"not": "a board"');
    const junk = await cli(['snapshots', 'parse', 'lever', 'junk.json']);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/warning: parse_error/);
    expect(junk.stderr).toContain('fix: check that junk.json is a lever board response');
    const none = await cli(['snapshots', 'parse', 'lever', 'absent.json']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error: cannot read absent.json/);
  });

  it('score ranks postings against a profile (table, json, shortlist), from `snapshots parse --json` output', async () => {
    const parsed = await cli(['snapshots', 'parse', 'greenhouse', greenhouse, '--json']);
    await writeFile(join(dir.path, 'postings.json'), parsed.stdout);
    const profile = exampleProfilePath('software-engineering');
    const args = [
      'score',
      '--profile',
      profile,
      '--postings',
      'postings.json',
      '--as-of',
      '2026-11-01T00:00:00Z',
    ];
    const table = await cli(args);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/#\s+score\s+band\s+title/);
    expect(table.stdout).toMatch(/ranked of \d+ postings for software-engineering/);
    const json = await cli([...args, '--json']);
    const ranked = JSON.parse(json.stdout) as { jobs: { score: number }[] };
    expect(ranked.jobs.length).toBeGreaterThan(0);
    const scores = ranked.jobs.map((j) => j.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    // deterministic: the same inputs give the same bytes
    expect((await cli([...args, '--json'])).stdout).toBe(json.stdout);
    expect((await cli([...args, '--format', 'shortlist'])).stdout).toMatch(/^# Shortlist: /);

    const badProfile = await cli(['score', '--profile', 'nope.yaml', '--postings', 'postings.json']);
    expect(badProfile.code).toBe(2);
    await writeFile(join(dir.path, 'bad.json'), JSON.stringify([{ title: 'x' }]));
    const badPostings = await cli(['score', '--profile', profile, '--postings', 'bad.json']);
    expect(badPostings.code).toBe(2);
    expect(badPostings.stderr).toMatch(/^error: bad.json: posting 0: /);
  });

  it('tokens usage prices a JSON body and an SSE stream; an unknown model is an error, never $0', async () => {
    await writeFile(
      join(dir.path, 'openai.json'),
      JSON.stringify({
        model: 'gpt-4o-mini',
        usage: {
          prompt_tokens: 1000,
          completion_tokens: 500,
          total_tokens: 1500,
          prompt_tokens_details: { cached_tokens: 200 },
        },
      }),
    );
    const body = await cli(['tokens', 'usage', 'openai', 'openai.json']);
    expect(body.code, body.stderr).toBe(0);
    expect(body.stdout).toContain('openai gpt-4o-mini (openai-chat, body)');
    expect(body.stdout).toMatch(/inputUncached\s+800/);
    expect(body.stdout).toMatch(/cacheRead\s+200/);
    expect(body.stdout).toMatch(/total\s+1500\s+0\.000435/);

    await writeFile(
      join(dir.path, 'anthropic.sse'),
      [
        'event: message_start',
        'data: {"type":"message_start","message":{"model":"claude-haiku-4-5","usage":{"input_tokens":100,"output_tokens":1}}}',
        '',
        'event: content_block_delta',
        'data: {"type":"content_block_delta","delta":{"type":"text_delta","text":"hi"}}',
        '',
        'event: message_delta',
        'data: {"type":"message_delta","usage":{"output_tokens":40}}',
        '',
      ].join('\n'),
    );
    const stream = await cli(['tokens', 'usage', 'anthropic', 'anthropic.sse', '--json']);
    expect(stream.code, stream.stderr).toBe(0);
    const r = JSON.parse(stream.stdout) as {
      model: string;
      source: string;
      usage: { buckets: Record<string, number> };
      cost: { usd: string };
    };
    expect(r).toMatchObject({ model: 'claude-haiku-4-5', source: 'stream' });
    expect(r.usage.buckets).toMatchObject({ inputUncached: 100, outputText: 40 });
    expect(Number(r.cost.usd)).toBeCloseTo(0.0003, 9);

    const unknown = await cli(['tokens', 'usage', 'openai', 'openai.json', '--model', 'gpt-nonexistent']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: .*gpt-nonexistent/);
    await writeFile(join(dir.path, 'nousage.json'), '{"id": "x"}');
    expect((await cli(['tokens', 'usage', 'openai', 'nousage.json'])).code).toBe(2);
  });

  it('snapshots verify re-hashes every stored body and names corrupt and missing ones (exit 2)', async () => {
    const root = join(dir.path, 'state', 'snapshots');
    const ok = await cli(['snapshots', 'verify', '--state-dir', 'state']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('0 bodies, 0 records');
    // a body whose content no longer matches its name, and a record naming a body that is gone
    const sha = 'ab'.padEnd(64, '0');
    await mkdir(join(root, 'bodies', 'ab'), { recursive: true });
    await writeFile(join(root, 'bodies', 'ab', sha), 'changed');
    await mkdir(join(root, 'records', 'lever', 'acme'), { recursive: true });
    const gone = 'cd'.padEnd(64, '1');
    await writeFile(
      join(root, 'records', 'lever', 'acme', '2026-11-01T00-00-00-000Z-abc.json'),
      JSON.stringify({
        schemaVersion: 1,
        provider: 'lever',
        board: 'acme',
        fetchedAt: '2026-11-01T00:00:00.000Z',
        ok: true,
        pages: [{ sha256: gone }],
      }),
    );
    const bad = await cli(['snapshots', 'verify', '--state-dir', 'state', '--json']);
    expect(bad.code).toBe(2);
    const result = JSON.parse(bad.stdout) as {
      bodies: number;
      records: number;
      problems: { kind: string; sha256: string }[];
    };
    expect(result).toMatchObject({ bodies: 1, records: 1 });
    expect(result.problems).toEqual([
      { kind: 'corrupt', sha256: sha },
      { kind: 'missing', sha256: gone, record: 'lever/acme/2026-11-01T00-00-00-000Z-abc.json' },
    ]);
  });

  it('stage new scaffolds a renamed copy of the stage template', async () => {
    const r = await cli(['stage', 'new', 'pdf-text', '--dir', 'pdf-text', '--no-workspace']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('created @jobintel/stage-pdf-text (stage "pdf-text") in pdf-text');
    const pkg = JSON.parse(await readFile(join(dir.path, 'pdf-text', 'package.json'), 'utf8')) as {
      name: string;
    };
    expect(pkg.name).toBe('@jobintel/stage-pdf-text');
    expect(existsSync(join(dir.path, 'pdf-text', 'src', 'index.ts'))).toBe(true);
    const bad = await cli(['stage', 'new', 'Not_Kebab']);
    expect(bad.code).toBe(2);
  });

  it('config schema prints or writes the JSON Schema; config validate accepts the demo', async () => {
    const printed = await cli(['config', 'schema']);
    expect(JSON.parse(printed.stdout)).toMatchObject({ title: 'JobIntel configuration' });
    const written = await cli(['config', 'schema', '--out', 'schema.json']);
    expect(written.code).toBe(0);
    expect(await readFile(join(dir.path, 'schema.json'), 'utf8')).toBe(printed.stdout);
    const valid = await cli(['config', 'validate']);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain('valid: the bundled demo configuration');
    const overridden = await runCli(['config', 'validate', '--json'], {
      cwd: dir.path,
      env: { JOBINTEL_SCORING__MIN_SCORE: '55' },
    });
    expect(JSON.parse(overridden.stdout)).toMatchObject({
      valid: true,
      overrides: ['JOBINTEL_SCORING__MIN_SCORE'],
    });
  });

  it('doctor reports each check with its fix; credentials by name, secrets and passwords never printed', async () => {
    const cwd = join(dir.path, 'doctor');
    await mkdir(cwd, { recursive: true });
    await writeFile(
      join(cwd, 'jobintel.config.yaml'),
      [
        'key: mine',
        'boards:',
        '  - { provider: greenhouse, boardSlug: acme, name: Acme, mode: snapshot }',
        `profiles: [{ file: ${JSON.stringify(exampleProfilePath('data-science'))} }]`,
        'publish: { target: local, dir: published }',
        'notify:',
        '  targets:',
        '    - { kind: discord, id: team, urlEnv: DISCORD_URL }',
        '    - { kind: webhook, id: hook, urlEnv: HOOK_URL, secretEnv: HOOK_SECRET }',
        '',
      ].join('\n'),
    );
    const env = {
      DISCORD_URL: 'https://discord.com/api/webhooks/1/topsecret',
      DATABASE_URL: 'postgres://jobintel:hunter2@127.0.0.1:1/jobintel',
    };
    const r = await runCli(['doctor'], { cwd, env });
    const all = r.stdout + r.stderr;
    expect(r.code).toBe(4); // the first failure: the database
    expect(all).toMatch(/ok {4}config\s+.*jobintel\.config\.yaml/);
    expect(all).toMatch(
      /fail {2}database\s+PostgreSQL postgres:\/\/jobintel:\*\*\*@127\.0\.0\.1:1\/jobintel/,
    );
    expect(all).toMatch(/ok {4}artifact store\s+local folder .*published is writable/);
    expect(all).toMatch(/ok {4}credentials: notify team\s+DISCORD_URL set/);
    expect(all).toMatch(/fail {2}credentials: notify hook\s+HOOK_URL, HOOK_SECRET not set/);
    expect(all).toContain('fix: export HOOK_URL and HOOK_SECRET, or run with --no-notify');
    expect(all).not.toContain('topsecret');
    expect(all).not.toContain('hunter2');
    expect(existsSync(join(cwd, 'published'))).toBe(false); // checked, not created
  });
});
