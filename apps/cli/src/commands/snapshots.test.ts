import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { demoDir } from '@jobintel/providers';
import { exampleProfilePath } from '@jobintel/scoring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../test-utils.js';

// `snapshots refresh` against a board served on 127.0.0.1, then `verify` and an offline run on what it stored.
describe('jobintel snapshots refresh', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let server: Server;
  let base: string;
  const requests: string[] = [];

  beforeAll(async () => {
    dir = await tempDir();
    const body = await readFile(join(demoDir(), 'snapshots/greenhouse/northwind/jobs.json'));
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url?.startsWith('/boards/acme/jobs')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      } else if (req.url === '/robots.txt') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
      } else res.writeHead(503).end('down');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await writeFile(
      join(dir.path, 'jobintel.config.yaml'),
      [
        'key: local',
        'fetch:',
        '  allowHosts: ["127.0.0.1"]',
        '  politeness: { ratePerSec: 50, burst: 10, jitterMs: 0, retries: 0 }',
        'boards:',
        `  - { provider: greenhouse, url: "${base}/boards/acme/jobs?content=true", name: Acme, mode: snapshot }`,
        `  - { provider: greenhouse, url: "${base}/boards/down/jobs", name: Down, mode: snapshot }`,
        'boardPolicy: { maxUnavailable: 1 }',
        `profiles: [{ file: ${JSON.stringify(exampleProfilePath('software-engineering'))} }]`,
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await dir.cleanup();
  });

  it('fetches the boards live into the snapshot store; verify and an offline run then use them', async () => {
    const r = await runCli(['snapshots', 'refresh', '--json'], { cwd: dir.path });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const boards = JSON.parse(r.stdout) as { postings: number; availability: { status: string } }[];
    expect(boards.map((b) => b.availability.status)).toEqual(['ok', 'unavailable']);
    expect(boards[0]?.postings).toBeGreaterThan(0);
    expect(requests.some((u) => u.startsWith('/boards/acme/jobs'))).toBe(true);

    const verify = await runCli(['snapshots', 'verify'], { cwd: dir.path });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/: [1-9]\d* bodies, [1-9]\d* records/);

    const served = requests.length;
    const run = await runCli(['run', '--offline', '--quiet', '--no-notify'], { cwd: dir.path });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/boards: 1 ok, 0 degraded, 1 unavailable/);
    expect(requests.length).toBe(served); // offline: no request
  });
});
