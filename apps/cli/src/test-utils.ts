// Helpers of the co-located tests (not part of the package's API).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './cli.js';
import type { CliIo, CliOutput } from './io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Called with every chunk written to stderr (e.g. to abort at a given stage). */
  onStderr?: (chunk: string) => void;
  tty?: boolean;
}

/** Runs `jobintel <argv>` in-process with captured output. */
export async function runCli(argv: string[], options: RunCliOptions): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out: CliOutput = {
    write: (s: string) => {
      stdout += s;
    },
    isTTY: options.tty ?? false,
  };
  const err: CliOutput = {
    write: (s: string) => {
      stderr += s;
      options.onStderr?.(s);
    },
    isTTY: options.tty ?? false,
  };
  // no DATABASE_URL or JOBINTEL_* from the machine running the tests
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, ...options.env };
  const io: CliIo = {
    stdout: out,
    stderr: err,
    env,
    cwd: options.cwd,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A fresh temp folder, removed by the returned function. */
export async function tempDir(
  prefix = 'jobintel-cli-',
): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}
