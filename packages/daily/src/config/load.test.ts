import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function withConfig(yaml: string, extra: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'jobintel-config-'));
  dirs.push(dir);
  await writeFile(join(dir, 'jobintel.config.yaml'), yaml);
  for (const [name, text] of Object.entries(extra)) await writeFile(join(dir, name), text);
  return dir;
}
const problems = async (p: Promise<unknown>) => {
  const error = (await p.catch((e: unknown) => e)) as {
    code: string;
    details: { problems: { path: string; message: string }[] };
  };
  expect(error.code).toBe('DAILY_INVALID_CONFIG');
  return error.details.problems;
};

const PROFILE = `id: swe\nname: Software engineering\nroles:\n  - pattern: software engineer\n    weight: 30\n`;

describe('loadConfig', () => {
  it('uses the bundled demo configuration when there is no config file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobintel-noconfig-'));
    dirs.push(dir);
    const loaded = await loadConfig({ cwd: dir, env: {} });
    expect(loaded.source).toBe('demo');
    expect(loaded.config.key).toBe('demo');
    expect(loaded.profiles.map((p) => p.id).sort()).toEqual([
      'customer-success',
      'data-science',
      'software-engineering',
    ]);
    expect(loaded.config.boards.length).toBeGreaterThanOrEqual(12);
    expect(loaded.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads a config file with profile files relative to it, and applies JOBINTEL_* overrides', async () => {
    const dir = await withConfig(
      'key: mine\nboards:\n  - { provider: lever, boardSlug: acme, name: Acme }\nprofiles:\n  - file: swe.yaml\n',
      { 'swe.yaml': PROFILE },
    );
    const loaded = await loadConfig({
      cwd: dir,
      env: {
        JOBINTEL_SCORING__MIN_SCORE: '55',
        JOBINTEL_RETENTION__KEEP_LAST: '7',
        JOBINTEL_TOOLS_DIR: '/x',
      },
    });
    expect(loaded.config.scoring.minScore).toBe(55);
    expect(loaded.config.retention.keepLast).toBe(7);
    expect(loaded.overrides).toEqual(['JOBINTEL_RETENTION__KEEP_LAST', 'JOBINTEL_SCORING__MIN_SCORE']);
    expect(loaded.profiles[0]?.id).toBe('swe');
    const again = await loadConfig({
      cwd: dir,
      env: { JOBINTEL_SCORING__MIN_SCORE: '55', JOBINTEL_RETENTION__KEEP_LAST: '7' },
    });
    expect(again.hash).toBe(loaded.hash);
  });

  it('lists every problem with its path: unknown keys, wrong types, an unknown provider, a missing profile', async () => {
    const dir = await withConfig(
      [
        'colour: blue',
        'scoring: { minScore: "high" }',
        'boards:',
        '  - { provider: taleo, boardSlug: x, name: X }',
        'profiles:',
        '  - file: missing.yaml',
      ].join('\n'),
    );
    const list = await problems(loadConfig({ cwd: dir, env: {} }));
    const paths = list.map((p) => p.path);
    expect(paths).toContain('(root)'); // the unknown key "colour"
    expect(list.find((p) => p.path === '(root)')?.message).toMatch(/colour/);
    expect(paths).toContain('scoring.minScore');
    expect(paths).toContain('boards.0.provider');
  });

  it('reports a missing profile file and a duplicate profile id by path', async () => {
    const dir = await withConfig(
      'boards:\n  - { provider: lever, boardSlug: acme, name: Acme }\nprofiles:\n  - file: swe.yaml\n  - file: swe.yaml\n  - file: nope.yaml\n',
      { 'swe.yaml': PROFILE },
    );
    const list = await problems(loadConfig({ cwd: dir, env: {} }));
    expect(list).toEqual([
      { path: 'profiles.2.file', message: expect.stringContaining('no profile file') },
      { path: 'profiles.1', message: 'duplicate profile id "swe"' },
    ]);
  });

  it('a missing --config file is DAILY_CONFIG_NOT_FOUND', async () => {
    await expect(loadConfig({ path: '/nonexistent/jobintel.yaml', env: {} })).rejects.toMatchObject({
      code: 'DAILY_CONFIG_NOT_FOUND',
    });
  });

  it('YAML that does not parse is a problem at (file)', async () => {
    const dir = await withConfig('boards: [\n');
    const list = await problems(loadConfig({ cwd: dir, env: {} }));
    expect(list[0]?.path).toBe('(file)');
  });
});
