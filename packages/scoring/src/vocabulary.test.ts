import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText, tokenize } from './text.js';
import { Vocabulary } from './vocabulary.js';

/**
 * The reference the streaming tokenizer must agree with: fold the whole text, cut it into tokens
 * (runs of letters and digits, ASCII or not, with trailing `+`/`#`), lowercase ASCII, and keep the
 * tokens that are vocabulary words, by position. Written for clarity, one substring per token.
 */
function referenceStream(vocab: Vocabulary, text: string): { length: number; hits: string[] } {
  const ids = new Map(vocab.terms.map((t, i) => [t, i]));
  const folded = foldText(text);
  const word = (c: string) => /[A-Za-z0-9]/.test(c) || (c.charCodeAt(0) > 127 && /[\p{L}\p{N}]/u.test(c));
  const hits: string[] = [];
  let length = 0;
  let i = 0;
  while (i < folded.length) {
    if (!word(folded[i]!)) {
      i++;
      continue;
    }
    const start = i;
    while (i < folded.length && word(folded[i]!)) i++;
    while (i < folded.length && (folded[i] === '+' || folded[i] === '#')) i++;
    const token = folded.slice(start, i).replace(/[A-Z]/g, (c) => c.toLowerCase());
    const id = ids.get(token);
    if (id !== undefined) hits.push(`${vocab.terms[id]}@${length}`);
    length++;
  }
  return { length, hits };
}

function streamed(vocab: Vocabulary, text: string): { length: number; hits: string[] } {
  const s = vocab.stream(text);
  expect(s.ids.length).toBe(s.positions.length);
  return { length: s.length, hits: Array.from(s.ids, (id, k) => `${vocab.terms[id]}@${s.positions[k]}`) };
}

const TERMS = [
  'c',
  'c++',
  'c#',
  'node',
  'js',
  'go',
  'hr',
  'intern',
  'data',
  'engineer',
  '5+',
  '2024',
  'zurich',
  'strasse',
  'aero',
  'sao',
  'paulo',
  'ecole',
  'finance',
  '東京',
  'москва',
  'a',
  'x1',
];
const vocab = new Vocabulary(TERMS);

// pieces that random text is made of: vocabulary words in several casings, near misses, ASCII
// punctuation and separators, plain non-ASCII separators, and characters that need folding
const PIECES = [
  ...TERMS,
  'C++',
  'C#',
  'Node.js',
  'NODE',
  'Go',
  'HR',
  'Threat',
  'International',
  'intern',
  'Data',
  'ENGINEER',
  'c+++',
  '#',
  '+',
  '++c',
  'x1y',
  '5+ yrs',
  ' ',
  '  ',
  '\n',
  '\t',
  '.',
  ',',
  '-',
  '/',
  '(',
  ')',
  '_',
  '@',
  '\u00a0',
  '’',
  '“',
  '”',
  '—',
  '–',
  '•',
  '…',
  '€',
  '©',
  '\u200b',
  'Zürich',
  'ZÜRICH',
  'Straße',
  'Ærø',
  'São',
  'ÉCOLE',
  'ﬁnance',
  'e\u0301',
  '\u0301',
  '＋',
  '＃',
  '½',
  '²',
  'ǅ',
  'İ',
  'ΟΔΟΣ',
  'Σ',
  '東京',
  'Москва',
  '𝐀',
  '😀',
  '\ud800',
];

describe('Vocabulary.stream agrees with the reference tokenizer', () => {
  it.each([
    [''],
    ['   '],
    ['.,;--//'],
    ['c++'],
    ['C#'],
    ['c+++ c## c+#'],
    ['node.js'],
    ['Node.js, C++ & C# (5+ yrs) — full-stack'],
    ['HR vs Threat, intern vs International'],
    ['x1 X1 x1y 2024 2024x'],
    ['Office in ZÜRICH… data'],
    ['Zürich Ærø Straße Łódź São Paulo ÉCOLE ﬁnance'],
    ['it’s “data” — engineer… •c++'],
    ['data\u00a0engineer'],
    ['da\u0301ta engineer'],
    ['c＋＋ c＃'],
    ['東京 data Москва'],
    ['ΟΔΟΣ.Α data'],
    ['𝐀 data'],
    ['c++'.repeat(3000)],
    [`${'word '.repeat(3000)}data`],
  ])('%j', (text) => {
    expect(streamed(vocab, text)).toEqual(referenceStream(vocab, text));
  });

  it('on random text (seeded)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        expect(streamed(vocab, text)).toEqual(referenceStream(vocab, text));
      }),
      { seed: 20261129, numRuns: 2000 },
    );
  });

  it('on random ASCII text (seeded)', () => {
    const ascii = fc.string({ unit: fc.constantFrom(...'abcgjnosCGJNO+#.1245 \n-,'), maxLength: 200 });
    fc.assert(
      fc.property(ascii, (text) => {
        expect(streamed(vocab, text)).toEqual(referenceStream(vocab, text));
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('on random Unicode text (seeded)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        expect(streamed(vocab, text)).toEqual(referenceStream(vocab, text));
      }),
      { seed: 11, numRuns: 2000 },
    );
  });

  it('counts the same tokens as tokenize, the rule side', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES.filter((p) => p !== '𝐀')), { maxLength: 40 }),
        (pieces) => {
          const text = pieces.join(' ');
          const tokens = tokenize(text);
          expect(vocab.stream(text).length).toBe(tokens.length);
          expect(streamed(vocab, text).hits).toEqual(
            tokens.flatMap((t, k) => (vocab.idOf(t) >= 0 ? [`${t}@${k}`] : [])),
          );
        },
      ),
      { seed: 3, numRuns: 500 },
    );
  });

  it('is not thrown off by a long text, nor by one text after another', () => {
    const long = `${'data engineer, '.repeat(20_000)}c++`;
    const s = vocab.stream(long);
    expect(s.length).toBe(40_001);
    expect(s.ids.length).toBe(40_001);
    expect(vocab.terms[s.ids[40_000]!]).toBe('c++');
    expect(streamed(vocab, 'data')).toEqual({ length: 1, hits: ['data@0'] });
  });

  it('looks words up whatever the hash table holds', () => {
    const big = new Vocabulary(Array.from({ length: 5000 }, (_, i) => `w${i}`));
    expect(big.idOf('w4999')).toBe(big.terms.indexOf('w4999'));
    expect(big.idOf('w5000')).toBe(-1);
    expect(streamed(big, 'W17 w5000 w0.')).toEqual({ length: 3, hits: ['w17@0', 'w0@2'] });
  });
});
