import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Answer, type Receiver, startReceiver } from '../../test/receiver.js';
import { job, summary } from '../../test/summaries.js';
import { createJsonFileLedger, createMemoryLedger } from './ledger.js';
import { createNotifier, type NotifierOptions } from './notifier.js';

const receivers: Receiver[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function receiver(script: Answer[] = [], fallback?: Answer) {
  const r = await startReceiver(script, fallback);
  receivers.push(r);
  return r;
}

const fast = { backoffBaseMs: 5, backoffCapMs: 20, timeoutMs: 2_000 } satisfies Partial<NotifierOptions>;
const DISCORD_PATH = '/api/webhooks/1234567890/discord-token-AbCdEf';

function discordNotifier(r: Receiver, extra: Partial<NotifierOptions> = {}) {
  return createNotifier({
    targets: [{ kind: 'discord', id: 'team', urlEnv: 'DISCORD_URL' }],
    env: { DISCORD_URL: `${r.origin}${DISCORD_PATH}` },
    ...fast,
    ...extra,
  });
}

describe('discord', () => {
  it('posts the counts, the report link and the top jobs as embeds, with mentions disabled', async () => {
    const r = await receiver();
    const [result] = await discordNotifier(r).notify(summary());
    expect(result).toMatchObject({
      status: 'sent',
      attempts: 1,
      httpStatus: 204,
      target: 'team',
      kind: 'discord',
    });
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]!.path).toBe(DISCORD_PATH);
    const payload = JSON.parse(r.requests[0]!.body);
    expect(payload.content).toBe(
      '**JobIntel · backend**: 3 new, 1 changed, 2 removed\nReport: <https://reports.example.com/runs/2026-11-22/backend/report.html>',
    );
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    expect(payload.embeds.map((e: { title: string }) => e.title)).toEqual([
      'New jobs (3)',
      'Changed jobs (1)',
    ]);
    expect(payload.embeds[0].fields[0]).toEqual({
      name: '89 · Senior Engineer 1',
      value: 'Acme 1 · Berlin\nhttps://boards.example.com/acme/jobs/1',
    });
    expect(payload.embeds[1].fields[0].value).toBe(
      'Acme 4 · Berlin · salary added\nhttps://boards.example.com/acme/jobs/4',
    );
  });

  it('waits for retry_after on a 429 and then sends', async () => {
    const r = await receiver([
      { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.05, global: false } },
    ]);
    const [result] = await discordNotifier(r).notify(summary());
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
    expect(r.requests).toHaveLength(2);
    expect(r.requests[1]!.body).toBe(r.requests[0]!.body);
  });

  it('gives up at once when retry_after is longer than maxRetryAfterMs', async () => {
    const r = await receiver([{ status: 429, body: { retry_after: 30, global: true } }]);
    const [result] = await discordNotifier(r, { maxRetryAfterMs: 1_000 }).notify(summary());
    expect(result).toMatchObject({
      status: 'failed',
      attempts: 1,
      httpStatus: 429,
      error: { code: 'NOTIFY_FAILED' },
    });
    expect(r.requests).toHaveLength(1);
  });

  it('retries 500 answers with backoff, and fails after the configured attempts', async () => {
    const flaky = await receiver([{ status: 500 }, { status: 502 }]);
    expect((await discordNotifier(flaky).notify(summary()))[0]).toMatchObject({
      status: 'sent',
      attempts: 3,
    });
    const down = await receiver([], { status: 500, body: { message: 'boom' } });
    const [failed] = await discordNotifier(down).notify(summary());
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, httpStatus: 500 });
    expect(failed!.error!.message).toBe('discord target team: HTTP 500 after 3 attempts');
    expect(down.requests).toHaveLength(3);
  });

  it('does not retry a 400', async () => {
    const r = await receiver([], { status: 400, body: { message: 'Invalid Form Body' } });
    expect((await discordNotifier(r).notify(summary()))[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      httpStatus: 400,
    });
    expect(r.requests).toHaveLength(1);
  });

  it('keeps over-long content within every Discord limit, trimming text and dropping jobs, never links', async () => {
    const r = await receiver();
    const long = (i: number) =>
      job(i, {
        title: `${'Very long title '.repeat(30)}${i}`,
        company: 'C'.repeat(2_000),
        location: 'L'.repeat(500),
      });
    await discordNotifier(r, { maxJobs: 25 }).notify(
      summary({
        profile: 'p'.repeat(128),
        counts: { new: 40, changed: 30, removed: 0 },
        topNew: Array.from({ length: 30 }, (_, i) => long(i)),
        topChanged: Array.from({ length: 30 }, (_, i) => long(30 + i)),
        reportUrl: `https://reports.example.com/${'x'.repeat(1_950)}`,
      }),
    );
    const payload = JSON.parse(r.requests[0]!.body);
    expect(payload.content.length).toBeLessThanOrEqual(2000);
    expect(payload.content).not.toContain('Report:'); // a cut link would be broken: it is left out instead
    let total = 0;
    for (const embed of payload.embeds) {
      expect(embed.title.length).toBeLessThanOrEqual(256);
      expect(embed.fields.length).toBeLessThanOrEqual(25);
      for (const field of embed.fields) {
        expect(field.name.length).toBeLessThanOrEqual(256);
        expect(field.value.length).toBeLessThanOrEqual(1024);
        expect(field.value).toMatch(/\nhttps:\/\/boards\.example\.com\/acme\/jobs\/\d+$/);
        total += field.name.length + field.value.length;
      }
      total += embed.title.length + (embed.footer?.text.length ?? 0);
    }
    expect(total).toBeLessThanOrEqual(6000);
    const [newEmbed, changedEmbed] = payload.embeds;
    expect(newEmbed.footer.text).toBe(`+${40 - newEmbed.fields.length} more`);
    expect(changedEmbed.footer.text).toBe(`+${30 - changedEmbed.fields.length} more`);
  });
});

