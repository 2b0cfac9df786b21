import type { PublishInput } from '../src/publish/schema.js';

/** A run of two profiles with a few artifacts; `variant` changes their content, `drop` leaves one out. */
export function runInput(runId: string, variant = runId, options: { drop?: string } = {}): PublishInput {
  const report = (profile: string) => `${JSON.stringify({ runId: variant, profile, jobs: [1, 2, 3] })}\n`;
  const artifacts = (profile: string) =>
    [
      { name: 'report.json', contentType: 'application/json', body: report(profile) },
      {
        name: 'top.md',
        contentType: 'text/markdown; charset=utf-8',
        body: `# Top jobs for ${profile} (${variant})\n`,
      },
      { name: 'ranked/ranked.csv', contentType: 'text/csv', body: `score,title\n90,${variant}\n` },
      { name: `only-${variant}.txt`, contentType: 'text/plain', body: variant },
    ].filter((a) => a.name !== options.drop);
  return {
    runId,
    time: '2026-11-22T07:00:00.000Z',
    profiles: [
      { profile: 'backend', artifacts: artifacts('backend') },
      { profile: 'data', artifacts: artifacts('data') },
    ],
  };
}
