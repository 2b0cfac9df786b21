import { describe, expect, it } from 'vitest';
import { makePosting } from '../test/factory.js';
import { compileProfile } from './compile.js';
import { describeChange, diffRuns, parsePreviousJobs } from './diff.js';
import { ScoringErrorCode } from './errors.js';
import { applyUserState } from './overlay.js';
import { rankJobs } from './rank.js';
import { buildReport } from './report.js';
import { scorePostings } from './score.js';

const compiled = compileProfile({
  id: 'cs',
  name: 'CS',
  roles: [
    { pattern: 'customer success manager', weight: 40 },
    { pattern: 'account manager', weight: 30 },
  ],
  skills: [{ term: 'salesforce', weight: 5 }],
});
const score = (postings: ReturnType<typeof makePosting>[]) => scorePostings(compiled, postings);

const before = score([
  makePosting({ postingId: 'same' }),
  makePosting({ postingId: 'retitled' }),
  makePosting({ postingId: 'moved', locations: ['Seattle'] }),
  makePosting({ postingId: 'reteamed', team: 'A' }),
  makePosting({ postingId: 'rewritten', descriptionText: 'old text' }),
  makePosting({ postingId: 'repaid' }),
  makePosting({ postingId: 'rescored' }),
  makePosting({ postingId: 'gone' }),
]);
const after = score([
  makePosting({ postingId: 'same' }),
  makePosting({ postingId: 'retitled', title: 'Senior Customer Success Manager' }),
  makePosting({ postingId: 'moved', locations: ['Seattle', 'Remote - US'] }),
  makePosting({ postingId: 'reteamed', team: 'B' }),
  makePosting({ postingId: 'rewritten', descriptionText: 'new text' }),
  makePosting({
    postingId: 'repaid',
    compensation: { min: 1, max: 2, currency: 'USD', interval: 'year', text: null },
  }),
  makePosting({ postingId: 'rescored', descriptionText: 'salesforce' }),
  makePosting({ postingId: 'fresh' }),
]);
const id = (s: string) => `greenhouse:acme:${s}`;

describe('diffRuns', () => {
  const diff = diffRuns(before, after);
  it('finds new, removed and unchanged jobs by canonical id', () => {
    expect(diff.new).toEqual([id('fresh')]);
    expect(diff.removed).toEqual([{ id: id('gone'), title: 'Customer Success Manager', company: 'Acme' }]);
    expect(diff.unchanged).toBe(1);
  });
  it('names the fields that changed', () => {
    const fields = Object.fromEntries(diff.changed.map((c) => [c.id.split(':')[2], c.fields]));
    expect(fields).toEqual({
      retitled: ['title'],
      moved: ['locations'],
      reteamed: ['team'],
      rewritten: ['description'],
      repaid: ['compensation'],
      rescored: ['description', 'score'],
    });
    expect(describeChange(diff, id('rescored'))).toBe('changed: description, score 40 -> 45');
    expect(describeChange(diff, id('fresh'))).toBe('new');
    expect(describeChange(diff, id('same'))).toBeNull();
  });
  it('ignores score moves under the threshold and location order', () => {
    const moved = after.map((j) =>
      j.id === id('moved') ? { ...j, locations: [...j.locations].reverse() } : j,
    );
    const d = diffRuns(after, moved, { scoreDelta: 10 });
    expect(d.changed).toEqual([]);
  });
  it('reads the previous ranked JSON, hidden jobs included, and rejects malformed ones', () => {
    const report = buildReport(compiled, before, { userState: [{ jobId: id('gone'), status: 'ignore' }] });
    const previous = parsePreviousJobs(JSON.parse(JSON.stringify(report)));
    expect(previous.map((j) => j.id)).toContain(id('gone'));
    expect(diffRuns(previous, before).new).toEqual([]);
    expect(() => parsePreviousJobs({ jobs: [{ id: 'x' }] })).toThrow(
      expect.objectContaining({ code: ScoringErrorCode.InputInvalid }),
    );
  });
});

describe('applyUserState', () => {
  const ranked = rankJobs(after);
  const order = (jobs: { id: string }[]) => jobs.map((j) => j.id.split(':')[2]);
  it('hides ignored, moves applied and interviewing down, tags saved, keeps notes', () => {
    const top = ranked[0]!.id;
    const second = ranked[1]!.id;
    const third = ranked[2]!.id;
    const { jobs, hidden } = applyUserState(ranked, [
      { jobId: top, status: 'applied', note: 'sent 11-20' },
      { jobId: second, status: 'ignore', note: 'wrong team' },
      { jobId: third, status: 'saved', note: 'ask Sam' },
      { jobId: ranked[3]!.id, status: 'interviewing' },
      { jobId: 'unknown', status: 'saved' },
    ]);
    expect(hidden.map((h) => [h.id, h.userNote])).toEqual([[second, 'wrong team']]);
    expect(jobs.length).toBe(ranked.length - 1);
    expect(jobs.slice(-2).map((j) => [j.id, j.userStatus])).toEqual([
      [top, 'applied'],
      [ranked[3]!.id, 'interviewing'],
    ]);
    expect(jobs[0]).toMatchObject({ id: third, userStatus: 'saved', userNote: 'ask Sam', rank: 1 });
    expect(jobs.map((j) => j.rank)).toEqual(jobs.map((_, i) => i + 1));
    expect(order(jobs.slice(0, -2))).toEqual(
      order(ranked.filter((j) => ![top, second, ranked[3]!.id].includes(j.id))),
    );
  });
  it('lets the last entry for a job win and validates entries', () => {
    const { jobs } = applyUserState(ranked, [
      { jobId: ranked[0]!.id, status: 'ignore' },
      { jobId: ranked[0]!.id, status: 'saved' },
    ]);
    expect(jobs[0]!.userStatus).toBe('saved');
    expect(() => applyUserState(ranked, [{ jobId: 'x', status: 'liked' as 'saved' }])).toThrow(/user state/);
  });
});
