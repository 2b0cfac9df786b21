/**
 * Text normalisation shared by profiles and postings, so that a rule and the text it is matched
 * against are folded the same way: NFKD accent folding, lowercase, then tokens of letters and digits.
 */

// Letters NFKD leaves alone but people type without their accent.
const EXTRA_FOLDS: Record<string, string> = {
  ß: 'ss',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const EXTRA_FOLD_RE = /[ßøæœłđðþı]/g;
const COMBINING_MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\x20-\x7e\t\n\r]/;

/** Lowercase and strip accents ("Zürich" -> "zurich", "Ærø" -> "aero"). ASCII text takes a fast path. */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(EXTRA_FOLD_RE, (c) => EXTRA_FOLDS[c] ?? c);
}

function isWordChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 48 && code <= 57) || // 0-9
    (code > 127 && /[\p{L}\p{N}]/u.test(String.fromCharCode(code)))
  );
}

/**
 * Tokens of already folded text: runs of letters and digits, with trailing `+` or `#` kept so that
 * "c++" and "c#" stay distinct from "c". Everything else separates tokens, so "node.js" is
 * ["node", "js"] on both the rule and the posting side.
 */
export function tokenizeFolded(folded: string): string[] {
  const tokens: string[] = [];
  const n = folded.length;
  let i = 0;
  while (i < n) {
    let code = folded.charCodeAt(i);
    if (!isWordChar(code)) {
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < n) {
      code = folded.charCodeAt(i);
      if (!isWordChar(code)) break;
      i++;
    }
    while (i < n) {
      code = folded.charCodeAt(i);
      if (code !== 43 && code !== 35) break; // + #
      i++;
    }
    tokens.push(folded.slice(start, i));
  }
  return tokens;
}

/** Fold then tokenize. */
export function tokenize(text: string): string[] {
  return tokenizeFolded(foldText(text));
}

/** Folded tokens joined by single spaces: the canonical form of a phrase or title. */
export function normalizePhrase(text: string): string {
  return tokenize(text).join(' ');
}
