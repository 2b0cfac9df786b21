import { describe, expect, it } from 'vitest';
import { loadConfig } from './config/load.js';
import { defaultFlags } from './context.js';
import { exitCodeOf } from './exit-codes.js';
import { preflight } from './preflight.js';

const problemsOf = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    expect(exitCodeOf(error)).toBe(2);
    return (error as { details: { problems: { path: string; message: string }[] } }).details.problems;
  }
  return [];
};

describe('preflight', () => {
  it('names every problem of the flags and the environment before anything is opened', async () => {
    const loaded = await loadConfig({ cwd: '/nonexistent-dir-for-demo', env: {} });
    loaded.config.notify.targets = [
      { kind: 'discord', id: 'main', urlEnv: 'DISCORD_URL' },
      { kind: 'webhook', id: 'hook', urlEnv: 'HOOK_URL', secretEnv: 'HOOK_SECRET' },
    ];
    const flags = {
      ...defaultFlags(),
      offline: true,
      live: true,
      profiles: ['nobody'],
      boards: ['nowhere'],
      publish: true,
    };
    expect(problemsOf(() => preflight(loaded, flags, { HOOK_URL: 'https://127.0.0.1/x' }))).toEqual([
      { path: '--offline/--live', message: 'choose one of --offline and --live' },
      { path: '--profiles', message: expect.stringContaining('no profile nobody') },
      { path: '--boards', message: 'no board "nowhere" in the configuration' },
      { path: 'notify.targets.0.urlEnv', message: expect.stringContaining('DISCORD_URL is not set') },
      { path: 'notify.targets.1.secretEnv', message: expect.stringContaining('HOOK_SECRET is not set') },
      { path: 'publish', message: '--publish needs a publish target in the configuration' },
    ]);
    // --no-notify needs no webhook variables; good flags pass
    expect(
      problemsOf(() => preflight(loaded, { ...defaultFlags(), notify: false, boards: ['vantagegrid'] }, {})),
    ).toEqual([]);
  });

  it("maps other packages' input errors to exit 2", () => {
    expect(exitCodeOf({ code: 'SCORING_PROFILE_INVALID' })).toBe(2);
    expect(exitCodeOf({ code: 'TOKEN_TRACKER_UNKNOWN_MODEL' })).toBe(2);
    expect(exitCodeOf({ code: 'STORE_LOCK_HELD' })).toBe(3);
    expect(exitCodeOf(new Error('boom'))).toBe(9);
  });
});
