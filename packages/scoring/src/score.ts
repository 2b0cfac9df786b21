import type { Compensation } from '@jobintel/providers';
import { buildCorpusStats, type CorpusStats, lexicalBoost } from './booster.js';
import { type CompiledProfile, runtimeOf } from './compile.js';
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
  return `${sign(c.points)} ${c.detail}`;
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
  const { slots } = runtime;
  const inTitleAt = (slot: number) => (slot < 0 ? 0 : title.counts[slot]!);
  const inDescriptionAt = (slot: number) => (slot < 0 ? 0 : description.counts[slot]!);
  const acc: Acc = { contributions: [], risks: [], excluded: null };
  const found = (where: { title: Int32Array; description: Int32Array }, i: number) =>
    inTitleAt(where.title[i]!) + inDescriptionAt(where.description[i]!);

  // roles: the best-weighted target role in the title counts, once
  let bestRole = -1;
  profile.roles.forEach((r, i) => {
    if (inTitleAt(slots.role[i]!) > 0 && (bestRole < 0 || r.weight > profile.roles[bestRole]!.weight))
      bestRole = i;
  });
  if (bestRole >= 0) {
    const r = profile.roles[bestRole]!;
    const slot = slots.role[bestRole]!;
    const hit = { count: title.counts[slot]!, phrase: title.phrases[slot]! };
    add(acc, {
      rule: `role:${r.pattern}`,
      kind: 'role',
      hits: hit.count,
      points: r.weight,
      detail: `title matches role "${hit.phrase}"`,
    });
  } else {
    acc.risks.push('title matches no target role');
  }

  profile.skills.forEach((s, i) => {
    const hits = found(slots.skill, i);
    if (hits === 0) return;
    const points = Math.min(hits * s.weight, s.cap ?? s.weight);
    const where = inTitleAt(slots.skill.title[i]!) > 0 ? 'title' : 'description';
    add(acc, {
      rule: `skill:${s.term}`,
      kind: 'skill',
      hits,
      points,
      detail: `"${s.term}" in ${where}${hits > 1 ? ` (${hits}x)` : ''}`,
    });
  });

  const missing: string[] = [];
  profile.mustHaves.forEach((m, i) => {
    if (found(slots.must, i) > 0) return;
    missing.push(m.term);
    add(acc, {
      rule: `must_have:${m.term}`,
      kind: 'must_have',
      hits: 0,
      points: -profile.mustHavePenalty,
      detail: `missing must-have "${m.term}"`,
    });
  });

  profile.negatives.forEach((n, i) => {
    const inTitle = inTitleAt(slots.negative.title[i]!);
    const inDescription = inDescriptionAt(slots.negative.description[i]!);
    // a target role in the title wins over an avoid word there ("Technical Program Manager"), but
    // not over a knock-out term ("Program Manager Intern") unless the profile says so
    const titleHits = (n.yieldToRoles ?? !n.exclude) && bestRole >= 0 ? 0 : inTitle;
    const hits = titleHits + inDescription;
    if (hits === 0) {
      if (inTitle > 0)
        add(acc, {
          rule: `negative:${n.term}`,
          kind: 'negative',
          hits: inTitle,
          points: 0,
          detail: `"${n.term}" in title, outweighed by the target role`,
        });
      return;
    }
    if (n.exclude) {
      acc.excluded ??= `avoid term "${n.term}" in ${titleHits > 0 ? 'title' : 'description'}`;
      return;
    }
    add(acc, {
      rule: `negative:${n.term}`,
      kind: 'negative',
      hits,
      points: -n.weight,
      detail: `avoid term "${n.term}" in ${titleHits > 0 ? 'title' : 'description'}`,
    });
  });

  const sen = profile.seniority;
  const levels: string[] = [];
  for (const level of sen.avoid) {
    if (inTitleAt(slots.seniority[level]!) === 0) continue;
    if (sen.excludeAvoided) acc.excluded ??= `seniority "${level}" is avoided`;
    else
      add(acc, {
        rule: `seniority:${level}`,
        kind: 'seniority',
        hits: 1,
        points: -sen.penalty,
        detail: `${level} level is avoided`,
      });
    levels.push(level);
  }
  const preferred = sen.prefer.find((level) => inTitleAt(slots.seniority[level]!) > 0);
  if (preferred && levels.length === 0) {
    add(acc, {
      rule: `seniority:${preferred}`,
      kind: 'seniority',
      hits: 1,
      points: sen.bonus,
      detail: `${preferred} level`,
    });
  }

  if (profile.locations) scoreLocation(acc, profile.locations, runtime.places, job);
  if (profile.compensation) scoreCompensation(acc, profile.compensation, job.compensation);
  if (profile.freshness) scoreFreshness(acc, profile.freshness, job, options.asOf);
  if (job.descriptionStream.length === 0) acc.risks.push('no description: scored on the title only');

  if (corpus !== null) {
    const boost = lexicalBoost(compiled, job, corpus, profile.booster.maxPoints);
    if (boost !== null && boost.points > 0) {
      const terms = boost.terms.map((t) => `${t.term}:${t.tf}`).join(', ');
      add(acc, {
        rule: 'booster:bm25',
        kind: 'booster',
        hits: boost.terms.length,
        points: boost.points,
        detail: `text similarity (bm25 ${boost.bm25}: ${terms})`,
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

  const totalCents = acc.contributions.reduce((sum, c) => sum + Math.round(c.points * 100), 0);
  const rawScore = totalCents / 100;
  // clamp to 0..100, then round half up to an integer (exact: the total is whole hundredths)
  const score =
    acc.excluded !== null ? 0 : Math.min(100, Math.max(0, Math.floor((Math.max(0, totalCents) + 50) / 100)));
  const contributions = acc.contributions.sort(
    (a, b) => b.points - a.points || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
  const positive = contributions.filter((c) => c.points > 0);
  // the largest penalty first
  const negative = contributions.filter((c) => c.points < 0).reverse();
  const risks = [...negative.map(describe), ...acc.risks];
  if (acc.excluded !== null) risks.unshift(`excluded: ${acc.excluded}`);
  return {
    id: job.id,
    profileId: profile.id,
    title: job.title,
    company: job.company,
    team: job.team,
    department: job.department,
    locations: [...job.locationLabels],
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
    duplicates: [...job.duplicates],
    contributions,
    explanation: {
      topReasons: positive.slice(0, 3).map(describe),
      fitSignals: positive.map((c) => c.detail),
      riskSignals: risks,
      missingMustHaves: missing,
    },
  };
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
