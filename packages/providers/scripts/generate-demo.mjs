#!/usr/bin/env node
// Writes the demo snapshot set into ../demo: fictional companies, raw responses in each ATS's real
// shape, and boards.json listing every board and its snapshot files. Seeded: the output is
// byte-identical on every run (a test checks that the committed files are not stale).
// Usage: node scripts/generate-demo.mjs [outDir]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'demo');
const FETCHED_AT = '2026-11-01T06:00:00.000Z';
const NOW = Date.parse(FETCHED_AT);
const DAY = 86_400_000;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(20261101);
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const chance = (p) => rnd() < p;
const shuffle = (xs) => {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
};
const sample = (xs, n) => shuffle(xs).slice(0, n);
const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
const digits = (n) => String(int(1, 9)) + Array.from({ length: n - 1 }, () => int(0, 9)).join('');
const iso = (ms) => new Date(ms).toISOString();
const escapeHtml = (s) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const slugify = (s) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

// ---------- role catalogue ----------
const FAMILIES = {
  engineering: {
    dept: 'Engineering',
    teams: [
      'Platform',
      'Payments',
      'Growth',
      'Infrastructure',
      'Mobile',
      'Developer Experience',
      'Security',
      'Core API',
    ],
    titles: [
      'Software Engineer',
      'Backend Engineer',
      'Frontend Engineer',
      'Full Stack Engineer',
      'Site Reliability Engineer',
      'Platform Engineer',
      'Mobile Engineer (iOS)',
      'Android Engineer',
      'Security Engineer',
      'Engineering Manager',
      'DevOps Engineer',
      'QA Automation Engineer',
    ],
    skills: [
      'TypeScript',
      'Go',
      'Python',
      'Kotlin',
      'PostgreSQL',
      'Kubernetes',
      'AWS',
      'Terraform',
      'React',
      'gRPC',
      'Kafka',
      'Rust',
      'Node.js',
      'GraphQL',
      'Redis',
    ],
    base: 150_000,
  },
  data: {
    dept: 'Data',
    teams: ['Analytics', 'Machine Learning', 'Data Platform', 'Decision Science'],
    titles: [
      'Data Scientist',
      'Data Engineer',
      'Machine Learning Engineer',
      'Analytics Engineer',
      'Data Analyst',
      'Applied Scientist',
      'Business Intelligence Analyst',
    ],
    skills: [
      'SQL',
      'Python',
      'dbt',
      'Spark',
      'Airflow',
      'PyTorch',
      'Snowflake',
      'BigQuery',
      'statistics',
      'experimentation',
      'Looker',
    ],
    base: 145_000,
  },
  product: {
    dept: 'Product',
    teams: ['Core Product', 'Growth', 'Platform', 'Enterprise'],
    titles: [
      'Product Manager',
      'Technical Product Manager',
      'Product Operations Manager',
      'Group Product Manager',
    ],
    skills: ['discovery', 'roadmapping', 'SQL', 'user research', 'A/B testing', 'B2B SaaS', 'APIs'],
    base: 160_000,
  },
  design: {
    dept: 'Design',
    teams: ['Product Design', 'Brand', 'Research'],
    titles: [
      'Product Designer',
      'UX Researcher',
      'Brand Designer',
      'Content Designer',
      'Design Systems Designer',
    ],
    skills: [
      'Figma',
      'prototyping',
      'usability testing',
      'design systems',
      'accessibility',
      'interaction design',
    ],
    base: 130_000,
  },
  sales: {
    dept: 'Sales',
    teams: ['Mid-Market', 'Enterprise', 'Sales Development', 'Solutions Engineering'],
    titles: [
      'Account Executive',
      'Enterprise Account Executive',
      'Sales Development Representative',
      'Solutions Engineer',
      'Sales Manager',
      'Partnerships Manager',
    ],
    skills: ['Salesforce', 'MEDDICC', 'pipeline generation', 'negotiation', 'forecasting', 'value selling'],
    base: 110_000,
  },
  marketing: {
    dept: 'Marketing',
    teams: ['Demand Generation', 'Product Marketing', 'Content', 'Lifecycle'],
    titles: [
      'Product Marketing Manager',
      'Demand Generation Manager',
      'Content Marketing Manager',
      'Lifecycle Marketing Manager',
      'Marketing Operations Specialist',
      'SEO Specialist',
    ],
    skills: [
      'HubSpot',
      'positioning',
      'campaigns',
      'SEO',
      'copywriting',
      'marketing automation',
      'analytics',
    ],
    base: 115_000,
  },
  customer: {
    dept: 'Customer Success',
    teams: ['Onboarding', 'Support', 'Account Management'],
    titles: [
      'Customer Success Manager',
      'Technical Support Engineer',
      'Implementation Manager',
      'Customer Support Specialist',
      'Technical Account Manager',
    ],
    skills: ['Zendesk', 'onboarding', 'renewals', 'troubleshooting', 'SaaS', 'customer advocacy'],
    base: 85_000,
  },
  finance: {
    dept: 'Finance',
    teams: ['Accounting', 'FP&A', 'Tax'],
    titles: [
      'Financial Analyst',
      'Senior Accountant',
      'Revenue Accountant',
      'FP&A Manager',
      'Payroll Specialist',
      'Controller',
    ],
    skills: ['NetSuite', 'GAAP', 'Excel', 'forecasting', 'month-end close', 'revenue recognition'],
    base: 105_000,
  },
  people: {
    dept: 'People',
    teams: ['Talent Acquisition', 'People Operations', 'Learning'],
    titles: [
      'Technical Recruiter',
      'People Partner',
      'Talent Acquisition Coordinator',
      'People Operations Specialist',
      'Learning & Development Lead',
    ],
    skills: ['Greenhouse', 'sourcing', 'employee relations', 'HRIS', 'compensation', 'onboarding'],
    base: 95_000,
  },
  operations: {
    dept: 'Operations',
    teams: ['Business Operations', 'Warehouse', 'Fleet', 'Supply Chain'],
    titles: [
      'Operations Manager',
      'Supply Chain Analyst',
      'Logistics Coordinator',
      'Warehouse Supervisor',
      'Fleet Operations Lead',
      'Procurement Specialist',
    ],
    skills: ['Excel', 'SAP', 'lean', 'inventory planning', 'vendor management', 'WMS'],
    base: 80_000,
  },
  clinical: {
    dept: 'Clinical',
    teams: ['Nursing', 'Therapy Services', 'Diagnostics'],
    titles: [
      'Registered Nurse',
      'Physical Therapist',
      'Medical Assistant',
      'Respiratory Therapist',
      'Radiology Technologist',
      'Clinical Care Coordinator',
    ],
    skills: ['patient care', 'EHR', 'BLS certification', 'care planning', 'HIPAA', 'triage'],
    base: 75_000,
  },
};
const LEVELS = [
  ['', 1.0, 0.45],
  ['Senior ', 1.25, 0.3],
  ['Staff ', 1.5, 0.08],
  ['Junior ', 0.75, 0.07],
  ['Lead ', 1.35, 0.06],
  ['Principal ', 1.75, 0.04],
];
function level() {
  let r = rnd();
  for (const l of LEVELS) {
    r -= l[2];
    if (r <= 0) return l;
  }
  return LEVELS[0];
}