describe('slack', () => {
  it('posts text and blocks, escapes mrkdwn, and honours Retry-After on a 429', async () => {
    const r = await receiver([{ status: 429, headers: { 'retry-after': '0' }, body: 'rate_limited' }], {
      status: 200,
      body: 'ok',
    });
    const notifier = createNotifier({
      targets: [{ kind: 'slack', id: 'alerts', urlEnv: 'SLACK_URL' }],
      env: { SLACK_URL: `${r.origin}/services/T000/B000/slack-secret-path` },
      ...fast,
    });
    const [result] = await notifier.notify(summary({ topNew: [job(1, { title: 'C++ <dev> & | ops' })] }));
    expect(result).toMatchObject({ status: 'sent', attempts: 2, httpStatus: 200 });
    const payload = JSON.parse(r.requests[1]!.body);
    expect(payload.text).toBe('JobIntel · backend: 3 new, 1 changed, 2 removed');
    expect(payload.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'JobIntel · backend' },
    });
    expect(payload.blocks[2].text.text).toBe(
      '*New jobs (3)*\n• *89* <https://boards.example.com/acme/jobs/1|C++ &lt;dev&gt; &amp; ¦ ops> — Acme 1 · Berlin\n…and 2 more',
    );
    expect(payload.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '<https://reports.example.com/runs/2026-11-22/backend/report.html|Open the report>',
        },
      ],
    });
  });

  it('keeps each section within 3,000 characters, saying how many jobs are left out', async () => {
    const r = await receiver([], { status: 200, body: 'ok' });
    const notifier = createNotifier({
      targets: [{ kind: 'slack', id: 'alerts', urlEnv: 'SLACK_URL' }],
      env: { SLACK_URL: `${r.origin}/services/x` },
      maxJobs: 25,
      ...fast,
    });
    const topNew = Array.from({ length: 25 }, (_, i) =>
      job(i, { title: 'T'.repeat(400), company: 'C'.repeat(400) }),
    );
    await notifier.notify(summary({ counts: { new: 25, changed: 0, removed: 0 }, topNew, topChanged: [] }));
    const section = JSON.parse(r.requests[0]!.body).blocks[2].text.text as string;
    expect(section.length).toBeLessThanOrEqual(3000);
    const shown = section.split('\n').filter((l) => l.startsWith('•')).length;
    expect(shown).toBeGreaterThan(0);
    expect(section.endsWith(`…and ${25 - shown} more`)).toBe(true);
  });
});

describe('generic webhook', () => {
  it('signs the body with HMAC-SHA256 over "<timestamp>.<body>"', async () => {
    const r = await receiver([], { status: 202 });
    const notifier = createNotifier({
      targets: [{ kind: 'webhook', id: 'ops', urlEnv: 'HOOK_URL', secretEnv: 'HOOK_SECRET' }],
      env: { HOOK_URL: `${r.origin}/hooks/ops-token-123`, HOOK_SECRET: 'shared-hmac-secret' },
      now: () => new Date('2026-11-22T07:00:00Z'),
      ...fast,
    });
    expect((await notifier.notify(summary()))[0]).toMatchObject({ status: 'sent', httpStatus: 202 });
    const req = r.requests[0]!;
    expect(req.headers['x-jobintel-timestamp']).toBe('1795330800');
    const expected = createHmac('sha256', 'shared-hmac-secret')
      .update(`1795330800.${req.body}`)
      .digest('hex');
    expect(req.headers['x-jobintel-signature']).toBe(`sha256=${expected}`);
    expect(req.headers['x-jobintel-delivery']).toMatch(/^[0-9a-f]{32}$/);
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({
      type: 'jobintel.run.summary',
      version: 1,
      summary: { runId: '2026-11-22', profile: 'backend' },
    });
    expect(body.summary.topNew).toHaveLength(3);
  });
});

