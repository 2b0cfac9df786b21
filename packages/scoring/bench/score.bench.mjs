// Scores 100,000 synthetic postings (descriptions of about 3 KB, seeded generator) against the three
// example profiles on one thread: postings/s per core (CPU time of the scoring calls only, generation
// excluded) and peak memory. Postings are made and scored in batches of 1,000, as the daily run's cpu
// stage hands them to worker threads; every posting is scored against all three profiles (tokenized
// once). A naive keyword-split pass over the same text is measured in the same run as a baseline.
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { seededRandom } from '../../runner-core/dist/index.js';
import {
  buildCorpusStats,
  compileProfile,
  loadProfile,
  mergeCorpusStats,
  prepareJobs,
  scorePrepared,
} from '../dist/index.js';

const TOTAL = Number(process.env.BENCH_POSTINGS ?? 100_000);
const BATCH = 1_000;
const TARGET = 50_000;

const TITLES = [
  'Senior Customer Success Manager',
  'Technical Account Manager',
  'Account Executive',
  'Backend Engineer',
  'Staff Software Engineer, Platform',
  'Frontend Engineer',
  'Data Scientist',
  'Senior Machine Learning Engineer',
  'Product Manager',
  'Sales Development Representative',
  'HR Business Partner',
  'Software Engineering Intern',
  'Site Reliability Engineer',
  'Analytics Engineer',
];
const LOCATIONS = [
  'San Francisco, CA',
  'New York City',
  'Remote - US',
  'Seattle',
  'London, UK',
  'Berlin, Germany',
  'Zürich',
  'Toronto, ON',
  'Bangalore, India - Remote',
  'Austin, TX',
];
// ordinary job-ad prose, with a word the profiles care about about one time in sixteen
const COMMON = (
  'we are looking for a teammate to join our growing team you will work closely with people across the ' +
  'company to build reliable products at scale our platform serves millions of users around the world and ' +
  'we care deeply about quality speed and kindness in this role you will own projects from idea to launch ' +
  'collaborate with design product and operations communicate clearly in writing mentor others review plans ' +
  'set quarterly goals measure impact with metrics and share what you learn what you bring several years of ' +
  'experience in a similar position strong written and verbal communication curiosity ownership and a bias ' +
  'for action experience working in a fast paced environment is a plus benefits include health dental and ' +
  'vision insurance equity flexible hours a learning budget generous parental leave home office stipend ' +
  'paid time off company retreats wellness programs commuter benefits and more we are an equal opportunity ' +
  'employer and value diversity at our company we do not discriminate on the basis of race religion color ' +
  'national origin gender sexual orientation age marital status veteran status or disability status'
).split(' ');
const SPECIAL = (
  'typescript node.js go postgresql kubernetes aws python sql pytorch statistics experimentation salesforce ' +
  'gainsight churn renewals onboarding saas enterprise customers distributed systems customer success ' +
  'account manager engineer software data scientist machine learning llm spark c++ remote senior'
).split(' ');

function makeBatch(rand, start, count) {
  const out = [];
  for (let i = start; i < start + count; i++) {
    // flat strings, as JSON.parse gives them (not ropes built by +=)
    const sentences = [];
    let length = 0;
    while (length < 3000) {
      let sentence = '';
      const n = 8 + Math.floor(rand() * 12);
      for (let w = 0; w < n; w++) {
        const pool = rand() < 1 / 16 ? SPECIAL : COMMON;
        sentence += `${pool[Math.floor(rand() * pool.length)]} `;
      }
      const line = `${sentence.charAt(0).toUpperCase()}${sentence.slice(1, -1)}.`;
      sentences.push(line);
      length += line.length + 1;
    }
    const text = sentences.join(' ');
    const loc = LOCATIONS[Math.floor(rand() * LOCATIONS.length)];
    out.push({
      provider: 'greenhouse',
      board: `board${i % 500}`,
      postingId: String(i),
      jobId: null,
      title: TITLES[Math.floor(rand() * TITLES.length)],
      company: `Company ${i % 500}`,
      department: null,
      team: null,
      locations: [{ raw: loc, city: null, region: null, country: null, remote: false }],
      workplace: 'unknown',
      employmentType: 'full_time',
      compensation:
        rand() < 0.3 ? { min: 90000, max: 160000, currency: 'USD', interval: 'year', text: null } : null,
      descriptionHtml: '',
      descriptionText: text,
      applyUrl: null,
      jobUrl: `https://boards.example.com/board${i % 500}/jobs/${i}`,
      publishedAt: new Date(Date.UTC(2026, 10, 1) + Math.floor(rand() * 28) * 86_400_000).toISOString(),
      updatedAt: null,
      raw: { sha256: '0'.repeat(64), url: 'https://boards.example.com', path: `jobs[${i}]` },
    });
  }
  return out;
}

const profiles = await Promise.all(
  ['customer-success', 'software-engineering', 'data-science'].map(async (id) =>
    compileProfile(await loadProfile(new URL(`../profiles/${id}.yaml`, import.meta.url).pathname)),
  ),
);

let peakRss = process.memoryUsage().rss;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

// pass 1: corpus statistics for the booster (streaming, merged per batch)
let rand = seededRandom(20261129);
let statsCpu = 0;
const stats = profiles.map(() => ({ documents: 0, tokens: 0, averageLength: 0, documentFrequency: {} }));
for (let start = 0; start < TOTAL; start += BATCH) {
  const batch = makeBatch(rand, start, Math.min(BATCH, TOTAL - start));
  const t0 = process.cpuUsage();
  const prepared = prepareJobs(batch, profiles);
  profiles.forEach((p, i) => {
    stats[i] = mergeCorpusStats(stats[i], buildCorpusStats(p, prepared));
  });
  const d = process.cpuUsage(t0);
  statsCpu += (d.user + d.system) / 1e6;
  sample();
}

