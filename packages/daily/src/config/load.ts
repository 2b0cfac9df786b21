import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { demoBoards } from '@jobintel/providers';
import { canonicalJson } from '@jobintel/runner-core';
import {
  EXAMPLE_PROFILES,
  exampleProfilePath,
  type Profile,
  parseProfile,
  parseProfileYaml,
} from '@jobintel/scoring';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { DailyError, DailyErrorCode } from '../errors.js';
import { type JobintelConfig, jobintelConfigSchema } from './schema.js';

export const CONFIG_FILE = 'jobintel.config.yaml';
const ENV_PREFIX = 'JOBINTEL_';

export interface ConfigProblem {
  path: string;
  message: string;
}

export interface LoadedConfig {
  config: JobintelConfig;
  /** The config file, or `demo` for the bundled demo configuration. */
  source: string;
  /** Relative paths in the config resolve against this folder. */
  baseDir: string;
  profiles: Profile[];
  /** sha256 of the resolved configuration (profiles included): what a run's outputs depend on. */
  hash: string;
  /** `JOBINTEL_*` variables that changed a setting (names only). */
  overrides: string[];
}

export interface LoadConfigOptions {
  /** A config file; when absent, `jobintel.config.yaml` in `cwd`, else the bundled demo configuration. */
  path?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
}

const problemsOf = (error: z.ZodError, prefix: string[] = []): ConfigProblem[] =>
  error.issues.map((i) => ({
    path: [...prefix, ...i.path.map(String)].join('.') || '(root)',
    message: i.message,
  }));

function invalid(source: string, problems: ConfigProblem[]): DailyError {
  return new DailyError(
    DailyErrorCode.InvalidConfig,
    `invalid configuration (${source}):\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`,
    { details: { problems } },
  );
}

const exists = (p: string) =>
  stat(p).then(
    (s) => s.isFile(),
    () => false,
  );

/** `JOBINTEL_SCORING__MIN_SCORE=55` sets `scoring.minScore` (values are read as YAML scalars). */
export function envOverrides(
  env: Record<string, string | undefined>,
  topLevelKeys: readonly string[],
): { patch: Record<string, unknown>; used: string[] } {
  const patch: Record<string, unknown> = {};
  const used: string[] = [];
  const camel = (s: string) => s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith(ENV_PREFIX)) continue;
    const value = env[name];
    if (value === undefined) continue;
    const path = name.slice(ENV_PREFIX.length).split('__').map(camel);
    if (!topLevelKeys.includes(path[0] ?? '')) continue; // e.g. JOBINTEL_TOOLS_DIR is not a setting
    let node = patch;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      node[key] = typeof next === 'object' && next !== null ? next : {};
      node = node[key] as Record<string, unknown>;
    }
    node[path.at(-1) as string] = parseYaml(value);
    used.push(name);
  }
  return { patch, used };
}

function merge(base: unknown, patch: Record<string, unknown>): unknown {
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return patch;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch)) {
    out[k] =
      typeof v === 'object' && v !== null && !Array.isArray(v)
        ? merge(out[k], v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** The bundled demo configuration: the providers' demo boards (snapshots) and the example profiles. */
async function demoConfig(): Promise<unknown> {
  const boards = await demoBoards();
  return { key: 'demo', boards, profiles: EXAMPLE_PROFILES.map((id) => ({ file: exampleProfilePath(id) })) };
}

/**
 * Reads, overrides from the environment, validates and resolves the configuration. Every problem is
 * reported at once with its path (DAILY_INVALID_CONFIG, exit code 2); nothing is written.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  let raw: unknown;
  let source: string;
  let baseDir: string;
  const explicit = options.path ? resolve(cwd, options.path) : undefined;
  const implicit = resolve(cwd, CONFIG_FILE);
  if (explicit && !(await exists(explicit))) {
    throw new DailyError(
      DailyErrorCode.ConfigNotFound,
      `no configuration file at ${explicit}: check --config`,
    );
  }
  const file = explicit ?? ((await exists(implicit)) ? implicit : undefined);
  if (file) {
    source = file;
    baseDir = dirname(file);
    try {
      raw = parseYaml(await readFile(file, 'utf8'), { prettyErrors: true, uniqueKeys: true }) ?? {};
    } catch (error) {
      throw invalid(source, [
        { path: '(file)', message: (error as Error).message.split('\n')[0] ?? 'not YAML' },
      ]);
    }
  } else {
    source = 'demo';
    baseDir = cwd;
    raw = await demoConfig();
  }
  const topLevel = Object.keys(jobintelConfigSchema.shape);
  const { patch, used } = envOverrides(env, topLevel);
  const parsed = jobintelConfigSchema.safeParse(merge(raw, patch));
  if (!parsed.success) throw invalid(source, problemsOf(parsed.error));
  const config = parsed.data;

  const problems: ConfigProblem[] = [];
  const profiles: Profile[] = [];
  for (const [i, entry] of config.profiles.entries()) {
    if ('file' in entry) {
      const path = isAbsolute(entry.file) ? entry.file : resolve(baseDir, entry.file);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        problems.push({ path: `profiles.${i}.file`, message: `no profile file at ${path}` });
        continue;
      }
      try {
        profiles.push(parseProfileYaml(text, path));
      } catch (error) {
        problems.push({ path: `profiles.${i}.file`, message: (error as Error).message });
      }
    } else {
      try {
        profiles.push(parseProfile(entry, `profiles.${i}`));
      } catch (error) {
        problems.push({ path: `profiles.${i}`, message: (error as Error).message });
      }
    }
  }
  const seen = new Map<string, number>();
  profiles.forEach((p, i) => {
    if (seen.has(p.id)) problems.push({ path: `profiles.${i}`, message: `duplicate profile id "${p.id}"` });
    seen.set(p.id, i);
  });
  if (config.profiles.length === 0) problems.push({ path: 'profiles', message: 'name at least one profile' });
  if (config.boards.filter((b) => b.enabled).length === 0) {
    problems.push({ path: 'boards', message: 'enable at least one board' });
  }
  if (problems.length > 0) throw invalid(source, problems);
  const resolved = { ...config, profiles };
  const hash = createHash('sha256')
    .update(canonicalJson(resolved as never))
    .digest('hex');
  return { config, source, baseDir, profiles, hash, overrides: used };
}
