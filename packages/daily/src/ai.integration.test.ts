import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// the ai package's own test server and synthetic replies (a local OpenAI-compatible endpoint)
import { type RecordedRequest, sentMessages, startReplayServer } from '../../ai/test/replay-server.js';
import { openAiResponse, validBrief, validInsights } from '../../ai/test/responses.js';
import { loadConfig } from './config/load.js';
import { runDaily } from './run.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('the ai stage in the daily run', () => {
  it('briefs the top of the ranking and writes insights from the diff summary, not the whole ranking', async () => {
    const answer = (request: RecordedRequest) => {
      const [system, user] = sentMessages(request);
      if (system?.content.includes('brief')) {
        const jobId = /"id":\s*"([^"]*:[^"]*)"/.exec(user?.content ?? '')?.[1] ?? 'unknown';
        return { kind: 'json' as const, body: openAiResponse(JSON.stringify(validBrief(jobId))) };
      }
      const first = /"id":\s*"([^"]*:[^"]*)"/.exec(user?.content ?? '')?.[1] ?? 'unknown';
      const insights = { ...validInsights, topRoles: [{ ...validInsights.topRoles[0]!, jobIds: [first] }] };
      return { kind: 'json' as const, body: openAiResponse(JSON.stringify(insights)) };
    };
    const server = await startReplayServer(
      Array.from({ length: 3 }, () => ({ kind: 'dynamic', reply: answer })),
    );
    try {
      const cwd = await mkdtemp(join(tmpdir(), 'jobintel-ai-'));
      dirs.push(cwd);
      const demo = await loadConfig({ cwd, env: {} });
      const loaded = {
        ...demo,
        config: {
          ...demo.config,
          ai: {
            ...demo.config.ai,
            enabled: true,
            provider: 'openai-compatible' as const,
            baseUrl: server.url,
            model: 'gpt-4o-mini',
            apiKeyEnv: 'TEST_AI_KEY',
            retries: 0,
            tasks: {
              insights: { enabled: true, maxJobs: 10 },
              briefs: { enabled: true, topN: 2, concurrency: 1 },
            },
          },
        },
      };
      const env = { TEST_AI_KEY: 'sk-test-secret-key' };
      const result = await runDaily({ loaded, env, flags: { profiles: ['software-engineering'] } });
      expect(result.exitCode).toBe(0);
      expect(result.report.ai, JSON.stringify(result.report.ai)).toMatchObject({ status: 'ok' });
      expect(server.requests).toHaveLength(3);
      // every call is counted and costed, the briefs' too
      expect(result.report.ai.calls).toBe(3);
      const ai0 = JSON.parse(
        await readFile(join(result.runDir, 'profiles', 'software-engineering', 'ai.json'), 'utf8'),
      );
      const briefsCost = ai0.briefs.briefs.reduce(
        (n: number, b: { result: { costNanos: number } }) => n + b.result.costNanos,
        0,
      );
      expect(briefsCost).toBeGreaterThan(0);
      expect(result.report.ai.costNanos).toBe(ai0.insights.costNanos + briefsCost);
      const ranked = JSON.parse(
        await readFile(join(result.runDir, 'profiles', 'software-engineering', 'ranked.json'), 'utf8'),
      );
      // the briefs are of the first two jobs of the ranking, the insights saw the first ten
      const ai = JSON.parse(
        await readFile(join(result.runDir, 'profiles', 'software-engineering', 'ai.json'), 'utf8'),
      );
      expect(JSON.stringify(ai.briefs)).toContain(ranked.jobs[0].id);
      const insightsRequest = server.requests.find((r) => !sentMessages(r)[0]?.content.includes('brief'));
      const sent = sentMessages(insightsRequest)[1]?.content ?? '';
      for (const job of ranked.jobs.slice(0, 10)) expect(sent).toContain(job.id);
      expect(sent).not.toContain(ranked.jobs[10].id);
      expect(result.report.ai.status).toBe('ok');
      expect(await readFile(result.reportPath, 'utf8')).not.toContain('sk-test-secret-key');
    } finally {
      await server.close();
    }
  });
});
