import type { NotificationSummaryInput, SummaryJob } from '../src/notify/summary.js';

export const job = (i: number, over: Partial<SummaryJob> = {}): SummaryJob => ({
  score: 90 - i,
  title: `Senior Engineer ${i}`,
  company: `Acme ${i}`,
  location: 'Berlin',
  url: `https://boards.example.com/acme/jobs/${i}`,
  ...over,
});

export const summary = (over: Partial<NotificationSummaryInput> = {}): NotificationSummaryInput => ({
  runId: '2026-11-22',
  profile: 'backend',
  counts: { new: 3, changed: 1, removed: 2 },
  topNew: [job(1), job(2), job(3)],
  topChanged: [job(4, { change: 'salary added' })],
  reportUrl: 'https://reports.example.com/runs/2026-11-22/backend/report.html',
  ...over,
});
