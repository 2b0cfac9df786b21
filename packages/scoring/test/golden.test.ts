import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildReport,
  compileProfile,
  identifyJobs,
  loadProfile,
  parsePreviousJobs,
  renderCsv,
  renderRankedJson,
  renderShortlist,
  renderTop,
  scorePostings,
} from '../src/index.js';
import { makePosting } from './factory.js';

// Regenerate on purpose with UPDATE_GOLDEN=1; a normal run fails on any byte change.
const update = process.env.UPDATE_GOLDEN === '1';
// `.golden` so that formatters (biome formats *.json) never touch the pinned bytes
const golden = (name: string) => new URL(`./golden/${name}.golden`, import.meta.url);

const profile = compileProfile(
  await loadProfile(new URL('../profiles/customer-success.yaml', import.meta.url).pathname),
);
const asOf = '2026-11-25T12:00:00Z';

const description = (extra: string) =>
  `You will own onboarding and renewals for a book of enterprise customers on our SaaS platform. ${extra} ` +
  'We track churn and net revenue retention weekly, and work in Salesforce and Gainsight every day.';

function postings() {
  return [
    makePosting({
      provider: 'ashby',
      board: 'northwind',
      company: 'Northwind',
      postingId: 'nw-1',
      jobId: 'nw-job-1',
      title: 'Senior Customer Success Manager',
      locations: ['San Francisco, CA'],
      publishedAt: '2026-11-24T09:00:00Z',
      descriptionText: description('Partner with "Sales", Product & Support.'),
      compensation: { min: 120_000, max: 150_000, currency: 'USD', interval: 'year', text: null },
      jobUrl: 'https://jobs.ashbyhq.com/northwind/nw-job-1?utm_source=linkedin',
    }),
    makePosting({
      provider: 'ashby',
      board: 'northwind',
      company: 'Northwind',
      postingId: 'nw-2',
      jobId: 'nw-job-1',
      title: 'Senior Customer Success Manager',
      locations: ['New York City'],
      publishedAt: '2026-11-23T09:00:00Z',
      descriptionText: description('Partner with "Sales", Product & Support.'),
      jobUrl: 'https://jobs.ashbyhq.com/northwind/nw-job-1',
    }),
    makePosting({
      company: 'Acme, Inc.',
      postingId: 'ac-7',
      title: 'Technical Account Manager, Enterprise',
      locations: ['Remote - US'],
      workplace: 'remote',
      publishedAt: '2026-11-20T00:00:00Z',
      descriptionText: description('Be the TAM for our largest accounts.'),
    }),
    makePosting({
      provider: 'lever',
      board: 'acme-careers',
      company: 'Acme, Inc.',
      postingId: '4f1c',
      title: 'Technical Account Manager, Enterprise',
      locations: ['Remote - US'],
      workplace: 'remote',
      publishedAt: '2026-11-20T00:00:00Z',
      descriptionText: description('Be the TAM for our largest accounts.'),
      jobUrl: 'https://jobs.lever.co/acme-careers/4f1c?lever-source=hn',
    }),
    makePosting({
      company: 'Globex',
      board: 'globex',
      postingId: 'gx-1',
      title: 'Account Manager',
      locations: ['Seattle'],
      publishedAt: '2026-10-01T00:00:00Z',
      descriptionText: 'Manage customer accounts in the Pacific Northwest. =HYPERLINK("x")',
      compensation: { min: 60_000, max: 80_000, currency: 'USD', interval: 'year', text: null },
    }),
    makePosting({
      company: 'Globex',
      board: 'globex',
      postingId: 'gx-2',
      title: 'Customer Success Intern',
      locations: ['Seattle'],
      descriptionText: 'Summer internship with our customer team.',
    }),
    makePosting({
      company: 'Initech',
      board: 'initech',
      postingId: 'it-1',
      title: 'Customer Success Manager (DACH)',
      locations: ['Zürich, Switzerland'],
      descriptionText: description('German required.'),
    }),
    makePosting({
      company: 'Hooli',
      board: 'hooli',
      postingId: 'ho-1',
      title: 'Sales Development Representative',
      locations: ['Austin, TX'],
      publishedAt: '2026-11-25T00:00:00Z',
      descriptionText: 'Prospect new customers by phone and email.',
    }),
    makePosting({
      company: 'Hooli',
      board: 'hooli',
      postingId: 'ho-2',
      title: 'Customer Success Manager',
      locations: ['Austin, TX', 'Remote (US)'],
      publishedAt: '2026-11-25T00:00:00Z',
      descriptionText: '',
    }),
  ];
}

const previous = parsePreviousJobs([
  {
    id: 'greenhouse:hooli:ho-2',
    title: 'Customer Success Manager',
    company: 'Hooli',
    team: null,
    locations: ['Austin, TX, US'],
    descriptionHash: 'old',
    compensation: null,
    score: 50,
  },
  {
    id: 'greenhouse:globex:gx-0',
    title: 'Renewals Manager',
    company: 'Globex',
    team: null,
    locations: ['Seattle, WA, US'],
    descriptionHash: 'x',
    compensation: null,
    score: 40,
  },
]);
const userState = [
  { jobId: 'greenhouse:globex:gx-1', status: 'applied' as const, note: 'Applied on 2026-11-21' },
  { jobId: 'greenhouse:acme:ac-7', status: 'saved' as const, note: 'Ask Dana for a referral' },
];

function render(input: ReturnType<typeof postings>) {
  const jobs = identifyJobs(input);
  const scored = scorePostings(profile, jobs, { asOf });
  const report = buildReport(profile, scored, { previous, userState });
  return {
    'ranked.json': renderRankedJson(report),
    'ranked.csv': renderCsv(report),
    'shortlist.md': renderShortlist(report),
    'top.md': renderTop(report),
  };
}

describe('golden artifacts (customer-success profile, fixed postings)', () => {
  const outputs = render(postings());

  it.each(Object.keys(outputs))('%s is byte-identical to its golden file', (name) => {
    const bytes = Buffer.from(outputs[name as keyof typeof outputs], 'utf8');
    if (update) writeFileSync(golden(name), bytes);
    expect(existsSync(golden(name)), `missing golden ${name}: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(
      bytes.equals(readFileSync(golden(name))),
      `${name} changed; if intended, regenerate with UPDATE_GOLDEN=1`,
    ).toBe(true);
  });

  it('does not depend on input order', () => {
    expect(render([...postings()].reverse())).toEqual(outputs);
  });

  it('is well-formed: JSON parses with a trailing newline, CSV rows have CRLF and one field count', () => {
    expect(outputs['ranked.json'].endsWith('}\n')).toBe(true);
    const doc = JSON.parse(outputs['ranked.json']);
    expect(doc.jobs.length).toBeGreaterThan(3);
    const csv = outputs['ranked.csv'];
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(
      csv
        .replace(/"(?:[^"]|"")*"/g, 'Q')
        .split('\r\n')
        .slice(0, -1)
        .map((row) => row.split(',').length),
    ).toEqual(new Array(doc.jobs.length + 1).fill(15));
  });
});
