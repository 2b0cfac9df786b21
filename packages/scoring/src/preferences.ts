// The contributions of a profile's preferences (location, pay, freshness) and the bookkeeping every
// contribution goes through.
import type { Compensation } from '@jobintel/providers';
import type { ProfileRuntime } from './compile.js';
import { formatLocation, type NormalizedLocation } from './locations.js';
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
  return points >= 0 ? `+${points}` : `${points}`;
}

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
  const remoteJob =
    job.workplace === 'remote' || (job.locations.length > 0 && job.locations.every((l) => l.remote));
  const anyRemote = remoteJob || job.locations.some((l) => l.remote);
  if (job.locations.length === 0 && job.workplace !== 'remote') {
    acc.risks.push('location unknown');
    return;
  }
  const { countries, cities, regions } = wanted;
  const usable = (l: NormalizedLocation) => !(l.remote && prefs.remote === 'reject');
  const named = (l: NormalizedLocation) =>
    (l.city !== null && cities.has(normalizePhrase(l.city))) ||
    (l.region !== null && regions.has(normalizePhrase(l.region)));
  const inCountry = (l: NormalizedLocation) =>
    countries.size === 0 ||
    named(l) ||
    (l.country !== null
      ? countries.has(l.country)
      : l.remote && l.region === null && prefs.remoteUnknownCountryOk);
  const places = job.locations.filter(usable);
  const inside = places.filter(inCountry);
  if (job.workplace === 'hybrid' && prefs.hybrid === 'reject') {
    acc.risks.push('hybrid work');
    applyOutside(acc, prefs, 'hybrid work is not accepted');
    return;
  }
  if (remoteJob && prefs.remote === 'reject') {
    applyOutside(acc, prefs, 'remote work is not accepted');
    return;
  }
  if (inside.length === 0 && !(remoteJob && job.locations.length === 0)) {
    const where = job.locations.map(formatLocation).join('; ');
    applyOutside(acc, prefs, `outside preferred countries (${where})`);
    return;
  }
  const preferred = inside.find(named);
  if (preferred) {
    add(acc, {
      rule: 'location:preferred',
      kind: 'location',
      hits: 1,
      points: prefs.bonus,
      detail: `in ${formatLocation(preferred)}`,
    });
  } else if (anyRemote && prefs.remote === 'prefer') {
    add(acc, { rule: 'location:remote', kind: 'location', hits: 1, points: prefs.bonus, detail: 'remote' });
  } else if (job.workplace === 'hybrid' && prefs.hybrid === 'prefer') {
    add(acc, { rule: 'location:hybrid', kind: 'location', hits: 1, points: prefs.bonus, detail: 'hybrid' });
  }
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
  const ageDays = Math.max(0, (Date.parse(asOf) - Date.parse(when)) / 86_400_000);
  if (!Number.isFinite(ageDays)) return;
  const points = prefs.weight * 0.5 ** (ageDays / prefs.halfLifeDays);
  add(acc, {
    rule: 'freshness',
    kind: 'freshness',
    hits: 1,
    points,
    detail: `published ${daysAgo(ageDays)}`,
  });
  if (ageDays > prefs.staleAfterDays) acc.risks.push(`stale: published ${daysAgo(ageDays)}`);
}

function daysAgo(days: number): string {
  const whole = Math.floor(days);
  return whole === 0 ? 'today' : whole === 1 ? '1 day ago' : `${whole} days ago`;
}
