// The contributions of a profile's preferences (location, pay, freshness) and the bookkeeping every
// contribution goes through.
import type { Compensation } from '@jobintel/providers';
import type { ProfileRuntime } from './compile.js';
import type { NormalizedLocation } from './locations.js';
import type { PreparedJob } from './prepare.js';
import type { Profile } from './profile.js';
import type { Band, Contribution } from './score.js';
import { normalizePhrase } from './text.js';

const PAY_PER_YEAR: Record<string, number> = { year: 1, month: 12, week: 52, day: 260, hour: 2080 };

/** Rounding to hundredths (Math.round), as an integer count of hundredths, so sums stay exact. */
export const cents = (x: number) => Math.round(x * 100);

export function bandOf(score: number): Band {
  return score >= 75 ? 'strong' : score >= 55 ? 'good' : score >= 35 ? 'fair' : 'weak';
}

export function sign(points: number): string {
  // points are whole hundredths (see `add`), and few distinct ones occur: their text is made once
  const hundredths = Math.round(points * 100);
  if (hundredths / 100 !== points) return signText(points);
  let text = signs.get(hundredths);
  if (text === undefined) {
    text = signText(points);
    if (signs.size >= MAX_SIGNS) signs.clear();
    signs.set(hundredths, text);
  }
  return text;
}

const signText = (points: number) => (points >= 0 ? `+${points}` : `${points}`);
const signs = new Map<number, string>();
const MAX_SIGNS = 10_000;

/** What scoring one job collects: contributions, risks that cost nothing, and a knock-out reason. */
export interface Acc {
  contributions: Contribution[];
  risks: string[];
  excluded: string | null;
}

/** Records a contribution (a fresh object literal at every call site), its points rounded to hundredths. */
export function add(acc: Acc, c: Contribution): void {
  c.points = cents(c.points) / 100;
  acc.contributions.push(c);
}

export function scoreLocation(
  acc: Acc,
  prefs: NonNullable<Profile['locations']>,
  wanted: ProfileRuntime['places'],
  job: PreparedJob,
): void {
  const locations = job.locations;
  let allRemote = locations.length > 0;
  let anyRemote = false;
  for (const l of locations) {
    if (l.remote) anyRemote = true;
    else allRemote = false;
  }
  const remoteJob = job.workplace === 'remote' || allRemote;
  anyRemote ||= remoteJob;
  if (locations.length === 0 && job.workplace !== 'remote') {
    acc.risks.push('location unknown');
    return;
  }
  const { countries, cities, regions } = wanted;
  const named = (l: NormalizedLocation) =>
    (l.city !== null && cities.has(phraseOf(l.city))) ||
    (l.region !== null && regions.has(phraseOf(l.region)));
  // the first usable place inside the preferred countries, and the first of those that is named
  let inside = 0;
  let preferred = -1;
  for (let k = 0; k < locations.length; k++) {
    const l = locations[k]!;
    if (l.remote && prefs.remote === 'reject') continue;
    const isNamed = named(l);
    const inCountry =
      countries.size === 0 ||
      isNamed ||
      (l.country !== null
        ? countries.has(l.country)
        : l.remote && l.region === null && prefs.remoteUnknownCountryOk);
    if (!inCountry) continue;
    inside++;
    if (preferred < 0 && isNamed) preferred = k;
  }
  if (job.workplace === 'hybrid' && prefs.hybrid === 'reject') {
    acc.risks.push('hybrid work');
    applyOutside(acc, prefs, 'hybrid work is not accepted');
    return;
  }
  if (remoteJob && prefs.remote === 'reject') {
    applyOutside(acc, prefs, 'remote work is not accepted');
    return;
  }
  if (inside === 0 && !(remoteJob && locations.length === 0)) {
    const where = job.locationLabels.join('; ');
    applyOutside(acc, prefs, `outside preferred countries (${where})`);
    return;
  }
  if (preferred >= 0) {
    add(acc, {
      rule: 'location:preferred',
      kind: 'location',
      hits: 1,
      points: prefs.bonus,
      detail: `in ${job.locationLabels[preferred]!}`,
    });
  } else if (anyRemote && prefs.remote === 'prefer') {
    add(acc, { rule: 'location:remote', kind: 'location', hits: 1, points: prefs.bonus, detail: 'remote' });
  } else if (job.workplace === 'hybrid' && prefs.hybrid === 'prefer') {
    add(acc, { rule: 'location:hybrid', kind: 'location', hits: 1, points: prefs.bonus, detail: 'hybrid' });
  }
}

