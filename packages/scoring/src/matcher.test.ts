import { describe, expect, it } from 'vitest';
import { makePosting } from '../test/factory.js';
import { compileProfile } from './compile.js';
import { inflections, PhraseMatcher } from './matcher.js';
import type { ProfileInput } from './profile.js';
import { scorePostings } from './score.js';

const m = (phrases: string[], stems = false) => new PhraseMatcher([{ id: 'r', phrases, stems }]);
const count = (matcher: PhraseMatcher, text: string) => matcher.match(text)[0]?.count ?? 0;

describe('PhraseMatcher: no substring false positives', () => {
  it.each([
    ['hr', 'Threat Intelligence Analyst'],
    ['hr', 'Shrink wrap specialist'],
    ['intern', 'International Sales Lead'],
    ['intern', 'Internal Tools Engineer'],
    ['tam', 'Tamper detection engineer'],
    ['tam', 'Stamford office'],
    ['go', 'Google Ads manager, going forward'],
    ['java', 'JavaScript engineer'],
    ['c', 'C++ developer'],
    ['ai', 'Maintenance lead'],
  ])('%s does not match %s', (term, text) => {
    expect(count(m([term]), text)).toBe(0);
    expect(count(m([term], true), text)).toBe(0);
  });

  it.each([
    ['hr', 'HR Business Partner'],
    ['hr', 'Head of People (HR)'],
    ['intern', 'Software Engineering Intern'],
    ['tam', 'TAM, Enterprise'],
    ['c++', 'Senior C++ developer'],
    ['node.js', 'We use Node.js and TypeScript'],
    ['customer success', 'Customer-Success Manager'],
  ])('%s matches %s', (term, text) => {
    expect(count(m([term]), text)).toBe(1);
  });

  it('is case and accent insensitive', () => {
    expect(count(m(['zurich']), 'Office in ZÜRICH')).toBe(1);
    expect(count(m(['résumé']), 'send your RESUME')).toBe(1);
    expect(count(m(['strasse']), 'Straße 1')).toBe(1);
  });

  it('matches phrases only as whole token sequences', () => {
    const matcher = m(['program manager']);
    expect(count(matcher, 'Technical Program Manager')).toBe(1);
    expect(count(matcher, 'program management')).toBe(0);
    expect(count(matcher, 'manager of the program')).toBe(0);
  });

  it('matches synonyms, and inflections only when asked', () => {
    expect(count(m(['kubernetes', 'k8s']), 'K8s and Kubernetes')).toBe(2);
    expect(count(m(['renewal']), 'owns renewals')).toBe(0);
    expect(count(m(['renewal'], true), 'owns renewals')).toBe(1);
    expect(count(m(['manage'], true), 'managing and managed')).toBe(2);
    expect(inflections('intern')).not.toContain('international');
  });

  it('counts one hit per rule per position', () => {
    expect(count(m(['customer success', 'customer success manager']), 'Customer Success Manager')).toBe(1);
  });
});

describe('avoid words do not knock out a targeted title', () => {
  const profile: ProfileInput = {
    id: 'pm',
    name: 'Program management',
    roles: [{ pattern: 'program manager', weight: 50 }],
    negatives: [
      { term: 'technical', weight: 40, scope: 'title' },
      { term: 'intern', exclude: true, stems: true, synonyms: ['internship'] },
    ],
  };
  const compiled = compileProfile(profile);
  const score = (title: string) => scorePostings(compiled, [makePosting({ title })])[0]!;

  it('"technical" does not knock out "Technical Program Manager"', () => {
    const tpm = score('Technical Program Manager');
    expect(tpm.score).toBe(50);
    expect(tpm.excluded).toBeNull();
    expect(tpm.contributions.find((c) => c.kind === 'negative')?.points).toBe(0);
  });
  it('"technical" still costs points on titles that are not target roles', () => {
    expect(score('Technical Writer').rawScore).toBe(-40);
  });
  it('"intern" excludes interns but not "International Program Manager"', () => {
    expect(score('Program Manager Intern').excluded).toMatch(/intern/);
    expect(score('Program Manager Internship').excluded).toMatch(/intern/);
    expect(score('International Program Manager').excluded).toBeNull();
  });
  it('"hr" in a negative list does not hit "Threat"', () => {
    const c = compileProfile({ ...profile, negatives: [{ term: 'hr', weight: 30 }] });
    expect(scorePostings(c, [makePosting({ title: 'Threat Program Manager' })])[0]!.score).toBe(50);
  });
});
