import { countsLine, type NotificationSummary, type SummaryJob, trimText } from './summary.js';

/** Discord's documented limits (https://discord.com/developers/docs/resources/message). */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** All titles, descriptions, field names and values and footers of a message together. */
  embedTotal: 6000,
  username: 80,
} as const;

interface Field {
  name: string;
  value: string;
}
interface Embed {
  title: string;
  color: number;
  fields: Field[];
  footer?: { text: string };
}
export interface DiscordPayload {
  content: string;
  username?: string;
  embeds: Embed[];
  allowed_mentions: { parse: never[] };
}

function jobField(job: SummaryJob): Field {
  const name = trimText(`${Math.round(job.score)} · ${job.title}`, DISCORD_LIMITS.fieldName);
  const where = [job.company, job.location, job.change].filter(Boolean).join(' · ');
  // the link must stay whole: the text around it is what gets shortened
  const link = job.url.length <= 900 ? `\n${job.url}` : '';
  return { name, value: trimText(where, DISCORD_LIMITS.fieldValue - link.length) + link };
}

const embedSize = (e: Embed) =>
  e.title.length +
  e.fields.reduce((n, f) => n + f.name.length + f.value.length, 0) +
  (e.footer?.text.length ?? 0);

/**
 * One Discord message for one profile: the counts and the report link as content, the top new and
 * changed jobs as two embeds. Over-long text is trimmed (never a link); when the embeds together would
 * pass 6,000 characters, the last jobs are dropped and a footer says how many more there are. Mentions
 * are disabled, so a job title cannot ping anyone.
 */
export function renderDiscord(
  summary: NotificationSummary,
  maxJobs: number,
  username?: string,
): DiscordPayload {
  const headline = `**JobIntel · ${summary.profile}**: ${countsLine(summary)}`;
  const report = summary.reportUrl ? `\nReport: <${summary.reportUrl}>` : '';
  const content =
    headline.length + report.length <= DISCORD_LIMITS.content
      ? headline + report
      : trimText(headline, DISCORD_LIMITS.content);

  const sections: Array<{ title: string; color: number; jobs: SummaryJob[]; total: number }> = [
    { title: 'New jobs', color: 0x2ecc71, jobs: summary.topNew, total: summary.counts.new },
    { title: 'Changed jobs', color: 0xf1c40f, jobs: summary.topChanged, total: summary.counts.changed },
  ];
  const embeds: Embed[] = [];
  const hidden: number[] = [];
  for (const section of sections) {
    const jobs = section.jobs.slice(0, Math.min(maxJobs, DISCORD_LIMITS.fields));
    if (jobs.length === 0) continue;
    embeds.push({
      title: trimText(`${section.title} (${section.total})`, DISCORD_LIMITS.embedTitle),
      color: section.color,
      fields: jobs.map(jobField),
    });
    hidden.push(Math.max(0, section.total - jobs.length));
  }
  const setFooters = () =>
    embeds.forEach((e, i) => {
      const more = hidden[i] ?? 0;
      if (more > 0) e.footer = { text: `+${more} more` };
      else delete e.footer;
    });
  setFooters();
  // drop the last job of the largest embed until the message fits
  while (embeds.reduce((n, e) => n + embedSize(e), 0) > DISCORD_LIMITS.embedTotal) {
    let largest = 0;
    embeds.forEach((e, i) => {
      if (embedSize(e) > embedSize(embeds[largest]!)) largest = i;
    });
    const embed = embeds[largest]!;
    embed.fields.pop();
    hidden[largest] = (hidden[largest] ?? 0) + 1;
    if (embed.fields.length === 0) {
      embeds.splice(largest, 1);
      hidden.splice(largest, 1);
    }
    setFooters();
  }
  return {
    content,
    ...(username ? { username: trimText(username, DISCORD_LIMITS.username) } : {}),
    embeds,
    allowed_mentions: { parse: [] },
  };
}