// pass 2: scoring, the same postings again (same seed)
rand = seededRandom(20261129);
let scoreCpu = 0;
let prepareCpu = 0;
let wall = 0;
let scored = 0;
let checksum = 0;
for (let start = 0; start < TOTAL; start += BATCH) {
  const batch = makeBatch(rand, start, Math.min(BATCH, TOTAL - start));
  const t0 = process.cpuUsage();
  const w0 = performance.now();
  const prepared = prepareJobs(batch, profiles);
  const dp = process.cpuUsage(t0);
  prepareCpu += (dp.user + dp.system) / 1e6;
  profiles.forEach((p, i) => {
    for (const job of scorePrepared(p, prepared, { corpus: stats[i], asOf: '2026-11-29T00:00:00Z' })) {
      checksum = (checksum + job.score) % 1_000_003;
      scored++;
    }
  });
  wall += performance.now() - w0;
  const d = process.cpuUsage(t0);
  scoreCpu += (d.user + d.system) / 1e6;
  sample();
}

// baseline in the same run, for a machine-independent figure: the least a keyword scorer does, i.e.
// lowercase the text, split it into words and look each word up in a set of the profiles' words
rand = seededRandom(20261129);
const words = new Set(profiles.flatMap((p) => p.boosterTerms));
let baselineCpu = 0;
let baselineHits = 0;
for (let start = 0; start < TOTAL; start += BATCH) {
  const batch = makeBatch(rand, start, Math.min(BATCH, TOTAL - start));
  const t0 = process.cpuUsage();
  for (const posting of batch) {
    for (const text of [posting.title, posting.descriptionText]) {
      for (const w of text.toLowerCase().split(/[^a-z0-9+#]+/)) if (words.has(w)) baselineHits++;
    }
  }
  const d = process.cpuUsage(t0);
  baselineCpu += (d.user + d.system) / 1e6;
  sample();
}

// the same scoring on two worker threads, batches handed over as plain JSON (structured clone), as
// the runner's cpu policy does: the checksum must equal the one-thread checksum
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.dist).then(({ prepareJobs, scorePrepared }) => {
  parentPort.on('message', (batch) => {
    const prepared = prepareJobs(batch, workerData.profiles);
    let sum = 0;
    workerData.profiles.forEach((p, i) => {
      for (const job of scorePrepared(p, prepared, { corpus: workerData.stats[i], asOf: '2026-11-29T00:00:00Z' })) sum += job.score;
    });
    parentPort.postMessage(sum);
  });
  parentPort.postMessage('ready');
});`;
const THREADS = 2;
const THREAD_POSTINGS = Math.min(TOTAL, 20_000); // pre-generated, so kept small
const onePassPeakRss = peakRss;
const dist = new URL('../dist/index.js', import.meta.url).href;
const workers = await Promise.all(
  Array.from({ length: THREADS }, () => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { dist, profiles, stats } });
    return new Promise((resolve) => w.once('message', () => resolve(w)));
  }),
);
rand = seededRandom(20261129);
const batches = [];
let threadChecksum = 0;
for (let start = 0; start < THREAD_POSTINGS; start += BATCH) batches.push(makeBatch(rand, start, BATCH));
sample();
let threadSum = 0;
const t0 = performance.now();
await Promise.all(
  workers.map(async (w, k) => {
    for (let b = k; b < batches.length; b += THREADS) {
      const sum = await new Promise((resolve) => {
        w.once('message', resolve);
        w.postMessage(batches[b]);
      });
      threadSum += sum; // after the await: `threadSum += await ...` would read threadSum too early
    }
  }),
);
const threadWall = (performance.now() - t0) / 1000;
// the one-thread checksum of the same first postings
rand = seededRandom(20261129);
for (let start = 0; start < THREAD_POSTINGS; start += BATCH) {
  const prepared = prepareJobs(makeBatch(rand, start, BATCH), profiles);
  profiles.forEach((p, i) => {
    for (const job of scorePrepared(p, prepared, { corpus: stats[i], asOf: '2026-11-29T00:00:00Z' }))
      threadChecksum += job.score;
  });
}
await Promise.all(workers.map((w) => w.terminate()));
batches.length = 0;

const postingsPerSec = Math.round(TOTAL / scoreCpu);
const baselinePostingsPerSec = Math.round(TOTAL / baselineCpu);
console.log(
  JSON.stringify({
    bench: 'score-3-profiles',
    postings: TOTAL,
    profiles: profiles.length,
    descriptionBytes: 3000,
    scoreCpuSeconds: Number(scoreCpu.toFixed(2)),
    scoreWallSeconds: Number((wall / 1000).toFixed(2)),
    prepareCpuSeconds: Number(prepareCpu.toFixed(2)),
    postingsPerSec,
    postingProfilePairsPerSec: Math.round(scored / scoreCpu),
    corpusStatsPostingsPerSec: Math.round(TOTAL / statsCpu),
    baselineSplitPostingsPerSec: baselinePostingsPerSec,
    ratioVsBaseline: Number((postingsPerSec / baselinePostingsPerSec).toFixed(3)),
    twoThreadsPostings: THREAD_POSTINGS,
    twoThreadsWallPostingsPerSec: Math.round(THREAD_POSTINGS / threadWall),
    twoThreadsSameScores: threadSum === threadChecksum,
    peakRssMB: Math.round(onePassPeakRss / 2 ** 20),
    checksum,
    baselineHits,
    target: `>= ${TARGET} postings/s per core`,
    pass: postingsPerSec >= TARGET,
  }),
);
