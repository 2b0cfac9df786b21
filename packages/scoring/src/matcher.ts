import { tokenize } from './text.js';
import { type TokenStream, Vocabulary } from './vocabulary.js';

/** One rule to match: its phrases (the term and its synonyms), and whether inflections count. */
export interface MatchRule {
  id: string;
  phrases: readonly string[];
  /** Also match simple English inflections of each phrase's last word ("manager" -> "managers"). */
  stems?: boolean;
}

/** How often one rule matched a text, where first, and the rule phrase (as written) behind that hit. */
export interface RuleHit {
  id: string;
  count: number;
  /** Token position of the first hit. */
  first: number;
  phrase: string;
}

/** Per rule (by index): hit count, position of the first hit, and the phrase behind it. */
export interface ScanResult {
  counts: Uint32Array;
  first: Int32Array;
  phrases: Array<string | undefined>;
}

/**
 * Inflections of one folded word, for rules that ask for stems. Deliberately conservative: it only
 * adds endings, never removes more than a final "e", "y" or "s", so "intern" never reaches "international".
 */
export function inflections(word: string): string[] {
  const out = new Set<string>([word]);
  if (word.length < 3 || /[^a-z]/.test(word)) return [...out];
  for (const suffix of ['s', 'es', 'ed', 'ing', 'er', 'ers']) out.add(word + suffix);
  if (word.endsWith('e')) {
    const stem = word.slice(0, -1);
    for (const suffix of ['d', 'r', 'rs']) out.add(word + suffix);
    out.add(`${stem}ing`);
  }
  if (/[^aeiou]y$/.test(word)) {
    const stem = word.slice(0, -1);
    out.add(`${stem}ies`);
    out.add(`${stem}ied`);
  }
  if (word.endsWith('s') && word.length > 3 && !word.endsWith('ss')) out.add(word.slice(0, -1));
  return [...out];
}

/** Every token sequence a rule matches: its phrases, with the last word inflected when asked. */
export function ruleVariants(rule: MatchRule): Array<{ tokens: string[]; phrase: string }> {
  const seen = new Set<string>();
  const out: Array<{ tokens: string[]; phrase: string }> = [];
  for (const phrase of rule.phrases) {
    const tokens = tokenize(phrase);
    if (tokens.length === 0) continue;
    const lastWord = tokens[tokens.length - 1]!;
    for (const last of rule.stems ? inflections(lastWord) : [lastWord]) {
      const variant = [...tokens.slice(0, -1), last];
      const key = variant.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ tokens: variant, phrase });
    }
  }
  return out;
}

/**
 * A compiled set of phrase rules. Matching works on whole tokens, never on raw substrings, so a rule
 * only matches whole words and whole phrases: "hr" does not match "threat", "tam" not "tamper".
 * Built once per profile over a vocabulary (its own, or one shared by several profiles).
 */
export class PhraseMatcher {
  readonly ruleIds: readonly string[];
  readonly vocabulary: Vocabulary;
  // The phrases by their first word, flat: the patterns of vocabulary id `w` are `start[w]` up to
  // `start[w + 1]`; pattern `p` belongs to rule `rule[p]`, and the rest of its words are
  // `words[restAt[p]]` up to `words[restAt[p + 1]]`.
  private readonly start: Int32Array;
  private readonly rule: Int32Array;
  private readonly restAt: Int32Array;
  private readonly words: Int32Array;
  private readonly phrase: readonly string[];
  private readonly result: ScanResult;
  private readonly last: Int32Array;

  constructor(rules: readonly MatchRule[], vocabulary?: Vocabulary) {
    this.ruleIds = rules.map((r) => r.id);
    this.result = {
      counts: new Uint32Array(rules.length),
      first: new Int32Array(rules.length),
      phrases: new Array(rules.length),
    };
    this.last = new Int32Array(rules.length);
    const variants = rules.map(ruleVariants);
    this.vocabulary = vocabulary ?? new Vocabulary(variants.flat().flatMap((v) => v.tokens));
    const byFirst: Array<Array<{ rule: number; rest: number[]; phrase: string }>> = Array.from(
      { length: this.vocabulary.terms.length },
      () => [],
    );
    variants.forEach((list, rule) => {
      for (const { tokens, phrase } of list) {
        const ids = tokens.map((t) => this.vocabulary.idOf(t));
        if (ids.some((id) => id < 0)) throw new RangeError(`the vocabulary lacks a word of "${phrase}"`);
        byFirst[ids[0]!]!.push({ rule, rest: ids.slice(1), phrase });
      }
    });
    const patterns = byFirst.flat();
    this.start = new Int32Array(byFirst.length + 1);
    byFirst.forEach((list, id) => {
      this.start[id + 1] = this.start[id]! + list.length;
    });
    this.rule = Int32Array.from(patterns, (p) => p.rule);
    this.restAt = new Int32Array(patterns.length + 1);
    patterns.forEach((p, k) => {
      this.restAt[k + 1] = this.restAt[k]! + p.rest.length;
    });
    this.words = Int32Array.from(patterns.flatMap((p) => p.rest));
    this.phrase = patterns.map((p) => p.phrase);
  }

  /** The index of a rule id in `scan` results, or -1. */
  indexOf(id: string): number {
    return this.ruleIds.indexOf(id);
  }

  /**
   * Counts every occurrence (at most one per rule per start position) in a token stream. Results are
   * indexed like `ruleIds`: the hit count, the first hit's position and the rule phrase behind it.
   * The result is this matcher's own buffer, valid until its next `scan` (the hot path allocates
   * nothing): read it, or copy it, before scanning again.
   */
  scan(stream: TokenStream): ScanResult {
    const { counts, first, phrases } = this.result;
    const { last, start, rule, restAt, words, phrase } = this;
    // (plain loops: a builtin fill costs more than it saves on a few dozen rules)
    for (let r = 0; r < counts.length; r++) {
      counts[r] = 0;
      // one hit per rule per position, even when two of its phrases start there
      last[r] = -1;
    }
    const { positions, ids } = stream;
    const n = ids.length;
    for (let k = 0; k < n; k++) {
      const id = ids[k]!;
      const end = start[id + 1]!;
      let p = start[id]!;
      if (p === end) continue;
      const at = positions[k]!;
      for (; p < end; p++) {
        const r = rule[p]!;
        const from = restAt[p]!;
        const length = restAt[p + 1]! - from;
        if (last[r] === at || k + length >= n) continue;
        let ok = true;
        // the rest of a phrase must be the next tokens of interest, at the very next positions
        for (let j = 0; j < length; j++) {
          if (ids[k + 1 + j] !== words[from + j] || positions[k + 1 + j] !== at + 1 + j) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        if (counts[r] === 0) {
          first[r] = at;
          phrases[r] = phrase[p];
        }
        counts[r]!++;
        last[r] = at;
      }
    }
    return this.result;
  }

  /** Convenience for one-off use: stream `text` through the vocabulary and scan it. */
  match(text: string): RuleHit[] {
    const { counts, first, phrases } = this.scan(this.vocabulary.stream(text));
    const hits: RuleHit[] = [];
    for (let r = 0; r < counts.length; r++) {
      if (counts[r]! > 0)
        hits.push({ id: this.ruleIds[r]!, count: counts[r]!, first: first[r]!, phrase: phrases[r]! });
    }
    return hits;
  }
}