const US = [
  ['San Francisco', 'CA', 'California'],
  ['New York', 'NY', 'New York'],
  ['Seattle', 'WA', 'Washington'],
  ['Austin', 'TX', 'Texas'],
  ['Boston', 'MA', 'Massachusetts'],
  ['Chicago', 'IL', 'Illinois'],
  ['Denver', 'CO', 'Colorado'],
  ['Atlanta', 'GA', 'Georgia'],
  ['Los Angeles', 'CA', 'California'],
  ['Raleigh', 'NC', 'North Carolina'],
  ['Portland', 'OR', 'Oregon'],
  ['Miami', 'FL', 'Florida'],
];
const EU = [
  ['Berlin', 'Berlin', 'Germany', 'DE'],
  ['Munich', 'Bavaria', 'Germany', 'DE'],
  ['Amsterdam', 'North Holland', 'Netherlands', 'NL'],
  ['London', 'England', 'United Kingdom', 'GB'],
  ['Dublin', 'Leinster', 'Ireland', 'IE'],
  ['Paris', 'Île-de-France', 'France', 'FR'],
  ['Madrid', 'Madrid', 'Spain', 'ES'],
  ['Lisbon', 'Lisbon', 'Portugal', 'PT'],
  ['Stockholm', 'Stockholm', 'Sweden', 'SE'],
  ['Warsaw', 'Masovia', 'Poland', 'PL'],
  ['Zurich', 'Zurich', 'Switzerland', 'CH'],
  ['Barcelona', 'Catalonia', 'Spain', 'ES'],
];
const CURRENCY = { US: 'USD', GB: 'GBP', CH: 'CHF', SE: 'SEK', PL: 'PLN', CA: 'CAD' };
const EU_FACTOR = { GB: 0.62, CH: 0.85, SE: 6.0, PL: 2.2 };

// ---------- one fictional job, ATS-neutral ----------
function makeJob(company, families, region) {
  const fam = FAMILIES[pick(families)];
  const [prefix, mult] = level();
  const base = pick(fam.titles);
  const team = pick(fam.teams);
  const title =
    base.startsWith('Engineering Manager') || base.includes('Manager')
      ? `${prefix.trim() === 'Junior' ? '' : prefix}${base}`
      : `${prefix}${base}`;
  const locCount = chance(0.14) ? int(2, 3) : 1;
  const pool = region === 'us' ? US : region === 'eu' ? EU : chance(0.5) ? US : EU;
  const places = sample(pool, locCount).map((p) =>
    pool === US
      ? { city: p[0], regionCode: p[1], regionName: p[2], country: 'United States', countryCode: 'US' }
      : { city: p[0], regionCode: null, regionName: p[1], country: p[2], countryCode: p[3] },
  );
  const workplace = pick(['onsite', 'onsite', 'hybrid', 'hybrid', 'remote']);
  const employment = chance(0.9) ? 'full_time' : pick(['part_time', 'contract', 'internship', 'temporary']);
  const cc = places[0].countryCode;
  const currency = CURRENCY[cc] ?? 'EUR';
  const factor = cc === 'US' ? 1 : (EU_FACTOR[cc] ?? 0.58);
  const mid = Math.round((fam.base * mult * factor * (0.9 + rnd() * 0.2)) / 1000) * 1000;
  const pay = chance(0.75)
    ? {
        min: Math.round((mid * 0.85) / 1000) * 1000,
        max: Math.round((mid * 1.15) / 1000) * 1000,
        currency,
        interval: 'year',
      }
    : null;
  const skills = sample(fam.skills, 4);
  const published = NOW - int(1, 75) * DAY - int(0, 86_399) * 1000;
  return {
    company,
    fam,
    title,
    base,
    team,
    places,
    workplace,
    employment,
    pay,
    skills,
    published,
    updated: published + int(0, 20) * DAY,
  };
}

