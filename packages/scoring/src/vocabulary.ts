import { foldText } from './text.js';

/** The words of interest in one text: their token positions (ascending) and vocabulary ids. */
export interface TokenStream {
  /** How many tokens the text has in all (BM25's document length). */
  length: number;
  positions: number[];
  ids: number[];
}

/**
 * The table key of a token: its length and its first, middle and last characters, mixed. Cheap and
 * independent of the token's length, so the tokenizer never keeps a running hash; a collision only
 * costs one in-place comparison.
 */
function keyOf(text: string, start: number, length: number): number {
  let h =
    Math.imul(lower(text.charCodeAt(start)), 0x9e3779b1) ^
    Math.imul(lower(text.charCodeAt(start + (length >> 1))), 0x85ebca77) ^
    Math.imul(lower(text.charCodeAt(start + length - 1)), 0xc2b2ae3d) ^
    Math.imul(length, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

// 1 for A-Z, a-z and 0-9: ASCII is the common case and is read without a lowercased copy
const ASCII_WORD = new Uint8Array(128);
for (let c = 97; c <= 122; c++) ASCII_WORD[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_WORD[c] = 1;
for (let c = 48; c <= 57; c++) ASCII_WORD[c] = 1;

/** ASCII lowercase of the characters tokens are made of (A-Z; a-z, 0-9, + and # already have bit 5). */
function lower(code: number): number {
  return code < 128 ? code | 32 : code;
}
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function sameLowered(text: string, start: number, term: string): boolean {
  for (let k = 0; k < term.length; k++)
    if (lower(text.charCodeAt(start + k)) !== term.charCodeAt(k)) return false;
  return true;
}

function isWordChar(code: number): boolean {
  return code < 128 ? ASCII_WORD[code] === 1 : LETTER_OR_DIGIT.test(String.fromCharCode(code));
}

/**
 * The words a set of profiles can match, with a hash table over them. Streaming folded text through
 * it finds the words of interest without allocating a string per token: a token is looked up by a key
 * of a few of its characters and compared in place. Tokens follow `tokenizeFolded`.
 */
export class Vocabulary {
  readonly terms: readonly string[];
  private readonly table: Int32Array;
  private readonly mask: number;

  constructor(words: Iterable<string>) {
    const terms = [...new Set(words)].filter((w) => w.length > 0).sort();
    this.terms = terms;
    let size = 64;
    while (size < terms.length * 4) size *= 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
    terms.forEach((term, id) => {
      let slot = keyOf(term, 0, term.length) & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = id + 1;
    });
  }

  /** The id of a (folded, single-token) word, or -1. */
  idOf(term: string): number {
    return term.length === 0 ? -1 : this.lookup(term, 0, term.length, keyOf(term, 0, term.length));
  }

  private lookup(text: string, start: number, length: number, hash: number): number {
    let slot = hash & this.mask;
    for (;;) {
      const entry = this.table[slot]!;
      if (entry === 0) return -1;
      const term = this.terms[entry - 1]!;
      if (term.length === length && sameLowered(text, start, term)) return entry - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Tokenizes `text` (folding it first) and keeps the tokens that are in the vocabulary. */
  stream(text: string): TokenStream {
    // ASCII text is read as it is, lowercased per character; the first non-ASCII character sends it
    // through full folding
    return this.streamText(text, true) ?? (this.streamText(foldText(text), false) as TokenStream);
  }

  private streamText(folded: string, asciiOnly: boolean): TokenStream | null {
    const n = folded.length;
    const positions: number[] = [];
    const ids: number[] = [];
    let tokens = 0;
    let i = 0;
    while (i < n) {
      let code = folded.charCodeAt(i);
      if (code >= 128 && asciiOnly) return null;
      if (!isWordChar(code)) {
        i++;
        continue;
      }
      const start = i;
      i++;
      while (i < n) {
        code = folded.charCodeAt(i);
        if (code >= 128 && asciiOnly) return null;
        if (!isWordChar(code)) break;
        i++;
      }
      while (i < n) {
        code = folded.charCodeAt(i);
        if (code !== 43 && code !== 35) break; // + #
        i++;
      }
      const length = i - start;
      const id = this.lookup(folded, start, length, keyOf(folded, start, length));
      if (id >= 0) {
        ids.push(id);
        positions.push(tokens);
      }
      tokens++;
    }
    return { length: tokens, positions, ids };
  }
}
