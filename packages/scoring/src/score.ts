import type { Compensation } from '@jobintel/providers';
import { BOOST, boostInto, buildCorpusStats, type CorpusStats, TOP, thousandthsText } from './booster.js';
import { type CompiledProfile, type ProfileRuntime, runtimeOf } from './compile.js';
import { ScoringError, ScoringErrorCode } from './errors.js';
import {
  type Acc,
  add,
  bandOf,
  scoreCompensation,
  scoreFreshness,
  scoreLocation,
  sign,
} from './preferences.js';
import { type PreparedJob, prepareJobs, type ScorableJob } from './prepare.js';

export type ContributionKind =
  | 'role'
  | 'skill'
  | 'must_have'
  | 'negative'
  | 'seniority'
  | 'location'
  | 'compensation'
  | 'freshness'
  | 'booster'
  | 'semantic';

/** One rule's part in a score. `points` is rounded to hundredths; 0 means it matched but gave nothing. */
export interface Contribution {
  rule: string;
  kind: ContributionKind;
  hits: number;
  points: number;
  detail: string;
}

export interface Explanation {
  /** The (up to three) largest positive contributions, in words. */
  topReasons: string[];
  fitSignals: string[];
  riskSignals: string[];
  missingMustHaves: string[];
}

export type Band = 'strong' | 'good' | 'fair' | 'weak';

export interface ScoredJob {
  id: string;
  profileId: string;
  title: string;
  company: string;
  team: string | null;
  department: string | null;
  locations: string[];
  workplace: string;
  url: string | null;
  publishedAt: string | null;
  updatedAt: string | null;
  compensation: Compensation | null;
  descriptionHash: string;
  excerpt: string;
  /** 0-100, an integer: the clamped raw score rounded half up. */
  score: number;
  /** The sum of the contributions, to hundredths, before clamping. */
  rawScore: number;
  band: Band;
  /** Why the job is knocked out (score 0, left out of rankings), or null. */
  excluded: string | null;
  duplicateOf: string | null;
  duplicates: string[];
  contributions: Contribution[];
  explanation: Explanation;
}

export interface ScoreOptions {
  /** The run's reference time (ISO 8601). Required when the profile scores freshness. */
  asOf?: string;
  /** BM25 statistics over the whole run (`buildCorpusStats`); without them the batch's own are used. */
  corpus?: CorpusStats;
  /** Embedding similarity (0..1) per job id, from `embeddingSimilarities`. */
  semantic?: Record<string, number>;
}

function describe(c: Contribution): string {
  // the texts of rule contributions recur (the same detail, the same points): made once
  if (c.kind === 'freshness' || c.kind === 'booster' || c.kind === 'semantic' || c.kind === 'location')
    return `${sign(c.points)} ${c.detail}`;
  const cached = reasons.get(c.detail);
  if (cached !== undefined && cached.points === c.points) return cached.text;
  const text = `${sign(c.points)} ${c.detail}`;
  if (cached === undefined) {
    if (reasons.size >= MAX_REASONS) reasons.clear();
    reasons.set(c.detail, { points: c.points, text });
  }
  return text;
}

const reasons = new Map<string, { points: number; text: string }>();
const ACC: Acc = { contributions: [], risks: [], excluded: null };
const MAX_REASONS = 10_000;

function roleDetail(runtime: ProfileRuntime, phrase: string): string {
  let detail = runtime.texts.role.get(phrase);
  if (detail === undefined) {
    detail = `title matches role "${phrase}"`;
    runtime.texts.role.set(phrase, detail);
  }
  return detail;
}

function skillDetail(
  runtime: ProfileRuntime,
  i: number,
  term: string,
  inTitle: boolean,
  hits: number,
): string {
  const make = () => `"${term}" in ${inTitle ? 'title' : 'description'}${hits > 1 ? ` (${hits}x)` : ''}`;
  if (hits >= 1000) return make();
  const cache = runtime.texts.skill[i]!;
  const k = hits * 2 + (inTitle ? 1 : 0);
  let detail = cache[k];
  if (detail === undefined) {
    detail = make();
    cache[k] = detail;
  }
  return detail;
}

