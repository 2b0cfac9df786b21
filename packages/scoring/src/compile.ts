import { createHash } from 'node:crypto';
import { canonicalJson } from '@jobintel/runner-core';
import { ScoringError, ScoringErrorCode } from './errors.js';
import { type MatchRule, PhraseMatcher, ruleVariants } from './matcher.js';
import { type Profile, type ProfileInput, parseProfile, SENIORITY_LEVELS } from './profile.js';
import { SENIORITY_WORDS } from './seniority.js';
import { normalizePhrase, tokenize } from './text.js';
import { Vocabulary } from './vocabulary.js';

/** The scoring model: bump it whenever the same profile and posting could score differently. */
export const SCORING_MODEL_ID = 'jobintel-lexical-v1';

/**
 * A profile ready for scoring. Plain JSON (it crosses worker-thread boundaries as is); the matchers
 * built from it are cached per object on first use, so a batch compiles them once.
 */
export interface CompiledProfile {
  kind: 'jobintel.compiled-profile';
  modelId: typeof SCORING_MODEL_ID;
  /** sha256 of the canonical JSON of the validated profile and the model id. */
  configHash: string;
  profile: Profile;
  /** Folded, de-duplicated query tokens of the relevance booster. */
  boosterTerms: string[];
}

/** Validates (when given raw input) and compiles a profile. */
export function compileProfile(input: Profile | ProfileInput): CompiledProfile {
  const profile = parseProfile(input);
  const configHash = createHash('sha256')
    .update(canonicalJson({ modelId: SCORING_MODEL_ID, profile }))
    .digest('hex');
  const boosterText =
    profile.booster.text ??
    [
      ...profile.roles.flatMap((r) => [r.pattern, ...r.synonyms]),
      ...profile.skills.flatMap((s) => [s.term, ...s.synonyms]),
      ...profile.mustHaves.flatMap((m) => [m.term, ...m.synonyms]),
    ].join(' ');
  const boosterTerms = [
    ...new Set(tokenize(boosterText).filter((t) => t.length > 1 && !STOPWORDS.has(t))),
  ].sort();
  return { kind: 'jobintel.compiled-profile', modelId: SCORING_MODEL_ID, configHash, profile, boosterTerms };
}

const STOPWORDS = new Set(
  'a an and are as at be by for from has have in is it its of on or our that the their this to was we were will with you your'.split(
    ' ',
  ),
);

/** The matchers of one profile over a vocabulary. Rule ids: `<kind>:<index>`, `seniority:<level>`. */
export interface ProfileRuntime {
  title: PhraseMatcher;
  description: PhraseMatcher;
  /** Vocabulary id -> index into `boosterTerms`, or -1. */
  boosterIndex: Int32Array;
  /** Where each profile rule sits in the title / description scan results (-1: not in that scope). */
  slots: {
    role: Int32Array;
    skill: { title: Int32Array; description: Int32Array };
    must: { title: Int32Array; description: Int32Array };
    negative: { title: Int32Array; description: Int32Array };
    seniority: Record<string, number>;
  };
  /** The contribution rule names of the profile's rules, made once. */
  ruleNames: { role: string[]; skill: string[]; must: string[]; negative: string[] };
  /**
   * Texts of contributions that recur job after job, made once: fixed ones per rule, and the others
   * (by matched role phrase; by skill, hit count and place) as they first occur.
   */
  texts: {
    role: Map<string, string>;
    skill: Array<Array<string | undefined>>;
    must: string[];
    negative: { outweighed: string[]; title: string[]; description: string[] };
    seniority: Record<string, { avoided: string; excluded: string; level: string }>;
    /** `term:tf` of the booster's evidence, by booster term and term frequency (below 1000). */
    booster: Array<Array<string | undefined>>;
  };
  /** The location preferences, folded once. */
  places: { countries: Set<string>; cities: Set<string>; regions: Set<string> };
}

function ruleSets(profile: Profile): { title: MatchRule[]; description: MatchRule[] } {
  const title: MatchRule[] = [];
  const description: MatchRule[] = [];
  const add = (id: string, scope: 'title' | 'description' | 'either', phrases: string[], stems: boolean) => {
    const rule = { id, phrases, stems };
    if (scope !== 'description') title.push(rule);
    if (scope !== 'title') description.push(rule);
  };
  for (const [i, r] of profile.roles.entries())
    add(`role:${i}`, 'title', [r.pattern, ...r.synonyms], r.stems);
  for (const [i, r] of profile.skills.entries()) add(`skill:${i}`, r.scope, [r.term, ...r.synonyms], r.stems);
  for (const [i, r] of profile.mustHaves.entries())
    add(`must:${i}`, r.scope, [r.term, ...r.synonyms], r.stems);
  for (const [i, r] of profile.negatives.entries())
    add(`negative:${i}`, r.scope, [r.term, ...r.synonyms], r.stems);
  for (const level of SENIORITY_LEVELS) add(`seniority:${level}`, 'title', SENIORITY_WORDS[level], false);
  return { title, description };
}

function profileWords(compiled: CompiledProfile): string[] {
  const { title, description } = ruleSets(compiled.profile);
  return [...title, ...description]
    .flatMap(ruleVariants)
    .flatMap((v) => v.tokens)
    .concat(compiled.boosterTerms);
}

