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

interface Pattern {
  rule: number;
  rest: Int32Array;
  phrase: string;
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
  private readonly byFirst: Array<Pattern[] | undefined>;
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
    this.byFirst = new Array(this.vocabulary.terms.length);
    variants.forEach((list, rule) => {
      for (const { tokens, phrase } of list) {
        const ids = tokens.map((t) => this.vocabulary.idOf(t));
        if (ids.some((id) => id < 0)) throw new RangeError(`the vocabulary lacks a word of "${phrase}"`);
        const head = ids[0]!;
        const list = this.byFirst[head] ?? [];
        list.push({ rule, rest: Int32Array.from(ids.slice(1)), phrase });
        this.byFirst[head] = list;
      }
    });
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
    const last = this.last;
    counts.fill(0);
    // one hit per rule per position, even when two of its phrases start there
    last.fill(-1);
    const { positions, ids } = stream;
    const n = ids.length;
    for (let k = 0; k < n; k++) {
      const patterns = this.byFirst[ids[k]!];
      if (patterns === undefined) continue;
      const at = positions[k]!;
      for (const p of patterns) {
        const rest = p.rest;
        if (last[p.rule] === at || k + rest.length >= n) continue;
        let ok = true;
        // the rest of a phrase must be the next tokens of interest, at the very next positions
        for (let j = 0; j < rest.length; j++) {
          if (ids[k + 1 + j] !== rest[j] || positions[k + 1 + j] !== at + 1 + j) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        if (counts[p.rule] === 0) {
          first[p.rule] = at;
          phrases[p.rule] = p.phrase;
        }
        counts[p.rule]!++;
        last[p.rule] = at;
      }
    }
    return { counts, first, phrases };
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
