import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config/load.js';
import { replayRun } from './replay.js';
import { runDaily } from './run.js';

// A Lever board and a Discord webhook, played on 127.0.0.1; the board's postings change between runs.
interface Posting {
  id: string;
  text: string;
  location: string;
  description: string;
}
let postings: Posting[] = [];
const discord: unknown[] = [];
const requests: string[] = [];
let server: Server;
let port = 0;
let cwd: string;

const lever = (p: Posting) => ({
  id: p.id,
  text: p.text,
  categories: { location: p.location, team: 'Platform', commitment: 'Full-time' },
  country: 'US',
  workplaceType: 'hybrid',
  createdAt: Date.UTC(2026, 10, 20),
  hostedUrl: `http://127.0.0.1:${port}/acme/${p.id}`,
  applyUrl: `http://127.0.0.1:${port}/acme/${p.id}/apply`,
  descriptionPlain: p.description,
  description: `<p>${p.description}</p>`,
  lists: [],
  additional: '',
});

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
    } else if (url.pathname === '/v0/postings/acme') {
      const skip = Number(url.searchParams.get('skip') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 100);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(postings.slice(skip, skip + limit).map(lever)));
    } else if (url.pathname.startsWith('/acme/')) {
      // a job page: what enrich reads when the board gave no description
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          '<html><head><title>Job</title></head><body><main><h1>Role</h1><p>You will run Kubernetes clusters.</p></main></body></html>',
        );
    } else if (url.pathname === '/discord/hook-secret-123') {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        discord.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  cwd = await mkdtemp(join(tmpdir(), 'jobintel-live-'));
  await writeFile(
    join(cwd, 'jobintel.config.yaml'),
    [
      'key: live-test',
      'boards:',
      `  - { provider: lever, name: Acme, url: "http://127.0.0.1:${port}/v0/postings/acme?mode=json", mode: live }`,
      'fetch:',
      '  userAgent: "JobIntel-test/1.0 (+https://example.com/bot)"',
      '  allowHosts: ["127.0.0.1"]',
      '  politeness: { ratePerSec: 100, burst: 10, jitterMs: 0 }',
      'profiles:',
      '  - id: platform',
      '    name: Platform engineering',
      '    roles: [{ pattern: platform engineer, weight: 60 }, { pattern: engineer, weight: 40 }]',
      '    skills: [{ term: kubernetes, weight: 10, cap: 10 }]',
      'scoring: { minScore: 10, alertScore: 20 }',
      'notify:',
      '  targets: [{ kind: discord, id: main, urlEnv: DISCORD_WEBHOOK_URL }]',
      'publish: { target: local, dir: published }',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  server.close();
  await rm(cwd, { recursive: true, force: true });
});

const env = () => ({ DISCORD_WEBHOOK_URL: `http://127.0.0.1:${port}/discord/hook-secret-123` });

describe('live runs against a changing board', () => {
  it('fetches live, publishes, and notifies once with the right new / changed / removed counts', async () => {
    postings = [
      { id: 'a1', text: 'Platform Engineer', location: 'Seattle', description: 'Kubernetes and Go.' },
      { id: 'b2', text: 'Backend Engineer', location: 'Austin', description: 'APIs.' },
      { id: 'c3', text: 'Site Reliability Engineer', location: 'Denver', description: 'On call.' },
      { id: 'e5', text: 'Infrastructure Engineer', location: 'Boston', description: '' }, // enriched from its page
    ];
    const loaded = await loadConfig({ cwd, env: env() });
    const first = await runDaily({ loaded, env: env(), flags: { publish: true } });
    expect(first.exitCode).toBe(0);
    expect(first.report.run.status).toBe('succeeded');
    expect(first.report.boards[0]).toMatchObject({ status: 'ok', postings: 4, provenance: { used: 'live' } });
    expect(requests).toContain('GET /robots.txt');
    // the job without a description was enriched from its page, and its description now scores
    expect(first.report.stages.find((s) => s.name === 'enrich')).toMatchObject({ planned: 1, succeeded: 1 });
    expect(requests).toContain('GET /acme/e5');
    const ranked = JSON.parse(await readFile(first.outputs[0]!.ranked, 'utf8'));
    const enriched = ranked.jobs.find((j: { id: string }) => j.id.endsWith('e5'));
    expect(JSON.stringify(enriched.contributions)).toMatch(/kubernetes/i);
    expect(first.report.inputs.map((i) => i.path)).toContain('inputs/enriched.json');
    // re-scoring from the archived inputs (the enriched description included) gives the same ranking
    const replay = await replayRun({ loaded, runId: first.report.run.id, recalc: true });
    expect(replay).toMatchObject({ exitCode: 0, recalc: { identical: true } });
    expect(discord).toHaveLength(0); // a first run has nothing to compare with

    postings = [
      postings[0]!,
      { ...postings[1]!, text: 'Senior Backend Engineer' }, // changed title
      { id: 'd4', text: 'Platform Engineer, Kubernetes', location: 'Remote', description: 'Kubernetes.' }, // new
      postings[3]!,
    ]; // c3 removed
    const second = await runDaily({ loaded, env: env(), flags: { publish: true } });
    expect(second.report.profiles[0]).toMatchObject({
      new: 1,
      changed: 1,
      removed: 1,
      previousRunId: first.report.run.id,
    });
    expect(discord).toHaveLength(1);
    const message = JSON.stringify(discord[0]);
    expect(message).toContain('Platform Engineer, Kubernetes');
    expect(message).not.toContain('hook-secret-123');

    // the pointer names the second run; nothing in the run folder or the published tree holds the webhook URL
    const pointer = JSON.parse(await readFile(join(cwd, 'published', 'state', 'last_success.json'), 'utf8'));
    expect(pointer.runId).toBe(second.report.run.id);
    expect(await readFile(second.reportPath, 'utf8')).not.toContain('hook-secret-123');

    // nothing changed: no message
    const third = await runDaily({ loaded, env: env() });
    expect(third.report.profiles[0]).toMatchObject({ new: 0, changed: 0, removed: 0 });
    expect(discord).toHaveLength(1);
  });
});