/** Scores one prepared job against one compiled profile. */
export function scorePreparedJob(
  compiled: CompiledProfile,
  job: PreparedJob,
  corpus: CorpusStats | null,
  options: ScoreOptions = {},
): ScoredJob {
  const { profile } = compiled;
  const runtime = runtimeOf(compiled, job.vocabulary);
  const title = runtime.title.scan(job.titleStream);
  const description = runtime.description.scan(job.descriptionStream);
  const inTitle = title.counts;
  const inDescription = description.counts;
  const { slots, texts } = runtime;
  // one job is scored at a time: the accumulator and its risk list are reused (the risks are copied out)
  const acc = ACC;
  acc.contributions = [];
  acc.risks.length = 0;
  acc.excluded = null;

  // roles: the best-weighted target role in the title counts, once
  const roles = profile.roles;
  let bestRole = -1;
  for (let i = 0; i < roles.length; i++) {
    const slot = slots.role[i]!;
    if (slot >= 0 && inTitle[slot]! > 0 && (bestRole < 0 || roles[i]!.weight > roles[bestRole]!.weight))
      bestRole = i;
  }
  if (bestRole >= 0) {
    const r = roles[bestRole]!;
    const slot = slots.role[bestRole]!;
    add(acc, {
      rule: runtime.ruleNames.role[bestRole]!,
      kind: 'role',
      hits: inTitle[slot]!,
      points: r.weight,
      detail: roleDetail(runtime, title.phrases[slot]!),
    });
  } else {
    acc.risks.push('title matches no target role');
  }

  const skills = profile.skills;
  for (let i = 0; i < skills.length; i++) {
    const s = skills[i]!;
    const titleSlot = slots.skill.title[i]!;
    const descriptionSlot = slots.skill.description[i]!;
    const titleHits = titleSlot < 0 ? 0 : inTitle[titleSlot]!;
    const hits = titleHits + (descriptionSlot < 0 ? 0 : inDescription[descriptionSlot]!);
    if (hits === 0) continue;
    const points = Math.min(hits * s.weight, s.cap ?? s.weight);
    add(acc, {
      rule: runtime.ruleNames.skill[i]!,
      kind: 'skill',
      hits,
      points,
      detail: skillDetail(runtime, i, s.term, titleHits > 0, hits),
    });
  }

  const missing: string[] = [];
  const mustHaves = profile.mustHaves;
  for (let i = 0; i < mustHaves.length; i++) {
    const titleSlot = slots.must.title[i]!;
    const descriptionSlot = slots.must.description[i]!;
    if (
      (titleSlot >= 0 && inTitle[titleSlot]! > 0) ||
      (descriptionSlot >= 0 && inDescription[descriptionSlot]! > 0)
    )
      continue;
    const m = mustHaves[i]!;
    missing.push(m.term);
    add(acc, {
      rule: runtime.ruleNames.must[i]!,
      kind: 'must_have',
      hits: 0,
      points: -profile.mustHavePenalty,
      detail: texts.must[i]!,
    });
  }

  const negatives = profile.negatives;
  for (let i = 0; i < negatives.length; i++) {
    const titleSlot = slots.negative.title[i]!;
    const descriptionSlot = slots.negative.description[i]!;
    const titleCount = titleSlot < 0 ? 0 : inTitle[titleSlot]!;
    const descriptionCount = descriptionSlot < 0 ? 0 : inDescription[descriptionSlot]!;
    if (titleCount === 0 && descriptionCount === 0) continue;
    const n = negatives[i]!;
    // a target role in the title wins over an avoid word there ("Technical Program Manager"), but
    // not over a knock-out term ("Program Manager Intern") unless the profile says so
    const titleHits = (n.yieldToRoles ?? !n.exclude) && bestRole >= 0 ? 0 : titleCount;
    const hits = titleHits + descriptionCount;
    if (hits === 0) {
      add(acc, {
        rule: runtime.ruleNames.negative[i]!,
        kind: 'negative',
        hits: titleCount,
        points: 0,
        detail: texts.negative.outweighed[i]!,
      });
      continue;
    }
    if (n.exclude) {
      acc.excluded ??= titleHits > 0 ? texts.negative.title[i]! : texts.negative.description[i]!;
      continue;
    }
    add(acc, {
      rule: runtime.ruleNames.negative[i]!,
      kind: 'negative',
      hits,
      points: -n.weight,
      detail: titleHits > 0 ? texts.negative.title[i]! : texts.negative.description[i]!,
    });
  }

  const sen = profile.seniority;
  let avoided = false;
  for (const level of sen.avoid) {
    const slot = slots.seniority[level]!;
    if (slot < 0 || inTitle[slot] === 0) continue;
    if (sen.excludeAvoided) acc.excluded ??= texts.seniority[level]!.excluded;
    else
      add(acc, {
        rule: `seniority:${level}`,
        kind: 'seniority',
        hits: 1,
        points: -sen.penalty,
        detail: texts.seniority[level]!.avoided,
      });
    avoided = true;
  }
  if (!avoided) {
    for (const level of sen.prefer) {
      const slot = slots.seniority[level]!;
      if (slot < 0 || inTitle[slot] === 0) continue;
      add(acc, {
        rule: `seniority:${level}`,
        kind: 'seniority',
        hits: 1,
        points: sen.bonus,
        detail: texts.seniority[level]!.level,
      });
      break;
    }
  }

  if (profile.locations) scoreLocation(acc, profile.locations, runtime.places, job);
  if (profile.compensation) scoreCompensation(acc, profile.compensation, job.compensation);
  if (profile.freshness) scoreFreshness(acc, profile.freshness, job, options.asOf);
  if (job.descriptionStream.length === 0) acc.risks.push('no description: scored on the title only');

  if (corpus !== null) {
    const counts = boostInto(compiled, job, corpus, profile.booster.maxPoints);
    if (counts !== null && BOOST.points > 0) {
      const kept = BOOST.kept;
      const cache = texts.booster;
      let terms = '';
      for (let k = 0; k < kept; k++) {
        const i = TOP[k]!;
        const tf = counts[i]!;
        let text: string | undefined;
        if (tf < 1000) {
          const byTf = cache[i]!;
          text = byTf[tf];
          if (text === undefined) {
            text = `${compiled.boosterTerms[i]!}:${tf}`;
            byTf[tf] = text;
          }
        } else text = `${compiled.boosterTerms[i]!}:${tf}`;
        terms = k === 0 ? text : `${terms}, ${text}`;
      }
      add(acc, {
        rule: 'booster:bm25',
        kind: 'booster',
        hits: kept,
        points: BOOST.points,
        detail: `text similarity (bm25 ${thousandthsText(BOOST.bm25Millis)}: ${terms})`,
      });
    }
  }
  const similarity = options.semantic?.[job.id];
  if (similarity !== undefined && profile.booster.semanticMaxPoints > 0) {
    const s = Math.max(0, Math.min(1, similarity));
    add(acc, {
      rule: 'booster:semantic',
      kind: 'semantic',
      hits: 1,
      points: s * profile.booster.semanticMaxPoints,
      detail: `semantic similarity ${s.toFixed(3)}`,
    });
  }

  const contributions = acc.contributions;
  let totalCents = 0;
  for (const c of contributions) totalCents += Math.round(c.points * 100);
  const rawScore = totalCents / 100;
  // clamp to 0..100, then round half up to an integer (exact: the total is whole hundredths)
  const score =
    acc.excluded !== null ? 0 : Math.min(100, Math.max(0, Math.floor((Math.max(0, totalCents) + 50) / 100)));
  if (contributions.length > 1) sortContributions(contributions);
  const topReasons: string[] = [];
  const fitSignals: string[] = [];
  const risks: string[] = [];
  if (acc.excluded !== null) risks.push(`excluded: ${acc.excluded}`);
  for (const c of contributions) {
    if (!(c.points > 0)) continue;
    if (topReasons.length < 3) topReasons.push(describe(c));
    fitSignals.push(c.detail);
  }
  // the largest penalty first
  for (let k = contributions.length - 1; k >= 0; k--) {
    const c = contributions[k]!;
    if (c.points < 0) risks.push(describe(c));
  }
  for (const r of acc.risks) risks.push(r);
  return {
    id: job.id,
    profileId: profile.id,
    title: job.title,
    company: job.company,
    team: job.team,
    department: job.department,
    locations: job.locationLabels.slice(),
    workplace: job.workplace,
    url: job.url,
    publishedAt: job.publishedAt,
    updatedAt: job.updatedAt,
    compensation: job.compensation,
    descriptionHash: job.descriptionHash,
    excerpt: job.excerpt,
    score,
    rawScore,
    band: bandOf(score),
    excluded: acc.excluded,
    duplicateOf: job.duplicateOf,
    duplicates: job.duplicates.slice(),
    contributions,
    explanation: { topReasons, fitSignals, riskSignals: risks, missingMustHaves: missing },
  };
}

