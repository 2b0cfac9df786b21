import { type ChildProcess, spawn } from 'node:child_process';
import { createTestDatabase, type TestDatabase, type TestDriver } from '../src/testing.js';

const register = new URL('../../../scripts/register-source.mjs', import.meta.url).pathname;
export const packageDir = new URL('..', import.meta.url).pathname;

/** Spawns node on a script that imports workspace packages from source. */
export function spawnFromSource(script: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--conditions=@jobintel/source', '--import', register, script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the first stdout line matching `pattern` (the child's "I am ready" signal). */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let errors = '';
    child.stderr?.on('data', (d) => {
      errors += d;
    });
    child.stdout?.on('data', (d) => {
      buffer += d;
      const line = buffer.split('\n').find((l) => pattern.test(l));
      if (line) resolve(line);
    });
    child.on('exit', (code) => reject(new Error(`child exited ${code} before ${pattern}: ${errors}`)));
  });
}

export const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });

/** One fresh database per test (from the migrated template), dropped afterwards. */
export async function withDatabase<T>(driver: TestDriver, fn: (db: TestDatabase) => Promise<T>): Promise<T> {
  const db = await createTestDatabase(driver);
  try {
    return await fn(db);
  } finally {
    await db.drop();
  }
}