const vocabularies = new Map<string, Vocabulary>();
const coverage = new WeakMap<Vocabulary, Set<string>>();
const MAX_CACHED_VOCABULARIES = 32;

/**
 * The shared vocabulary of a set of profiles (cached by their config hashes, so structured clones of
 * the same profiles in a worker thread reuse it).
 */
export function vocabularyFor(profiles: readonly CompiledProfile[]): Vocabulary {
  const hashes = [...new Set(profiles.map((p) => p.configHash))].sort();
  const key = hashes.join(',');
  const cached = vocabularies.get(key);
  if (cached) return cached;
  const vocabulary = new Vocabulary(profiles.flatMap(profileWords));
  if (vocabularies.size >= MAX_CACHED_VOCABULARIES) vocabularies.delete(vocabularies.keys().next().value!);
  vocabularies.set(key, vocabulary);
  coverage.set(vocabulary, new Set(hashes));
  return vocabulary;
}

const runtimes = new WeakMap<Vocabulary, Map<string, ProfileRuntime>>();

/** The profile's matchers over `vocabulary`, built once and cached. */
export function runtimeOf(compiled: CompiledProfile, vocabulary: Vocabulary): ProfileRuntime {
  // scoring asks for the same profile and vocabulary job after job
  if (compiled === lastRuntime.compiled && vocabulary === lastRuntime.vocabulary) return lastRuntime.runtime!;
  const runtime = buildRuntime(compiled, vocabulary);
  lastRuntime = { compiled, vocabulary, runtime };
  return runtime;
}

let lastRuntime: {
  compiled: CompiledProfile | null;
  vocabulary: Vocabulary | null;
  runtime: ProfileRuntime | null;
} = { compiled: null, vocabulary: null, runtime: null };

function buildRuntime(compiled: CompiledProfile, vocabulary: Vocabulary): ProfileRuntime {
  let byHash = runtimes.get(vocabulary);
  const hit = byHash?.get(compiled.configHash);
  if (hit) return hit;
  if (!coverage.get(vocabulary)?.has(compiled.configHash)) {
    throw new ScoringError(
      ScoringErrorCode.InputInvalid,
      `jobs were prepared for other profiles than "${compiled.profile.id}": pass it to prepareJobs`,
    );
  }
  const { title, description } = ruleSets(compiled.profile);
  const boosterIndex = new Int32Array(vocabulary.terms.length).fill(-1);
  compiled.boosterTerms.forEach((term, i) => {
    boosterIndex[vocabulary.idOf(term)] = i;
  });
  const titleMatcher = new PhraseMatcher(title, vocabulary);
  const descriptionMatcher = new PhraseMatcher(description, vocabulary);
  const { profile } = compiled;
  const both = (kind: string, n: number) => ({
    title: Int32Array.from({ length: n }, (_, i) => titleMatcher.indexOf(`${kind}:${i}`)),
    description: Int32Array.from({ length: n }, (_, i) => descriptionMatcher.indexOf(`${kind}:${i}`)),
  });
  const runtime: ProfileRuntime = {
    title: titleMatcher,
    description: descriptionMatcher,
    boosterIndex,
    slots: {
      role: Int32Array.from(profile.roles, (_, i) => titleMatcher.indexOf(`role:${i}`)),
      skill: both('skill', profile.skills.length),
      must: both('must', profile.mustHaves.length),
      negative: both('negative', profile.negatives.length),
      seniority: Object.fromEntries(SENIORITY_LEVELS.map((l) => [l, titleMatcher.indexOf(`seniority:${l}`)])),
    },
    ruleNames: {
      role: profile.roles.map((r) => `role:${r.pattern}`),
      skill: profile.skills.map((r) => `skill:${r.term}`),
      must: profile.mustHaves.map((r) => `must_have:${r.term}`),
      negative: profile.negatives.map((r) => `negative:${r.term}`),
    },
    texts: {
      role: new Map(),
      skill: profile.skills.map(() => []),
      must: profile.mustHaves.map((m) => `missing must-have "${m.term}"`),
      negative: {
        outweighed: profile.negatives.map((n) => `"${n.term}" in title, outweighed by the target role`),
        title: profile.negatives.map((n) => `avoid term "${n.term}" in title`),
        description: profile.negatives.map((n) => `avoid term "${n.term}" in description`),
      },
      seniority: Object.fromEntries(
        SENIORITY_LEVELS.map((l) => [
          l,
          { avoided: `${l} level is avoided`, excluded: `seniority "${l}" is avoided`, level: `${l} level` },
        ]),
      ),
      booster: compiled.boosterTerms.map(() => []),
    },
    places: {
      countries: new Set(profile.locations?.countries.map((c) => c.toUpperCase())),
      cities: new Set(profile.locations?.cities.map(normalizePhrase)),
      regions: new Set(profile.locations?.regions.map(normalizePhrase)),
    },
  };
  if (!byHash) {
    byHash = new Map();
    runtimes.set(vocabulary, byHash);
  }
  byHash.set(compiled.configHash, runtime);
  return runtime;
}
