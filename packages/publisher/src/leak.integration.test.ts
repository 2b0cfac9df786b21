// Webhook URLs and credentials are secrets: after publishing (with a store failure) and notifying
// (with successes, rate limits, errors, timeouts and a refused connection), none of them may appear in
// the captured logs, the written artifacts and state files, the results or the errors.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { createMemoryLogger } from '@jobintel/logger';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runInput } from '../test/fixtures.js';
import { startReceiver } from '../test/receiver.js';
import {
  startS3Server,
  TEST_ACCESS_KEY_ID,
  TEST_SECRET_ACCESS_KEY,
  type TestS3Server,
} from '../test/s3-server.js';
import { summary } from '../test/summaries.js';
import { createJsonFileLedger } from './notify/ledger.js';
import { createNotifier } from './notify/notifier.js';
import { publish } from './publish/publish.js';
import { verify } from './publish/verify.js';
import { createFsStore } from './store/fs-store.js';
import { createS3Store } from './store/s3-store.js';

let s3: TestS3Server;
let dir: string;
beforeAll(async () => {
  s3 = await startS3Server();
  dir = await mkdtemp(join(tmpdir(), 'leak-'));
});
afterAll(async () => {
  await s3?.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(await readFile(join(entry.parentPath, entry.name), 'utf8'));
  }
  return out;
}

it('no webhook URL, signing secret or S3 credential reaches logs, artifacts, results or errors', async () => {
  const memory = createMemoryLogger({ level: 'trace' });
  const logger = memory.logger;
  const seen: unknown[] = [];
  const capture = async (p: Promise<unknown>) => {
    try {
      seen.push(await p);
    } catch (error) {
      seen.push(error);
    }
  };

  // publish to the filesystem and to S3, with the S3 server stopped in the middle of one publish
  const fs = createFsStore({ root: join(dir, 'artifacts'), logger });
  await capture(publish(fs, runInput('r1'), { logger }));
  await capture(verify(fs, { logger, deep: true }));
  const store = createS3Store(s3.storeOptions({ prefix: 'leak/', logger }));
  await capture(publish(store, runInput('r1'), { logger }));
  const stopped = s3.stopAfter(2, (req) => req.method === 'PUT' && (req.url ?? '').includes('/runs/r2/'));
  await capture(publish(store, runInput('r2'), { logger }));
  await stopped;
  await capture(verify(store, { logger }));
  await s3.start();
  await capture(publish(store, runInput('r2'), { logger }));
  await store.close();

  // notify: one healthy target of each kind, plus rate-limited, failing, hanging and unreachable ones
  const discord = await startReceiver([{ status: 429, body: { retry_after: 0.01 } }]);
  const slack = await startReceiver([{ status: 500 }], { status: 200, body: 'ok' });
  const hook = await startReceiver([], { status: 400, body: { error: 'nope' } });
  const hanging = await startReceiver([], { status: 204, hang: true });
  const closed = await startReceiver();
  await closed.close();
  const env = {
    DISCORD_URL: `${discord.origin}/api/webhooks/998877/discord-TOKEN-q1w2e3`,
    SLACK_URL: `${slack.origin}/services/T0001/B0001/slack-TOKEN-r4t5y6`,
    HOOK_URL: `${hook.origin}/hooks/hook-TOKEN-u7i8o9?key=query-TOKEN-p0`,
    HOOK_SECRET: 'hmac-SECRET-a1s2d3',
    HANG_URL: `${hanging.origin}/hang/hang-TOKEN-f4g5h6`,
    CLOSED_URL: `${closed.origin}/closed/closed-TOKEN-j7k8l9`,
  };
  const notifier = createNotifier({
    targets: [
      { kind: 'discord', id: 'discord', urlEnv: 'DISCORD_URL' },
      { kind: 'slack', id: 'slack', urlEnv: 'SLACK_URL' },
      { kind: 'webhook', id: 'hook', urlEnv: 'HOOK_URL', secretEnv: 'HOOK_SECRET' },
      { kind: 'discord', id: 'hanging', urlEnv: 'HANG_URL' },
      { kind: 'slack', id: 'closed', urlEnv: 'CLOSED_URL' },
    ],
    env,
    ledger: createJsonFileLedger({ path: join(dir, 'state', 'notifications.json') }),
    logger,
    attempts: 2,
    timeoutMs: 200,
    backoffBaseMs: 5,
    backoffCapMs: 10,
  });
  await capture(notifier.notify(summary()));
  await capture(notifier.notify(summary()));
  seen.push(notifier);
  for (const r of [discord, slack, hook, hanging]) await r.close();

  // what a leak would be: every secret whole, and the tokens inside the URLs on their own
  const secrets = [...Object.values(env), TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY];
  for (const token of Object.values(env)
    .join(' ')
    .matchAll(/[a-z]+-TOKEN-[a-z0-9]+/g))
    secrets.push(token[0]);
  const haystack = [
    memory.text(),
    ...(await filesUnder(dir)),
    ...seen.map((v) => JSON.stringify(v) ?? ''),
    ...seen.map((v) => inspect(v, { depth: 10, showHidden: true })),
  ].join('\n');
  // the scan looks at real output: the runs happened and were logged
  expect(memory.records.some((r) => r.msg === 'publish committed')).toBe(true);
  expect(memory.records.some((r) => r.msg === 'notification sent')).toBe(true);
  expect(memory.records.some((r) => r.level === 'error' && r.kind === 'discord')).toBe(true);
  expect(haystack).toContain('discord target hanging');
  for (const secret of secrets)
    expect(haystack.includes(secret), `leaked: ${secret.slice(0, 12)}…`).toBe(false);
});
