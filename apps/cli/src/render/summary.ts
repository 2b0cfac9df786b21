import { relative } from 'node:path';
import type { DailyResult, RunReport } from '@jobintel/daily';
import { clip, seconds, table } from './table.js';

/** A path relative to the working directory when that is shorter. */
export const shortPath = (cwd: string, path: string): string => {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && rel.length < path.length ? rel : path;
};

/** The end-of-run summary: boards, per-profile counts, the top 5 of each profile, problems. */
export function reportSummary(report: RunReport): string[] {
  const { run } = report;
  const wall = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  const lines = [
    `run ${run.id}: ${run.status} (exit ${run.exitCode}) in ${seconds(wall)}${run.attempts > 1 ? `, attempt ${run.attempts}` : ''}`,
  ];
  const count = (s: string) => report.boards.filter((b) => b.status === s).length;
  const postings = report.boards.reduce((n, b) => n + b.postings, 0);
  lines.push(
    `boards: ${count('ok')} ok, ${count('degraded')} degraded, ${count('unavailable')} unavailable (${postings} postings)`,
  );
  for (const b of report.boards.filter((x) => x.status !== 'ok')) {
    lines.push(`  ${b.status} ${b.provider}:${b.boardSlug}${b.reason ? ` (${b.reason})` : ''}`);
  }
  if (report.profiles.length > 0) {
    lines.push(
      '',
      table(
        ['profile', 'jobs', 'shortlisted', 'alerts', 'new', 'changed', 'removed', 'hidden'],
        report.profiles.map((p) => [
          p.id,
          p.jobs,
          p.shortlisted,
          p.alerts,
          p.new,
          p.changed,
          p.removed,
          p.hidden,
        ]),
      ),
    );
  }
  for (const p of report.profiles) {
    if (p.top.length === 0) continue;
    lines.push('', `top 5: ${p.id}`);
    lines.push(
      table(
        ['#', 'score', 'title', 'company'],
        p.top.slice(0, 5).map((j, i) => [i + 1, j.score, clip(j.title, 60), clip(j.company, 30)]),
      ),
    );
  }
  if (run.problems.length > 0) {
    lines.push('', 'problems:');
    for (const p of run.problems) lines.push(`  - ${p}`);
  }
  return lines;
}

/** The summary plus where the files are. */
export function runSummary(result: DailyResult, cwd: string): string {
  const lines = reportSummary(result.report);
  const present = new Set(result.report.outputs.map((o) => o.path));
  const rel = (profile: string, name: string) => `profiles/${profile}/${name}`;
  lines.push('', `report:     ${shortPath(cwd, result.reportPath)}`);
  const shortlists = result.outputs.filter((o) => present.has(rel(o.profile, 'shortlist.md')));
  const tops = result.outputs.filter((o) => present.has(rel(o.profile, 'top.md')));
  if (shortlists.length > 0) {
    lines.push('shortlists:');
    for (const o of shortlists) lines.push(`  ${shortPath(cwd, o.shortlist)}`);
  }
  if (tops.length > 0) {
    lines.push('top lists:');
    for (const o of tops) lines.push(`  ${shortPath(cwd, o.top)}`);
  }
  return `${lines.join('\n')}\n`;
}