const VERBS = ['Design', 'Build', 'Own', 'Improve', 'Ship', 'Lead', 'Partner on', 'Scale', 'Drive', 'Shape'];
const OBJECTS = [
  'the systems behind our core product',
  'reliable services used by thousands of customers',
  'our next generation of internal tooling',
  'cross-functional projects from idea to launch',
  'the roadmap together with product and design',
  'processes that help the team move faster',
  'measurable improvements to customer experience',
  'high-quality work with a strong bias to action',
];
const PERKS = [
  'Comprehensive health, dental and vision coverage',
  'Flexible working hours and a generous leave policy',
  'A yearly learning budget',
  'Parental leave for all parents',
  'Home-office stipend',
  'Equity in a growing company',
  'Wellbeing allowance',
  'Team offsites twice a year',
];

function descriptionHtml(job) {
  const { company, fam, skills } = job;
  const where = job.places.map((p) => p.city).join(' / ');
  const resp = sample(VERBS, 4)
    .map((v) => `<li>${v} ${pick(OBJECTS)}.</li>`)
    .join('');
  const req = [
    `<li>${int(2, 8)}+ years of experience in a similar ${fam.dept.toLowerCase()} role.</li>`,
    `<li>Hands-on experience with ${skills.slice(0, 2).join(' and ')}.</li>`,
    `<li>Familiarity with ${skills[2]} &amp; ${skills[3]} is a plus.</li>`,
    '<li>Clear written and spoken communication in English.</li>',
  ].join('');
  const perks = sample(PERKS, 3)
    .map((p) => `<li>${p}</li>`)
    .join('');
  const payLine = job.pay
    ? `<p><strong>Compensation:</strong> ${job.pay.currency} ${job.pay.min.toLocaleString('en-US')} – ${job.pay.max.toLocaleString('en-US')} per year, plus benefits.</p>`
    : '';
  return `<h3>About ${company.name}</h3><p>${company.pitch}</p><h3>About the role</h3><p>As a ${job.title} on the ${job.team} team in ${where}, you will work with ${pick(['a small senior team', 'engineers, designers and analysts', 'stakeholders across the business', 'customers and internal teams'])} to deliver ${pick(['reliable', 'delightful', 'secure', 'efficient'])} outcomes.</p><h3>What you will do</h3><ul>${resp}</ul><h3>What we look for</h3><ul>${req}</ul><h3>Benefits</h3><ul>${perks}</ul>${payLine}<p>${company.name} is an equal opportunity employer.</p>`;
}
const toPlain = (html) =>
  html
    .replace(/<li>/g, '- ')
    .replace(/<\/(p|li|h3|ul)>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/\n{2,}/g, '\n')
    .trim();
const placeText = (p) => (p.countryCode === 'US' ? `${p.city}, ${p.regionCode}` : `${p.city}, ${p.country}`);
const employmentLabel = {
  full_time: 'Full-time',
  part_time: 'Part-time',
  contract: 'Contract',
  internship: 'Internship',
  temporary: 'Temporary',
};

// ---------- companies ----------
const COMPANIES = [
  {
    key: 'northwind',
    name: 'Northwind Analytics',
    provider: 'greenhouse',
    families: ['engineering', 'data', 'product', 'sales', 'marketing', 'customer'],
    region: 'us',
    count: 215,
    pitch: 'Northwind Analytics helps retailers forecast demand with real-time data pipelines.',
  },
  {
    key: 'bluefinrobotics',
    name: 'Bluefin Robotics',
    provider: 'greenhouse',
    families: ['engineering', 'operations', 'product', 'finance'],
    region: 'eu',
    count: 125,
    pitch: 'Bluefin Robotics builds autonomous inspection drones for offshore infrastructure.',
    regionTag: 'eu',
  },
  {
    key: 'kestrelhealth',
    name: 'Kestrel Health',
    provider: 'lever',
    families: ['engineering', 'clinical', 'data', 'customer', 'people'],
    region: 'us',
    count: 185,
    pitch: 'Kestrel Health runs virtual-first primary care for employers across the US.',
  },
  {
    key: 'quillstack',
    name: 'Quillstack',
    provider: 'lever',
    families: ['engineering', 'design', 'marketing', 'sales'],
    region: 'eu',
    count: 95,
    pitch: 'Quillstack is the collaborative writing platform for technical documentation teams.',
    regionTag: 'eu',
  },
  {
    key: 'lumenledger',
    name: 'Lumen Ledger',
    provider: 'ashby',
    families: ['engineering', 'finance', 'product', 'data', 'sales'],
    region: 'mixed',
    count: 170,
    pitch: 'Lumen Ledger automates accounting close for fast-growing companies.',
  },
  {
    key: 'orbitalfoods',
    name: 'Orbital Foods',
    provider: 'ashby',
    variant: 'page',
    families: ['operations', 'engineering', 'marketing', 'people', 'finance'],
    region: 'mixed',
    count: 120,
    pitch: 'Orbital Foods delivers fresh groceries from micro-fulfilment centres in under an hour.',
  },
  {
    key: 'HarborlineLogistics1',
    name: 'Harborline Logistics',
    provider: 'smartrecruiters',
    families: ['operations', 'engineering', 'sales', 'finance', 'customer'],
    region: 'us',
    count: 140,
    pitch: 'Harborline Logistics moves freight for 4,000 shippers with a tech-enabled brokerage.',
  },
  {
    key: 'fjordbyte',
    name: 'Fjordbyte',
    provider: 'workable',
    families: ['engineering', 'design', 'product', 'customer'],
    region: 'eu',
    count: 115,
    pitch: 'Fjordbyte builds privacy-first analytics for European publishers.',
  },
  {
    key: 'cedarclinics',
    name: 'Cedar Clinics',
    provider: 'workable',
    variant: 'v3',
    families: ['clinical', 'operations', 'people'],
    region: 'us',
    count: 75,
    pitch: 'Cedar Clinics operates community health centres across Texas and Georgia.',
  },
  {
    key: 'tulipmobility',
    name: 'Tulip Mobility',
    provider: 'recruitee',
    families: ['engineering', 'operations', 'marketing', 'customer', 'data'],
    region: 'eu',
    count: 125,
    pitch: 'Tulip Mobility runs shared e-bike fleets in twelve European cities.',
  },
  {
    key: 'alpenwerk',
    name: 'Alpenwerk Software',
    provider: 'personio',
    families: ['engineering', 'sales', 'finance', 'people', 'product'],
    region: 'eu',
    count: 135,
    pitch: 'Alpenwerk Software makes planning software for mid-sized manufacturers.',
  },
  {
    key: 'meridiantalent',
    name: 'Meridian Talent Partners',
    provider: 'recruitee',
    families: ['engineering'],
    region: 'mixed',
    count: 0,
    pitch: 'Meridian Talent Partners recruits for technology companies across Europe and North America.',
    reposts: true,
  },
  {
    key: 'vantagegrid',
    name: 'Vantage Grid',
    provider: 'greenhouse',
    families: ['engineering'],
    region: 'us',
    count: 0,
    pitch: '',
    challenge: true,
  },
  {
    key: 'emptysetlabs',
    name: 'Emptyset Labs',
    provider: 'lever',
    families: ['engineering'],
    region: 'us',
    count: 0,
    pitch: '',
    empty: true,
  },
];

