import { foldText } from './text.js';

/** The words of interest in one text: their token positions (ascending) and vocabulary ids. */
export interface TokenStream {
  /** How many tokens the text has in all (BM25's document length). */
  length: number;
  positions: number[];
  ids: number[];
}

// Tokens are hashed as they are read (FNV-1a over the ASCII-lowercased UTF-16 code units, then mixed),
// so a token is looked up without ever being cut out of the text.
const HASH_SEED = 0x811c9dc5;
const HASH_PRIME = 0x01000193;

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}

/** ASCII lowercase of the characters tokens are made of (A-Z; a-z, 0-9, + and # already have bit 5). */
function lower(code: number): number {
  return code < 128 ? code | 32 : code;
}

function hashOf(term: string): number {
  let h = HASH_SEED;
  for (let k = 0; k < term.length; k++) h = Math.imul(h ^ lower(term.charCodeAt(k)), HASH_PRIME);
  return finish(h);
}

// 1 for A-Z, a-z and 0-9: ASCII is the common case and is read without a lowercased copy (256
// entries, so that a byte always indexes it)
const ASCII_WORD = new Uint8Array(256);
for (let c = 97; c <= 122; c++) ASCII_WORD[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_WORD[c] = 1;
for (let c = 48; c <= 57; c++) ASCII_WORD[c] = 1;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;

/**
 * What a non-ASCII UTF-16 code unit is, worked out on first sight and kept: bit 0 set once known,
 * bit 1 a word character (a letter or digit, as the folded-text tokenizer reads it), bit 2 a plain
 * separator (see `isPlainSeparator`).
 */
const NON_ASCII = new Uint8Array(65536);
const KNOWN = 1;
const WORD = 2;
const SEPARATOR = 4;

function nonAsciiClass(code: number): number {
  let k = NON_ASCII[code]!;
  if (k === 0) {
    const ch = String.fromCharCode(code);
    k = KNOWN | (LETTER_OR_DIGIT.test(ch) ? WORD : 0) | (isPlainSeparator(code, ch) ? SEPARATOR : 0);
    NON_ASCII[code] = k;
  }
  return k;
}

/**
 * True for a character that separates tokens both as it is and once the text is folded, and whose
 * presence changes nothing else: not a surrogate, not a combining mark (folding strips those, which
 * can join the letters around them), without case (lowercasing looks at its neighbours only for
 * cased letters), and folding it gives one or more characters that are neither letters, digits, `+`
 * nor `#` (so "’", "—", "•", "…" or a no-break space; "＋" is not one, it folds to "+"). Text whose
 * only non-ASCII characters are such separators tokenizes exactly as its folded form does.
 */
function isPlainSeparator(code: number, ch: string): boolean {
  if (code >= 0xd800 && code <= 0xdfff) return false;
  if (MARK.test(ch) || LETTER_OR_DIGIT.test(ch)) return false;
  if (ch.toLowerCase() !== ch || ch.toUpperCase() !== ch) return false;
  const folded = foldText(ch);
  if (folded.length === 0) return false;
  for (let k = 0; k < folded.length; k++) {
    const c = folded.charCodeAt(k);
    if (c === 43 || c === 35) return false; // + #
    if (c < 128 ? ASCII_WORD[c] === 1 : LETTER_OR_DIGIT.test(String.fromCharCode(c))) return false;
  }
  return true;
}

function isWordChar(code: number): boolean {
  return code < 128 ? ASCII_WORD[code] === 1 : (nonAsciiClass(code) & WORD) !== 0;
}

const encoder = new TextEncoder();
// the bytes of the ASCII text being read
let bytes = new Uint8Array(8192);
const MAX_KEPT_BYTES = 1 << 20;

// hits of the stream being read, copied out at its end (one text is read at a time)
let scratchIds = new Int32Array(1024);
let scratchPositions = new Int32Array(1024);

function grow(): void {
  const ids = new Int32Array(scratchIds.length * 2);
  ids.set(scratchIds);
  scratchIds = ids;
  const positions = new Int32Array(scratchPositions.length * 2);
  positions.set(scratchPositions);
  scratchPositions = positions;
}

/** Records vocabulary word `id` (none when negative) at token `position`; returns the hit count. */
function addHit(hits: number, id: number, position: number): number {
  if (id < 0) return hits;
  if (hits === scratchIds.length) grow();
  scratchIds[hits] = id;
  scratchPositions[hits] = position;
  return hits + 1;
}

/** The stream of a text just read: plain arrays (small ones live on the heap, unlike typed arrays). */
function result(length: number, hits: number): TokenStream {
  const positions: number[] = new Array(hits);
  const ids: number[] = new Array(hits);
  for (let k = 0; k < hits; k++) {
    positions[k] = scratchPositions[k]!;
    ids[k] = scratchIds[k]!;
  }
  return { length, positions, ids };
}

/**
 * The words a set of profiles can match, with a hash table over them. Streaming text through it
 * finds the words of interest without allocating a string per token: a token's hash is computed as
 * it is read, and a token whose hash is in the table is compared in place. Tokens follow
 * `tokenizeFolded(foldText(text))`.
 */
export class Vocabulary {
  readonly terms: readonly string[];
  /** Per slot: term id + 1, or 0 for an empty slot. */
  private readonly table: Int32Array;
  /** Per slot: the hash of its term. */
  private readonly hashes: Int32Array;
  private readonly mask: number;

  constructor(words: Iterable<string>) {
    const terms = [...new Set(words)].filter((w) => w.length > 0).sort();
    this.terms = terms;
    let size = 64;
    while (size < terms.length * 4) size *= 2;
    this.table = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    terms.forEach((term, id) => {
      const h = hashOf(term);
      let slot = h & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = id + 1;
      this.hashes[slot] = h;
    });
  }

  /** The id of a (folded, single-token) word, or -1. */
  idOf(term: string): number {
    return term.length === 0 ? -1 : this.lookup(term, 0, term.length, hashOf(term));
  }

  private lookup(text: string, start: number, length: number, hash: number): number {
    const { table, hashes, terms, mask } = this;
    let slot = hash & mask;
    for (;;) {
      const entry = table[slot]!;
      if (entry === 0) return -1;
      if (hashes[slot] === hash) {
        const term = terms[entry - 1]!;
        if (term.length === length && sameLowered(text, start, term)) return entry - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Tokenizes `text` (folding it first) and keeps the tokens that are in the vocabulary. */
  stream(text: string): TokenStream {
    // ASCII text, the common case, is read as UTF-8 bytes (copied natively, faster to read than the
    // string); ASCII with plain separators such as curly quotes is read as it is, lowercased per
    // character; any other non-ASCII character sends the whole text through full folding
    return this.streamBytes(text) ?? this.streamAscii(text) ?? this.streamFolded(foldText(text));
  }

  /** `streamAscii` for pure ASCII text, over its bytes; null for any other text. */
  private streamBytes(text: string): TokenStream | null {
    const n = text.length;
    // the buffer is kept for the next text, unless this one is unusually long
    if (bytes.length < n && n <= MAX_KEPT_BYTES) bytes = new Uint8Array(Math.max(n, bytes.length * 2));
    const b = bytes.length < n ? new Uint8Array(n) : bytes;
    const { read, written } = encoder.encodeInto(text, b);
    if (read !== n || written !== n) return null;
    const tokens = scanBytes(b, n, this.table, this.hashes, this.terms, this.mask);
    return result(tokens, scannedHits);
  }

  /** One pass over text that folding would only lowercase; null when it finds any other character. */
  private streamAscii(text: string): TokenStream | null {
    const n = text.length;
    let hits = 0;
    let tokens = 0;
    let i = 0;
    while (i < n) {
      let code = text.charCodeAt(i);
      if (code < 128) {
        if (ASCII_WORD[code] === 0) {
          i++;
          continue;
        }
      } else if ((nonAsciiClass(code) & SEPARATOR) !== 0) {
        i++;
        continue;
      } else {
        return null;
      }
      const start = i;
      let h = Math.imul(HASH_SEED ^ (code | 32), HASH_PRIME);
      i++;
      while (i < n) {
        code = text.charCodeAt(i);
        if (code >= 128 || ASCII_WORD[code] === 0) break;
        h = Math.imul(h ^ (code | 32), HASH_PRIME);
        i++;
      }
      // a non-ASCII character right after the letters is looked at by the outer loop: a plain
      // separator ends the token like any other, anything else means the text needs folding
      while (code === 43 || code === 35) {
        // + #
        h = Math.imul(h ^ code, HASH_PRIME);
        if (++i === n) break;
        code = text.charCodeAt(i);
      }
      hits = addHit(hits, this.lookup(text, start, i - start, finish(h)), tokens);
      tokens++;
    }
    return result(tokens, hits);
  }

  /** The general case: folded text, where letters and digits of any script make tokens. */
  private streamFolded(folded: string): TokenStream {
    const n = folded.length;
    let hits = 0;
    let tokens = 0;
    let i = 0;
    while (i < n) {
      let code = folded.charCodeAt(i);
      if (!isWordChar(code)) {
        i++;
        continue;
      }
      const start = i;
      let h = HASH_SEED;
      do {
        h = Math.imul(h ^ lower(code), HASH_PRIME);
        i++;
        if (i === n) break;
        code = folded.charCodeAt(i);
      } while (isWordChar(code));
      while (i < n && (code === 43 || code === 35)) {
        h = Math.imul(h ^ code, HASH_PRIME);
        i++;
        code = folded.charCodeAt(i);
      }
      hits = addHit(hits, this.lookup(folded, start, i - start, finish(h)), tokens);
      tokens++;
    }
    return result(tokens, hits);
  }
}

/** Hits of the last `scanBytes`. */
let scannedHits = 0;

/**
 * The token loop of `streamBytes`, a plain function over its arguments (V8 compiles it tighter than
 * a method reading the same fields): tokens are counted, hits go to the scratch arrays.
 */
function scanBytes(
  b: Uint8Array,
  n: number,
  table: Int32Array,
  hashes: Int32Array,
  terms: readonly string[],
  mask: number,
): number {
  let hits = 0;
  let tokens = 0;
  let i = 0;
  while (i < n) {
    let code = b[i]!;
    if (ASCII_WORD[code] === 0) {
      i++;
      continue;
    }
    const start = i;
    let h = Math.imul(HASH_SEED ^ (code | 32), HASH_PRIME);
    i++;
    while (i < n) {
      code = b[i]!;
      if (ASCII_WORD[code] === 0) break;
      h = Math.imul(h ^ (code | 32), HASH_PRIME);
      i++;
    }
    while (code === 43 || code === 35) {
      // + #
      h = Math.imul(h ^ code, HASH_PRIME);
      if (++i === n) break;
      code = b[i]!;
    }
    h = finish(h);
    let slot = h & mask;
    let entry = table[slot]!;
    // most tokens are not in the vocabulary and land on an empty slot
    while (entry !== 0) {
      if (hashes[slot] === h) {
        const term = terms[entry - 1]!;
        if (term.length === i - start && sameLoweredBytes(b, start, term)) {
          hits = addHit(hits, entry - 1, tokens);
          break;
        }
      }
      slot = (slot + 1) & mask;
      entry = table[slot]!;
    }
    tokens++;
  }
  scannedHits = hits;
  return tokens;
}

function sameLoweredBytes(b: Uint8Array, start: number, term: string): boolean {
  for (let k = 0; k < term.length; k++) if ((b[start + k]! | 32) !== term.charCodeAt(k)) return false;
  return true;
}

function sameLowered(text: string, start: number, term: string): boolean {
  for (let k = 0; k < term.length; k++)
    if (lower(text.charCodeAt(start + k)) !== term.charCodeAt(k)) return false;
  return true;
}
