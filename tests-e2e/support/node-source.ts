import { type ChildProcess, spawn } from 'node:child_process';

const register = new URL('../../scripts/register-source.mjs', import.meta.url).pathname;

/** Spawns `node` on a script that imports workspace packages from source (see register-source.mjs). */
export function spawnNodeFromSource(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd?: string,
): ChildProcess {
  return spawn(process.execPath, ['--conditions=@jobintel/source', '--import', register, script, ...args], {
    ...(cwd ? { cwd } : {}),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function waitForExit(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}