describe('when and how often', () => {
  it('sends nothing when nothing changed, unless always', async () => {
    const r = await receiver();
    const quiet = summary({ counts: { new: 0, changed: 0, removed: 0 }, topNew: [], topChanged: [] });
    expect((await discordNotifier(r).notify(quiet))[0]).toMatchObject({
      status: 'skipped-unchanged',
      attempts: 0,
    });
    expect(r.requests).toHaveLength(0);
    expect((await discordNotifier(r, { always: true }).notify(quiet))[0]).toMatchObject({ status: 'sent' });
    expect(r.requests).toHaveLength(1);
  });

  it('sends at most one message per run, profile and target, also across a resumed process (JSON ledger)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-'));
    dirs.push(dir);
    const path = join(dir, 'state', 'notifications.json');
    const r = await receiver();
    const first = discordNotifier(r, { ledger: createJsonFileLedger({ path }) });
    expect((await first.notify(summary()))[0]!.status).toBe('sent');
    expect((await first.notify(summary()))[0]!.status).toBe('skipped-duplicate');
    // a new process resuming the same run
    const resumed = discordNotifier(r, { ledger: createJsonFileLedger({ path }) });
    expect((await resumed.notify(summary()))[0]!.status).toBe('skipped-duplicate');
    expect((await resumed.notify(summary({ profile: 'data' })))[0]!.status).toBe('sent');
    expect((await resumed.notify(summary({ runId: '2026-11-23' })))[0]!.status).toBe('sent');
    expect(r.requests).toHaveLength(3);
    const file = JSON.parse(await readFile(path, 'utf8'));
    expect(
      file.entries.map(
        (e: { runId: string; profile: string; status: string }) => `${e.runId}/${e.profile}:${e.status}`,
      ),
    ).toEqual(['2026-11-22/backend:sent', '2026-11-22/data:sent', '2026-11-23/backend:sent']);
  });

  it('a refused notification may be sent by a resumed run; one that timed out is not sent again', async () => {
    const ledger = createMemoryLedger();
    const refusing = await receiver([], { status: 503 });
    expect((await discordNotifier(refusing, { ledger, attempts: 1 }).notify(summary()))[0]!.status).toBe(
      'failed',
    );
    expect(await ledger.get({ runId: '2026-11-22', profile: 'backend', target: 'team' })).toMatchObject({
      status: 'failed',
      claims: 1,
    });
    const healthy = await receiver();
    expect((await discordNotifier(healthy, { ledger }).notify(summary()))[0]!.status).toBe('sent');
    expect(await ledger.get({ runId: '2026-11-22', profile: 'backend', target: 'team' })).toMatchObject({
      status: 'sent',
      claims: 2,
    });

    const hanging = await receiver([], { status: 204, hang: true });
    const other = summary({ profile: 'data' });
    const [timedOut] = await discordNotifier(hanging, { ledger, attempts: 1, timeoutMs: 150 }).notify(other);
    expect(timedOut).toMatchObject({ status: 'failed' });
    expect(await ledger.get({ runId: '2026-11-22', profile: 'data', target: 'team' })).toMatchObject({
      status: 'pending',
    });
    expect((await discordNotifier(healthy, { ledger }).notify(other))[0]!.status).toBe('skipped-duplicate');
  });

  it('a closed port fails without a doubt, so the claim is released', async () => {
    const r = await receiver();
    const origin = r.origin;
    await r.close();
    receivers.splice(receivers.indexOf(r), 1);
    const ledger = createMemoryLedger();
    const notifier = createNotifier({
      targets: [{ kind: 'discord', id: 'team', urlEnv: 'U' }],
      env: { U: `${origin}/api/webhooks/1/t` },
      ledger,
      attempts: 2,
      ...fast,
    });
    const [result] = await notifier.notify(summary());
    expect(result).toMatchObject({
      status: 'failed',
      attempts: 2,
      error: { message: 'discord target team: ECONNREFUSED after 2 attempts' },
    });
    expect((await ledger.get({ runId: '2026-11-22', profile: 'backend', target: 'team' }))?.status).toBe(
      'failed',
    );
  });
});

describe('options', () => {
  it('names a missing or malformed environment variable without showing its value', () => {
    const targets = [{ kind: 'discord' as const, id: 'team', urlEnv: 'DISCORD_URL' }];
    expect(() => createNotifier({ targets, env: {} })).toThrow(
      'targets.0.urlEnv: environment variable DISCORD_URL is not set',
    );
    let message = '';
    try {
      createNotifier({ targets, env: { DISCORD_URL: 'discord.com/api/webhooks/1/secret-token-zzz' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('DISCORD_URL is not an http(s) URL');
    expect(message).not.toContain('secret-token-zzz');
    expect(() =>
      createNotifier({ targets: [...targets, ...targets], env: { DISCORD_URL: 'https://x.test/a' } }),
    ).toThrow('targets.1.id: duplicate target id team');
  });

  it('rejects an invalid summary naming the field', async () => {
    const r = await receiver();
    await expect(
      discordNotifier(r).notify({ ...summary(), counts: { new: -1, changed: 0, removed: 0 } }),
    ).rejects.toThrow(/counts\.new/);
  });
});
