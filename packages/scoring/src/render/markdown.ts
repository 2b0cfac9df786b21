import type { RankedReport, ReportJob } from '../report.js';

/** Escapes text so Markdown shows it as written inline (emphasis, code, links, HTML, table pipes). */
export function mdText(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~]/g, '\\$&')
    .replace(/\s+/g, ' ')
    .trim();
}

const link = (url: string | null) =>
  url === null ? 'no link' : `<${url.replace(/[<>\s]/g, encodeURIComponent)}>`;

function summary(report: RankedReport, total: number): string {
  const d = report.diagnostics;
  const parts = [`${total} jobs ranked`];
  if (report.diff)
    parts.push(
      `${report.diff.new} new, ${report.diff.changed} changed, ${report.diff.removed} removed since the last run`,
    );
  else parts.push('first run: nothing to compare with');
  if (report.hidden.length) parts.push(`${report.hidden.length} ignored`);
  const scores =
    d.max === null ? 'no scores' : `scores min ${d.min}, p50 ${d.p50}, p90 ${d.p90}, max ${d.max}`;
  return `${parts.join('; ')}. ${scores[0]!.toUpperCase()}${scores.slice(1)}.`;
}

function entry(j: ReportJob): string[] {
  const lines = [`## ${j.rank}. ${mdText(j.title)} — ${mdText(j.company)} (${j.score})`, ''];
  lines.push(`- **Locations:** ${j.locations.length ? mdText(j.locations.join('; ')) : 'not given'}`);
  lines.push(`- **Link:** ${link(j.url)}`);
  if (j.change) lines.push(`- **Since last run:** ${mdText(j.change)}`);
  if (j.userStatus)
    lines.push(`- **Status:** ${j.userStatus}${j.userNote ? ` — ${mdText(j.userNote)}` : ''}`);
  lines.push(
    `- **Why:** ${j.explanation.topReasons.length ? mdText(j.explanation.topReasons.join('; ')) : 'no positive signal'}`,
  );
  if (j.explanation.riskSignals.length)
    lines.push(`- **Risks:** ${mdText(j.explanation.riskSignals.join('; '))}`);
  if (j.explanation.missingMustHaves.length)
    lines.push(`- **Missing must-haves:** ${mdText(j.explanation.missingMustHaves.join('; '))}`);
  if (j.excerpt) lines.push('', `> ${mdText(j.excerpt)}`);
  lines.push('');
  return lines;
}

export interface ShortlistOptions {
  /** Most jobs listed. Default 25. */
  limit?: number;
  /** Jobs ranked in all, when `report.jobs` holds only the first ones. Default `report.jobs.length`. */
  total?: number;
}

/** `shortlist.md`: the best jobs with reasons, risks, an excerpt and what changed since the last run. */
export function renderShortlist(report: RankedReport, options: ShortlistOptions = {}): string {
  const limit = options.limit ?? 25;
  const lines = [
    `# Shortlist: ${mdText(report.profile.name)}`,
    '',
    summary(report, options.total ?? report.jobs.length),
    '',
  ];
  for (const j of report.jobs.slice(0, limit)) lines.push(...entry(j));
  if (report.removed.length) {
    lines.push('## Removed since the last run', '');
    for (const r of report.removed)
      lines.push(`- ${mdText(r.title)} — ${mdText(r.company)} (\`${r.id.replace(/`/g, '')}\`)`);
    lines.push('');
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/** `top.md`: a table of the top jobs. */
export function renderTop(report: RankedReport, options: { limit?: number } = {}): string {
  const limit = options.limit ?? 10;
  const cell = (s: string) => mdText(s).replace(/\n/g, ' ');
  const lines = [
    `# Top ${Math.min(limit, report.jobs.length)}: ${mdText(report.profile.name)}`,
    '',
    '| # | score | title | company | locations | change | link |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const j of report.jobs.slice(0, limit)) {
    lines.push(
      `| ${j.rank} | ${j.score} | ${cell(j.title)} | ${cell(j.company)} | ${cell(j.locations.join('; ') || '-')} | ${cell(j.change ?? '')}${j.userStatus ? ` (${j.userStatus})` : ''} | ${link(j.url)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
