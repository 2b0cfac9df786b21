import { resolve } from 'node:path';
import { type LoadedConfig, loadConfig } from '@jobintel/daily';
import type { CliIo } from './io.js';

/** Options every command accepts (declared once, on the program). */
export interface GlobalOptions {
  config?: string;
  stateDir?: string;
  verbose?: boolean;
}

/** What a command's action gets: the process I/O and a place to put its exit code. */
export interface CommandContext {
  io: CliIo;
  exitCode: number;
}

export interface CliConfig {
  loaded: LoadedConfig;
  /** The environment the packages see: the process's, plus `--state-dir` as `JOBINTEL_STATE_DIR`. */
  env: Record<string, string | undefined>;
}

/**
 * Loads the configuration the way every command does: `--config`, else `jobintel.config.yaml` in the
 * working directory, else the bundled demo; `JOBINTEL_*` overrides; `--state-dir` wins over both.
 */
export async function loadCliConfig(io: CliIo, options: GlobalOptions): Promise<CliConfig> {
  const env = options.stateDir
    ? { ...io.env, JOBINTEL_STATE_DIR: resolve(io.cwd, options.stateDir) }
    : io.env;
  const loaded = await loadConfig({
    ...(options.config ? { path: options.config } : {}),
    cwd: io.cwd,
    env,
  });
  return { loaded, env };
}
