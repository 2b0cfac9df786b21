import { countsLine, type NotificationSummary, type SummaryJob, trimText } from './summary.js';

/** Slack's limits for incoming webhooks and Block Kit (https://docs.slack.dev/reference/block-kit/blocks). */
export const SLACK_LIMITS = { text: 3000, headerText: 150, sectionText: 3000, blocks: 50 } as const;

type Block =
  | { type: 'header'; text: { type: 'plain_text'; text: string } }
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: Array<{ type: 'mrkdwn'; text: string }> };

export interface SlackPayload {
  text: string;
  blocks: Block[];
}

/** Slack mrkdwn needs &, < and > escaped; a link's URL must not contain `|` or `>`. */
const escapeMrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const linkUrl = (u: string) => u.replace(/\|/g, '%7C').replace(/>/g, '%3E');

function jobLine(job: SummaryJob): string {
  const title = escapeMrkdwn(trimText(job.title, 200)).replace(/\|/g, '¦');
  const rest = [job.company, job.location, job.change]
    .filter(Boolean)
    .map((s) => escapeMrkdwn(trimText(s!, 120)));
  return `• *${Math.round(job.score)}* <${linkUrl(job.url)}|${title}> — ${rest.join(' · ')}`;
}

/** Job lines that fit one section, and a note of how many did not. */
function jobSection(title: string, jobs: SummaryJob[], total: number): string {
  const header = `*${title} (${total})*`;
  let text = header;
  let shown = 0;
  for (const job of jobs) {
    const line = jobLine(job);
    const more = total - shown - 1;
    const tail = more > 0 ? `\n…and ${more} more` : '';
    if (text.length + 1 + line.length + tail.length > SLACK_LIMITS.sectionText) break;
    text += `\n${line}`;
    shown++;
  }
  const more = total - shown;
  return more > 0 ? `${text}\n…and ${more} more` : text;
}

/** One Slack message for one profile: a header, the counts, the top new and changed jobs, the report link. */
export function renderSlack(summary: NotificationSummary, maxJobs: number): SlackPayload {
  const text = trimText(`JobIntel · ${summary.profile}: ${countsLine(summary)}`, SLACK_LIMITS.text);
  const blocks: Block[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: trimText(`JobIntel · ${summary.profile}`, SLACK_LIMITS.headerText) },
    },
    { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(countsLine(summary)) } },
  ];
  const newJobs = summary.topNew.slice(0, maxJobs);
  if (newJobs.length > 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: jobSection('New jobs', newJobs, summary.counts.new) },
    });
  }
  const changed = summary.topChanged.slice(0, maxJobs);
  if (changed.length > 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: jobSection('Changed jobs', changed, summary.counts.changed) },
    });
  }
  if (summary.reportUrl) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<${linkUrl(summary.reportUrl)}|Open the report>` }],
    });
  }
  return { text, blocks };
}