const boards = [];
function write(rel, text) {
  const path = join(OUT, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
function addBoard(company, config, pages) {
  boards.push({
    ...config,
    provider: company.provider,
    boardSlug: company.key,
    name: company.name,
    mode: 'snapshot',
    snapshot: pages[0].file,
    pages,
  });
}
const json = (v) => `${JSON.stringify(v, null, 1)}\n`;

// ---------- per-ATS writers ----------
function greenhouse(company, jobs) {
  const domain = `${slugify(company.name)}.example`;
  const eu = company.regionTag === 'eu';
  const list = jobs.map((job) => {
    const id = Number(digits(10));
    job.ids = { greenhouse: id };
    const depId = 4000000000 + (Object.keys(FAMILIES).indexOf(job.fam.dept) + 1) * 1000;
    return {
      absolute_url: eu
        ? `https://job-boards.eu.greenhouse.io/${company.key}/jobs/${id}`
        : `https://www.${domain}/careers/job?gh_jid=${id}`,
      data_compliance: [
        {
          type: 'gdpr',
          requires_consent: false,
          requires_processing_consent: false,
          requires_retention_consent: false,
          retention_period: null,
          demographic_data_consent_applies: false,
        },
      ],
      internal_job_id: Number(digits(10)),
      location: {
        name: job.places.map(placeText).join('; ') + (job.workplace === 'remote' ? ' (Remote)' : ''),
      },
      metadata: [
        {
          id: 7229084101,
          name: 'Employment Type',
          value: employmentLabel[job.employment],
          value_type: 'single_select',
        },
      ],
      id,
      updated_at: iso(job.updated).replace('.000Z', '-00:00'),
      requisition_id: `REQ-${digits(4)}`,
      title: chance(0.05) ? `${job.title} ` : job.title,
      company_name: company.name,
      first_published: iso(job.published).replace('.000Z', '-00:00'),
      language: 'en',
      application_deadline: null,
      content: escapeHtml(descriptionHtml(job)),
      departments: [{ id: depId, name: job.fam.dept, child_ids: [], parent_id: null }],
      offices: job.places.map((p, i) => ({
        id: 4100000000 + i,
        name: p.city,
        location: `${p.city}, ${p.countryCode === 'US' ? p.regionName : p.country}`,
        child_ids: [],
        parent_id: null,
      })),
    };
  });
  const file = `snapshots/greenhouse/${company.key}/jobs.json`;
  write(file, json({ jobs: list, meta: { total: list.length } }));
  addBoard(company, eu ? { region: 'eu' } : {}, [
    {
      file,
      role: 'list',
      url: `https://boards-api.greenhouse.io/v1/boards/${company.key}/jobs?content=true`,
      method: 'GET',
      status: 200,
      contentType: 'application/json; charset=utf-8',
    },
  ]);
}

function lever(company, jobs) {
  const host = company.regionTag === 'eu' ? 'api.eu.lever.co' : 'api.lever.co';
  const items = jobs.map((job) => {
    const id = uuid();
    job.ids = { lever: id };
    const html = descriptionHtml(job);
    const [opening, ...rest] = html.split('<h3>What you will do</h3>');
    const categories = chance(0.08)
      ? {}
      : {
          commitment: employmentLabel[job.employment],
          department: job.fam.dept,
          location: placeText(job.places[0]),
          team: job.team,
          allLocations: job.places.map(placeText),
        };
    const hosted = `https://jobs.${company.regionTag === 'eu' ? 'eu.' : ''}lever.co/${company.key}/${id}`;
    const item = {
      additionalPlain: `${company.name} is an equal opportunity employer.\n`,
      additional: `<div>${company.name} is an equal opportunity employer.</div>`,
      categories,
      createdAt: job.published,
      descriptionPlain: toPlain(opening),
      description: opening,
      id,
      lists: [{ text: 'What you will do', content: (rest[0] ?? '').split('</ul>')[0].replace('<ul>', '') }],
      text: job.title,
      country: job.places[0].countryCode,
      workplaceType: { onsite: 'on-site', hybrid: 'hybrid', remote: 'remote' }[job.workplace],
      opening: '',
      openingPlain: '',
      descriptionBody: opening,
      descriptionBodyPlain: toPlain(opening),
      hostedUrl: hosted,
      applyUrl: `${hosted}/apply`,
    };
    if (job.pay) {
      item.salaryRange = {
        currency: job.pay.currency,
        interval: 'per-year-salary',
        min: job.pay.min,
        max: job.pay.max,
      };
      item.salaryDescription = `<div>The base salary range for this role is ${job.pay.currency} ${job.pay.min}–${job.pay.max}.</div>`;
      item.salaryDescriptionPlain = `The base salary range for this role is ${job.pay.currency} ${job.pay.min}–${job.pay.max}.`;
    }
    return item;
  });
  const pages = [];
  const limit = 100;
  for (
    let skip = 0;
    skip === 0 || skip < items.length + (items.length % limit === 0 ? 1 : 0);
    skip += limit
  ) {
    const file = `snapshots/lever/${company.key}/page-${skip / limit}.json`;
    write(file, json(items.slice(skip, skip + limit)));
    pages.push({
      file,
      role: 'list',
      url: `https://${host}/v0/postings/${company.key}?mode=json&skip=${skip}&limit=${limit}`,
      method: 'GET',
      status: 200,
      contentType: 'application/json; charset=utf-8',
    });
    if (items.length - skip < limit) break;
  }
  addBoard(company, company.regionTag === 'eu' ? { region: 'eu' } : {}, pages);
}

function ashbyApi(company, jobs) {
  const list = jobs.flatMap((job) => {
    const id = uuid();
    job.ids = { ashby: id };
    const html = descriptionHtml(job);
    const p0 = job.places[0];
    const address = (p) => ({
      postalAddress: {
        addressLocality: p.city,
        addressRegion: chance(0.1) ? `${p.regionName} ` : p.regionName,
        addressCountry: p.country,
      },
    });
    const comp = job.pay
      ? {
          compensationTierSummary: `${job.pay.currency} ${Math.round(job.pay.min / 1000)}K – ${Math.round(job.pay.max / 1000)}K`,
          scrapeableCompensationSalarySummary: `${job.pay.currency === 'USD' ? '$' : `${job.pay.currency} `}${Math.round(job.pay.min / 1000)}K - ${Math.round(job.pay.max / 1000)}K`,
          compensationTiers: [
            {
              id: uuid(),
              tierSummary: 'base',
              title: 'Base',
              additionalInformation: null,
              components: [
                {
                  id: uuid(),
                  summary: 'salary',
                  compensationType: 'Salary',
                  interval: '1 YEAR',
                  currencyCode: job.pay.currency,
                  minValue: job.pay.min,
                  maxValue: job.pay.max,
                },
              ],
            },
          ],
          summaryComponents: [
            {
              compensationType: 'Salary',
              interval: '1 YEAR',
              currencyCode: job.pay.currency,
              minValue: job.pay.min,
              maxValue: job.pay.max,
            },
          ],
        }
      : {
          compensationTierSummary: null,
          scrapeableCompensationSalarySummary: null,
          compensationTiers: [],
          summaryComponents: [],
        };
    return [
      {
        id,
        title: chance(0.04) ? ` ${job.title}` : job.title,
        department: job.fam.dept,
        team: job.team,
        employmentType: {
          full_time: 'FullTime',
          part_time: 'PartTime',
          contract: 'Contract',
          internship: 'Intern',
          temporary: 'Temporary',
        }[job.employment],
        location: placeText(p0),
        secondaryLocations: job.places.slice(1).map((p) => ({ location: placeText(p), address: address(p) })),
        publishedAt: iso(job.published),
        isListed: true,
        isRemote: job.workplace === 'remote' ? true : chance(0.5) ? false : null,
        workplaceType: { onsite: 'OnSite', hybrid: 'Hybrid', remote: 'Remote' }[job.workplace],
        address: address(p0),
        jobUrl: `https://jobs.ashbyhq.com/${company.key}/${id}`,
        applyUrl: `https://jobs.ashbyhq.com/${company.key}/${id}/application`,
        descriptionHtml: html,
        descriptionPlain: toPlain(html),
        shouldDisplayCompensationOnJobPostings: job.pay !== null,
        compensation: comp,
      },
    ];
  });
  const file = `snapshots/ashby/${company.key}/job-board.json`;
  write(file, json({ apiVersion: '1', jobs: list }));
  addBoard(company, {}, [
    {
      file,
      role: 'list',
      url: `https://api.ashbyhq.com/posting-api/job-board/${company.key}?includeCompensation=true`,
      method: 'GET',
      status: 200,
      contentType: 'application/json; charset=utf-8',
    },
  ]);
}

function ashbyPage(company, jobs) {
  // The hosted board page: window.__appData.jobBoard has teams (not jobs) and jobPostings, one per
  // location of a job (same jobId, different posting id).
  const teams = [];
  const teamIds = new Map();
  for (const job of jobs) {
    for (const name of [job.fam.dept, job.team]) {
      if (!teamIds.has(name)) {
        const id = uuid();
        teamIds.set(name, id);
        teams.push({
          id,
          name,
          parentTeamId: name === job.fam.dept ? null : (teamIds.get(job.fam.dept) ?? null),
          __typename: 'JobBoardTeam',
        });
      }
    }
  }
  const postings = [];
  for (const job of jobs) {
    const jobId = uuid();
    job.ids = { ashbyJob: jobId };
    for (const p of job.places) {
      postings.push({
        id: uuid(),
        jobId,
        title: job.title,
        teamId: teamIds.get(job.team),
        teamName: job.team,
        departmentName: job.fam.dept,
        locationId: uuid(),
        locationName: placeText(p),
        workplaceType: { onsite: 'OnSite', hybrid: 'Hybrid', remote: 'Remote' }[job.workplace],
        employmentType: {
          full_time: 'FullTime',
          part_time: 'PartTime',
          contract: 'Contract',
          internship: 'Intern',
          temporary: 'Temporary',
        }[job.employment],
        secondaryLocations: [],
        compensationTierSummary: job.pay
          ? `${job.pay.currency} ${Math.round(job.pay.min / 1000)}K – ${Math.round(job.pay.max / 1000)}K`
          : null,
        publishedDate: iso(job.published).slice(0, 10),
        updatedAt: iso(job.updated),
        __typename: 'JobPostingBrief',
      });
    }
  }
  const appData = {
    organization: {
      name: company.name,
      hostedJobsPageSlug: company.key,
      publicWebsite: `https://www.${slugify(company.name)}.example`,
    },
    jobBoard: { teams, jobPostings: postings },
  };
  const html = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8" />\n<title>Jobs at ${company.name}</title>\n<meta name="viewport" content="width=device-width, initial-scale=1" />\n</head>\n<body>\n<div id="root"></div>\n<script>window.__appData = ${JSON.stringify(appData)};</script>\n<script src="https://cdn.ashbyprd.com/frontend_non_user/app.js" defer></script>\n</body>\n</html>\n`;
  const file = `snapshots/ashby/${company.key}/board.html`;
  write(file, html);
  addBoard(company, { variant: 'page' }, [
    {
      file,
      role: 'list',
      url: `https://jobs.ashbyhq.com/${company.key}`,
      method: 'GET',
      status: 200,
      contentType: 'text/html; charset=utf-8',
    },
  ]);
}

function smartrecruiters(company, jobs) {
  const items = jobs.map((job) => {
    const id = digits(15);
    job.ids = { smartrecruiters: id };
    const p = job.places[0];
    return {
      id,
      name: job.title,
      uuid: uuid(),
      jobAdId: uuid(),
      defaultJobAd: true,
      refNumber: `REF${digits(3)}${pick(['A', 'B', 'K', 'Z'])}`,
      company: { identifier: company.key, name: company.name },
      releasedDate: iso(job.published),
      location: {
        city: p.city,
        region: p.regionCode ?? p.regionName,
        country: p.countryCode.toLowerCase(),
        remote: job.workplace === 'remote',
        hybrid: job.workplace === 'hybrid',
        fullLocation: `${p.city}, ${p.regionCode ?? p.regionName}, ${p.country}`,
      },
      industry: { id: 'logistics_and_supply_chain', label: 'Logistics And Supply Chain' },
      department: chance(0.3) ? {} : { id: digits(7), label: job.fam.dept },
      function: { id: slugify(job.fam.dept).replace(/-/g, '_'), label: job.fam.dept },
      typeOfEmployment: {
        id: job.employment === 'full_time' ? 'permanent' : job.employment,
        label: employmentLabel[job.employment],
      },
      experienceLevel: { id: 'mid_senior_level', label: 'Mid-Senior Level' },
      customField: [],
      visibility: 'PUBLIC',
      ref: `https://api.smartrecruiters.com/v1/companies/${company.key.toLowerCase()}/postings/${id}`,
      language: { code: 'en', label: 'English', labelNative: 'English (US)' },
    };
  });
  const pages = [];
  const limit = 100;
  // the second page (offset=100) repeats the last 3 items of the first: pages overlap, as the real API's can
  const ranges = [
    [0, 0, limit],
    [limit, limit - 3, items.length],
  ];
  ranges.forEach(([offset, from, to], i) => {
    const file = `snapshots/smartrecruiters/${company.key}/page-${i}.json`;
    write(file, json({ offset, limit, totalFound: items.length, content: items.slice(from, to) }));
    pages.push({
      file,
      role: 'list',
      url: `https://api.smartrecruiters.com/v1/companies/${company.key}/postings?limit=${limit}&offset=${offset}`,
      method: 'GET',
      status: 200,
      contentType: 'application/json',
    });
  });
  jobs.forEach((job, i) => {
    const html = descriptionHtml(job);
    const [about, role] = html.split('<h3>About the role</h3>');
    const [roleText, rest] = (role ?? '').split('<h3>What we look for</h3>');
    const detail = {
      ...items[i],
      postingUrl: `https://jobs.smartrecruiters.com/${company.key}/${items[i].id}`,
      applyUrl: `https://jobs.smartrecruiters.com/${company.key}/${items[i].id}?oga=true`,
      jobId: uuid(),
      active: true,
      jobAd: {
        sections: {
          companyDescription: { title: 'Company Description', text: about.replace(/<h3>[^<]*<\/h3>/, '') },
          jobDescription: { title: 'Job Description', text: roleText },
          qualifications: {
            title: 'Qualifications',
            text: `<h3>What we look for</h3>${(rest ?? '').split('<h3>Benefits</h3>')[0]}`,
          },
          additionalInformation: {
            title: 'Additional Information',
            text: `<h3>Benefits</h3>${(rest ?? '').split('<h3>Benefits</h3>')[1] ?? ''}`,
          },
        },
      },
    };
    const file = `snapshots/smartrecruiters/${company.key}/detail-${items[i].id}.json`;
    write(file, json(detail));
    pages.push({
      file,
      role: 'detail',
      postingId: items[i].id,
      url: `https://api.smartrecruiters.com/v1/companies/${company.key}/postings/${items[i].id}`,
      method: 'GET',
      status: 200,
      contentType: 'application/json',
    });
  });
  addBoard(company, { maxDetails: 1000 }, pages);
}

const shortcode = () => hex(10).toUpperCase();
function workableWidget(company, jobs) {
  const rows = jobs.flatMap((job) => {
    const code = shortcode();
    job.ids = { workable: code };
    // one row per location, same shortcode: the widget's multi-location shape
    return job.places.map((p) => ({
      title: job.title,
      shortcode: code,
      code: `J${digits(5)}`,
      employment_type: employmentLabel[job.employment],
      telecommuting: job.workplace === 'remote',
      department: job.fam.dept,
      url: `https://apply.workable.com/j/${code}`,
      shortlink: `https://apply.workable.com/j/${code}`,
      application_url: `https://apply.workable.com/j/${code}/apply`,
      published_on: iso(job.published).slice(0, 10),
      created_at: iso(job.published - 3 * DAY).slice(0, 10),
      country: p.country,
      city: p.city,
      state: p.regionName,
      education: '',
      experience: pick(['Mid-Senior level', 'Associate', 'Entry level', 'Director']),
      function: job.fam.dept,
      industry: 'Computer Software',
      locations: [
        { country: p.country, countryCode: p.countryCode, city: p.city, region: p.regionName, hidden: false },
      ],
      description: descriptionHtml(job),
    }));
  });
  const file = `snapshots/workable/${company.key}/widget.json`;
  write(file, json({ name: company.name, description: `<p>${company.pitch}</p>`, jobs: rows }));
  addBoard(company, {}, [
    {
      file,
      role: 'list',
      url: `https://apply.workable.com/api/v1/widget/accounts/${company.key}?details=true`,
      method: 'GET',
      status: 200,
      contentType: 'application/json',
    },
  ]);
}

function workableV3(company, jobs) {
  const results = jobs.map((job) => {
    const code = shortcode();
    job.ids = { workable: code };
    const p = job.places[0];
    return {
      id: Number(digits(7)),
      shortcode: code,
      title: job.title,
      remote: job.workplace === 'remote',
      location: { country: p.country, countryCode: p.countryCode, city: p.city, region: p.regionName },
      locations: job.places.map((q) => ({
        country: q.country,
        countryCode: q.countryCode,
        city: q.city,
        region: q.regionName,
        hidden: false,
      })),
      state: 'published',
      isInternal: false,
      code: chance(0.5) ? `J${digits(5)}` : null,
      published: `${iso(job.published).slice(0, 10)}T00:00:00.000Z`,
      type: {
        full_time: 'full',
        part_time: 'part',
        contract: 'contract',
        internship: 'internship',
        temporary: 'temporary',
      }[job.employment],
      language: 'en',
      department: [job.fam.dept, job.team],
      accountUid: '7c2f0b6e-3b1a-4f7e-9d4e-2f5c1a0b9e11',
      approvalStatus: 'approved',
      workplace: { onsite: 'on_site', hybrid: 'hybrid', remote: 'remote' }[job.workplace],
    };
  });
  const pages = [];
  const size = 30;
  let token = null;
  for (let from = 0, i = 0; from < results.length; from += size, i++) {
    const next =
      from + size < results.length ? Buffer.from(`[${from + size},${digits(7)}]`).toString('base64') : null;
    const file = `snapshots/workable/${company.key}/page-${i}.json`;
    write(
      file,
      json({
        total: results.length,
        results: results.slice(from, from + size),
        ...(next ? { nextPage: next } : {}),
      }),
    );
    pages.push({
      file,
      role: 'list',
      url: `https://apply.workable.com/api/v3/accounts/${company.key}/jobs`,
      method: 'POST',
      requestBody: token ? JSON.stringify({ token }) : '{}',
      status: 200,
      contentType: 'application/json',
    });
    token = next;
  }
  addBoard(company, { variant: 'v3' }, pages);
}

function recruitee(company, jobs) {
  const utc = (ms) => `${iso(ms).slice(0, 10)} ${iso(ms).slice(11, 19)} UTC`;
  const offers = jobs.map((job) => {
    const id = Number(digits(7));
    job.ids = { recruitee: id };
    const p = job.places[0];
    const slug = slugify(`${job.title} ${p.city}`);
    const careers = `https://${company.key}.recruitee.com/o/${slug}`;
    const html = descriptionHtml(job);
    const [desc, reqs] = html.split('<h3>What we look for</h3>');
    return {
      id,
      guid: hex(6),
      slug,
      title: job.title,
      position: int(1, 300),
      status: 'published',
      department: job.fam.dept,
      company_name: job.company.name,
      location: job.places.map(placeText).join(' / '),
      city: p.city,
      state_name: p.regionName,
      state_code: p.regionCode ?? '',
      country: p.country,
      country_code: p.countryCode,
      postal_code: digits(5),
      remote: job.workplace === 'remote',
      hybrid: job.workplace === 'hybrid',
      on_site: job.workplace === 'onsite',
      employment_type_code: {
        full_time: 'fulltime_permanent',
        part_time: 'parttime_permanent',
        contract: 'freelance',
        internship: 'internship',
        temporary: 'fulltime_fixed_term',
      }[job.employment],
      category_code: slugify(job.fam.dept),
      experience_code: 'experienced',
      education_code: 'bachelor_degree',
      min_hours: job.employment === 'part_time' ? 20 : 40,
      max_hours: 40,
      salary: job.pay
        ? { min: String(job.pay.min), max: String(job.pay.max), period: 'year', currency: job.pay.currency }
        : { min: null, max: null, period: null, currency: null },
      description: desc,
      requirements: `<h3>What we look for</h3>${reqs ?? ''}`,
      highlight: '',
      translations: { en: { title: job.title } },
      open_questions: [],
      locations: job.places.map((q) => ({
        id: Number(digits(6)),
        name: placeText(q),
        city: q.city,
        state: q.regionName,
        country: q.country,
        country_code: q.countryCode,
      })),
      tags: job.skills.slice(0, 2),
      careers_url: careers,
      careers_apply_url: `${careers}/c/new`,
      created_at: utc(job.published - 2 * DAY),
      published_at: utc(job.published),
      updated_at: utc(job.updated),
      close_at: null,
      mailbox_email: `job.${id}@${company.key}.recruitee.com`,
    };
  });
  const file = `snapshots/recruitee/${company.key}/offers.json`;
  write(file, json({ offers }));
  addBoard(company, {}, [
    {
      file,
      role: 'list',
      url: `https://${company.key}.recruitee.com/api/offers/`,
      method: 'GET',
      status: 200,
      contentType: 'application/json; charset=utf-8',
    },
  ]);
}

function personio(company, jobs) {
  const x = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const positions = jobs.map((job) => {
    const id = digits(7);
    job.ids = { personio: id };
    const html = descriptionHtml(job);
    const sections = html
      .split(/<h3>/)
      .filter(Boolean)
      .map((s) => {
        const [name, value] = s.split('</h3>');
        return `        <jobDescription>\n            <name>${x(name)}</name>\n            <value><![CDATA[${value}]]></value>\n        </jobDescription>`;
      });
    const extra = job.places
      .slice(1)
      .map((p) => `        <office>${x(p.city)}</office>`)
      .join('\n');
    return `<position>
    <id>${id}</id>
    <subcompany>${x(company.name)} GmbH</subcompany>
    <office>${x(job.places[0].city)}</office>
${extra ? `    <additionalOffices>\n${extra}\n    </additionalOffices>\n` : ''}    <department>${x(job.fam.dept)}</department>
    <recruitingCategory>${x(job.team)}</recruitingCategory>
    <name>${x(job.title)}</name>
    <jobDescriptions>
${sections.join('\n')}
    </jobDescriptions>
    <employmentType>${{ full_time: 'permanent', part_time: 'permanent', contract: 'freelance', internship: 'intern', temporary: 'trainee' }[job.employment]}</employmentType>
    <seniority>${pick(['entry-level', 'experienced', 'executive'])}</seniority>
    <schedule>${job.employment === 'part_time' ? 'part-time' : 'full-time'}</schedule>
    <yearsOfExperience>${pick(['1-2', '2-5', '5-7', '7-10'])}</yearsOfExperience>
    <occupation>${slugify(job.fam.dept).replace(/-/g, '_')}</occupation>
    <occupationCategory>${slugify(job.fam.dept).replace(/-/g, '_')}</occupationCategory>
    <createdAt>${iso(job.published).replace('.000Z', '+00:00')}</createdAt>
</position>`;
  });
  const file = `snapshots/personio/${company.key}/feed.xml`;
  write(
    file,
    `<?xml version="1.0" encoding="UTF-8"?>\n<workzag-jobs>\n${positions.join('\n')}\n</workzag-jobs>\n`,
  );
  addBoard(company, {}, [
    {
      file,
      role: 'list',
      url: `https://${company.key}.jobs.personio.de/xml?language=en`,
      method: 'GET',
      status: 200,
      contentType: 'text/xml; charset=UTF-8',
    },
  ]);
}

function challenge(company) {
  const html = `<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8" />
<meta name="robots" content="noindex, nofollow" />
<title>Just a moment...</title>
<script>window._cf_chl_opt = { cvId: "2", cType: "managed", cRay: "${hex(16)}" };</script>
</head>
<body>
<div class="main-wrapper"><h1>Checking your connection before accessing the job board</h1>
<form id="challenge-form" action="/v1/boards/${company.key}/jobs?__cf_chl_f_tk=${hex(40)}" method="POST"><input type="hidden" name="md" value="${hex(64)}" /></form>
<script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=${hex(16)}"></script>
</div>
</body>
</html>
`;
  const file = `snapshots/greenhouse/${company.key}/challenge.html`;
  write(file, html);
  addBoard(company, {}, [
    {
      file,
      role: 'list',
      url: `https://boards-api.greenhouse.io/v1/boards/${company.key}/jobs?content=true`,
      method: 'GET',
      status: 403,
      contentType: 'text/html; charset=UTF-8',
    },
  ]);
  boards.at(-1).ok = false;
}

// ---------- generate ----------
rmSync(OUT, { recursive: true, force: true });
const allJobs = [];
for (const company of COMPANIES) {
  if (company.challenge) {
    challenge(company);
    continue;
  }
  if (company.empty) {
    const file = `snapshots/lever/${company.key}/page-0.json`;
    write(file, '[]\n');
    addBoard(company, {}, [
      {
        file,
        role: 'list',
        url: `https://api.lever.co/v0/postings/${company.key}?mode=json&skip=0&limit=100`,
        method: 'GET',
        status: 200,
        contentType: 'application/json; charset=utf-8',
      },
    ]);
    continue;
  }
  let jobs;
  if (company.reposts) {
    // an agency board reposting jobs of other demo companies: cross-board duplicates
    jobs = sample(
      allJobs.filter((j) => j.company.provider !== 'recruitee'),
      70,
    ).map((j) => ({ ...j, company: j.company }));
  } else {
    jobs = Array.from({ length: company.count }, () => makeJob(company, company.families, company.region));
    allJobs.push(...jobs);
  }
  if (company.provider === 'greenhouse') greenhouse(company, jobs);
  else if (company.provider === 'lever') lever(company, jobs);
  else if (company.provider === 'ashby') (company.variant === 'page' ? ashbyPage : ashbyApi)(company, jobs);
  else if (company.provider === 'smartrecruiters') smartrecruiters(company, jobs);
  else if (company.provider === 'workable')
    (company.variant === 'v3' ? workableV3 : workableWidget)(company, jobs);
  else if (company.provider === 'recruitee') recruitee(company, jobs);
  else if (company.provider === 'personio') personio(company, jobs);
}

const manifest = {
  schemaVersion: 1,
  description:
    'JobIntel demo snapshot set: fictional companies, raw responses in each ATS format. Generated by scripts/generate-demo.mjs; do not edit by hand.',
  fetchedAt: FETCHED_AT,
  boards: boards.map((b) => ({ ok: b.ok ?? true, ...b })),
};
write('boards.json', json(manifest));