function byPointsThenRule(a: Contribution, b: Contribution): number {
  return b.points - a.points || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

/**
 * `contributions.sort(byPointsThenRule)` for the few contributions of one job: a stable insertion
 * sort, so the same order as the (stable) builtin sort. Points that are not numbers (NaN) leave the
 * order to the builtin, whose handling of an inconsistent comparator this does not mirror.
 */
export function sortContributions(contributions: Contribution[]): void {
  const n = contributions.length;
  if (n > 32) {
    contributions.sort(byPointsThenRule);
    return;
  }
  for (let k = 0; k < n; k++) {
    if (Number.isNaN(contributions[k]!.points)) {
      contributions.sort(byPointsThenRule);
      return;
    }
  }
  for (let k = 1; k < n; k++) {
    const c = contributions[k]!;
    let j = k - 1;
    while (j >= 0 && byPointsThenRule(contributions[j]!, c) > 0) {
      contributions[j + 1] = contributions[j]!;
      j--;
    }
    contributions[j + 1] = c;
  }
}

/** Scores prepared jobs (see `prepareJobs`) against one profile. Pure: plain data in, plain data out. */
export function scorePrepared(
  compiled: CompiledProfile,
  jobs: readonly PreparedJob[],
  options: ScoreOptions = {},
): ScoredJob[] {
  // freshness without a reference time would silently give nothing: a run must say when it is
  if (compiled.profile.freshness && (options.asOf === undefined || Number.isNaN(Date.parse(options.asOf)))) {
    throw new ScoringError(
      ScoringErrorCode.InputInvalid,
      `profile "${compiled.profile.id}" scores freshness: pass asOf (the run's ISO 8601 start time), got ${String(options.asOf)}`,
    );
  }
  const corpus =
    compiled.profile.booster.maxPoints > 0 ? (options.corpus ?? buildCorpusStats(compiled, jobs)) : null;
  return jobs.map((job) => scorePreparedJob(compiled, job, corpus, options));
}

/**
 * Scores postings (or canonical jobs) against one compiled profile. A pure function over plain JSON,
 * so it runs the same on the main thread or in a worker thread (the cpu policy of the runner).
 */
export function scorePostings(
  compiled: CompiledProfile,
  postings: readonly ScorableJob[],
  options: ScoreOptions = {},
): ScoredJob[] {
  return scorePrepared(compiled, prepareJobs(postings, [compiled]), options);
}

/** Scores postings against several profiles, tokenizing each posting once. Keyed by profile id. */
export function scorePostingsForProfiles(
  compiled: readonly CompiledProfile[],
  postings: readonly ScorableJob[],
  options: Omit<ScoreOptions, 'corpus'> & { corpus?: Record<string, CorpusStats> } = {},
): Record<string, ScoredJob[]> {
  const prepared = prepareJobs(postings, compiled);
  const out: Record<string, ScoredJob[]> = {};
  for (const c of compiled) {
    out[c.profile.id] = scorePrepared(c, prepared, { ...options, corpus: options.corpus?.[c.profile.id] });
  }
  return out;
}
