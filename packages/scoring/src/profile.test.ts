import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileProfile } from './compile.js';
import { ScoringError, ScoringErrorCode } from './errors.js';
import { loadProfile, parseProfile, parseProfileYaml } from './profile.js';

const profilesDir = new URL('../profiles/', import.meta.url);
const tmp = await mkdtemp(join(tmpdir(), 'scoring-profile-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('example profiles', () => {
  it('ships at least three, each valid and compiling', async () => {
    const files = (await readdir(profilesDir)).filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toEqual(['customer-success.yaml', 'data-science.yaml', 'software-engineering.yaml']);
    for (const f of files) {
      const profile = await loadProfile(new URL(f, profilesDir).pathname);
      expect(profile.id).toBe(f.replace('.yaml', ''));
      expect(compileProfile(profile).configHash).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe('profile errors name the file and the path', () => {
  it('lists every invalid field with its path', () => {
    const bad = `id: Bad Id\nname: x\nroles:\n  - pattern: engineer\n    weight: -3\nskills:\n  - term: go\n    weight: 2\n    scope: body\n`;
    try {
      parseProfileYaml(bad, 'profiles/bad.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScoringError);
      const err = e as ScoringError;
      expect(err.code).toBe(ScoringErrorCode.ProfileInvalid);
      expect(err.retryable).toBe(false);
      expect(err.message).toContain('profiles/bad.yaml: id:');
      expect(err.message).toContain('profiles/bad.yaml: roles.0.weight:');
      expect(err.message).toContain('profiles/bad.yaml: skills.0.scope:');
    }
  });
  it('rejects unknown keys (typos do not pass silently)', () => {
    expect(() =>
      parseProfile({ id: 'a', name: 'a', roles: [{ pattern: 'x', weight: 1 }], negatvies: [] }),
    ).toThrow(/negatvies|Unrecognized/);
  });
  it('reports YAML syntax errors with line and column', () => {
    expect(() => parseProfileYaml('id: a\nroles: [\n', 'p.yaml')).toThrow(/^p\.yaml:\d+:\d+: not valid YAML/);
    try {
      parseProfileYaml('a: 1\na: 2\n', 'dup.yaml');
    } catch (e) {
      expect((e as ScoringError).code).toBe(ScoringErrorCode.ProfileYaml);
    }
  });
  it('reports a missing file', async () => {
    await expect(loadProfile(join(tmp, 'nope.yaml'))).rejects.toMatchObject({
      code: ScoringErrorCode.ProfileNotFound,
    });
  });
  it('loads a file it can read', async () => {
    const path = join(tmp, 'ok.yaml');
    await writeFile(path, 'id: ok\nname: OK\nroles:\n  - pattern: engineer\n    weight: 10\n');
    const p = await loadProfile(path);
    expect(p.roles[0]!.stems).toBe(true);
    expect(p.seniority.penalty).toBe(15);
  });
});

describe('compiled profiles', () => {
  it('are plain JSON with a stable config hash', () => {
    const input = { id: 'a', name: 'A', roles: [{ pattern: 'engineer', weight: 10 }] };
    const a = compileProfile(input);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(structuredClone(a)).toEqual(a);
    expect(compileProfile(input).configHash).toBe(a.configHash);
    expect(compileProfile({ ...input, name: 'B' }).configHash).not.toBe(a.configHash);
  });
});

describe('docs/scoring.md', () => {
  it('has a full profile example that validates', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../../../docs/scoring.md', import.meta.url), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(yaml).toBeDefined();
    const profile = parseProfileYaml(yaml!, 'docs/scoring.md');
    expect(profile.locations?.countries).toEqual(['US']);
    expect(profile.compensation?.floor).toBe(90000);
    expect(profile.freshness?.halfLifeDays).toBe(14);
  });
});

describe('error codes', () => {
  it('are each documented in docs/scoring.md', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../../../docs/scoring.md', import.meta.url), 'utf8');
    for (const code of Object.values(ScoringErrorCode)) expect(doc).toContain(code);
  });
});
