import { boardKey } from '@jobintel/providers';
import type { ConfigProblem, LoadedConfig } from './config/load.js';
import type { RunFlags } from './context.js';
import { DailyError, DailyErrorCode } from './errors.js';

/**
 * What a run needs from the flags and the environment, checked before anything is opened or written:
 * every problem at once, with its path and the fix (exit 2).
 */
export function preflight(
  loaded: LoadedConfig,
  flags: RunFlags,
  env: Record<string, string | undefined>,
): void {
  const { config } = loaded;
  const problems: ConfigProblem[] = [];
  const unset = (name: string) => !env[name]?.trim();
  if (flags.offline && flags.live)
    problems.push({ path: '--offline/--live', message: 'choose one of --offline and --live' });
  const unknownProfiles = flags.profiles.filter((p) => !loaded.profiles.some((x) => x.id === p));
  if (unknownProfiles.length > 0) {
    problems.push({
      path: '--profiles',
      message: `no profile ${unknownProfiles.join(', ')}: the configuration has ${loaded.profiles.map((p) => p.id).join(', ')}`,
    });
  }
  for (const wanted of flags.boards) {
    const known = config.boards.some((b) =>
      [boardKey(b), b.name, `${b.provider}:${boardKey(b)}`, `${b.provider}--${boardKey(b)}`].includes(wanted),
    );
    if (!known) problems.push({ path: '--boards', message: `no board "${wanted}" in the configuration` });
  }
  if (flags.notify) {
    config.notify.targets.forEach((t, i) => {
      if (unset(t.urlEnv)) {
        problems.push({
          path: `notify.targets.${i}.urlEnv`,
          message: `the environment variable ${t.urlEnv} is not set: set it, or run with --no-notify`,
        });
      }
      if (t.kind === 'webhook' && unset(t.secretEnv)) {
        problems.push({
          path: `notify.targets.${i}.secretEnv`,
          message: `the environment variable ${t.secretEnv} is not set: set it, or run with --no-notify`,
        });
      }
    });
  }
  if (flags.publish) {
    if (!config.publish)
      problems.push({ path: 'publish', message: '--publish needs a publish target in the configuration' });
    else if (config.publish.target === 's3') {
      for (const name of [config.publish.accessKeyIdEnv, config.publish.secretAccessKeyEnv]) {
        if (unset(name))
          problems.push({
            path: 'publish',
            message: `the environment variable ${name} is not set (S3 credentials)`,
          });
      }
    }
  }
  if (problems.length > 0) {
    throw new DailyError(
      DailyErrorCode.InvalidConfig,
      `the run cannot start:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`,
      { details: { problems } },
    );
  }
}
