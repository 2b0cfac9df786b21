import type { RankedReport, ReportJob } from '../report.js';

export const CSV_COLUMNS = [
  'rank',
  'score',
  'band',
  'id',
  'title',
  'company',
  'locations',
  'workplace',
  'url',
  'published_at',
  'status',
  'change',
  'top_reasons',
  'risks',
  'missing_must_haves',
] as const;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, quotes doubled. A leading
 * `= + - @` gets a `'` so spreadsheets do not run it as a formula.
 */
export function csvField(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV row (without its line end) of a ranked job. */
export function csvRow(j: ReportJob): string {
  return [
    j.rank,
    j.score,
    j.band,
    j.id,
    j.title,
    j.company,
    j.locations.join(' | '),
    j.workplace,
    j.url,
    j.publishedAt,
    j.userStatus,
    j.change,
    j.explanation.topReasons.join(' | '),
    j.explanation.riskSignals.join(' | '),
    j.explanation.missingMustHaves.join(' | '),
  ]
    .map(csvField)
    .join(',');
}

/** The ranked CSV: a header row, one row per job, CRLF line ends (RFC 4180), a final CRLF. */
export function renderCsv(report: RankedReport): string {
  return `${[CSV_COLUMNS.join(','), ...report.jobs.map(csvRow)].join('\r\n')}\r\n`;
}