// city and region names repeat from job to job: their normalised forms are kept (bounded)
const phrases = new Map<string, string>();
const MAX_PHRASES = 10_000;

function phraseOf(name: string): string {
  let phrase = phrases.get(name);
  if (phrase === undefined) {
    phrase = normalizePhrase(name);
    if (phrases.size >= MAX_PHRASES) phrases.clear();
    phrases.set(name, phrase);
  }
  return phrase;
}

function applyOutside(acc: Acc, prefs: NonNullable<Profile['locations']>, why: string): void {
  if (prefs.outside === 'exclude') acc.excluded ??= why;
  else if (prefs.outside === 'penalize')
    add(acc, { rule: 'location:outside', kind: 'location', hits: 1, points: -prefs.penalty, detail: why });
  else acc.risks.push(why);
}

export function scoreCompensation(
  acc: Acc,
  prefs: NonNullable<Profile['compensation']>,
  pay: Compensation | null,
): void {
  if (pay === null || (pay.min === null && pay.max === null)) return;
  const perYear = PAY_PER_YEAR[pay.interval];
  if (pay.currency !== prefs.currency || perYear === undefined) {
    acc.risks.push(
      `pay not comparable with the floor (${pay.currency ?? 'unknown currency'}, per ${pay.interval})`,
    );
    return;
  }
  const top = (pay.max ?? pay.min ?? 0) * perYear;
  if (top < prefs.floor) {
    add(acc, {
      rule: 'compensation:floor',
      kind: 'compensation',
      hits: 1,
      points: -prefs.penalty,
      detail: `pay up to ${Math.round(top)} ${pay.currency} a year, below the floor of ${prefs.floor}`,
    });
  } else {
    add(acc, {
      rule: 'compensation:floor',
      kind: 'compensation',
      hits: 1,
      points: prefs.bonus,
      detail: `pay reaches the floor of ${prefs.floor} ${pay.currency}`,
    });
  }
}

export function scoreFreshness(
  acc: Acc,
  prefs: NonNullable<Profile['freshness']>,
  job: PreparedJob,
  asOf: string | undefined,
): void {
  const when = job.publishedAt ?? job.updatedAt;
  if (asOf === undefined || when === null) return;
  const ageDays = Math.max(0, (timeOf(asOf) - timeOf(when)) / 86_400_000);
  if (!Number.isFinite(ageDays)) return;
  const points = prefs.weight * 0.5 ** (ageDays / prefs.halfLifeDays);
  add(acc, {
    rule: 'freshness',
    kind: 'freshness',
    hits: 1,
    points,
    detail: published(ageDays),
  });
  if (ageDays > prefs.staleAfterDays) acc.risks.push(`stale: ${published(ageDays)}`);
}

// a run has one reference time, and its jobs share a few publication times
const times = new Map<string, number>();
const MAX_TIMES = 10_000;
// the last two times asked for (the run's reference time and a job's), without an object per call
let lastIso = '';
let lastT = Number.NaN;
let otherIso = '';
let otherT = Number.NaN;

function timeOf(iso: string): number {
  if (iso === lastIso) return lastT;
  if (iso === otherIso) return otherT;
  let t = times.get(iso);
  if (t === undefined) {
    t = Date.parse(iso);
    if (times.size >= MAX_TIMES) times.clear();
    times.set(iso, t);
  }
  otherIso = lastIso;
  otherT = lastT;
  lastIso = iso;
  lastT = t;
  return t;
}

// "published N days ago", by whole days (a run's jobs share a few ages): made once each
const publishedTexts: Array<string | undefined> = [];
const MAX_PUBLISHED_DAYS = 10_000;

function published(days: number): string {
  const whole = Math.floor(days);
  if (!(whole < MAX_PUBLISHED_DAYS)) return `published ${daysAgo(days)}`;
  let text = publishedTexts[whole];
  if (text === undefined) {
    text = `published ${daysAgo(days)}`;
    publishedTexts[whole] = text;
  }
  return text;
}

function daysAgo(days: number): string {
  const whole = Math.floor(days);
  return whole === 0 ? 'today' : whole === 1 ? '1 day ago' : `${whole} days ago`;
}
