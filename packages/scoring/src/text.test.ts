import { describe, expect, it } from 'vitest';
import { excerptOf } from './prepare.js';
import { foldText, normalizePhrase, tokenize } from './text.js';
import { Vocabulary } from './vocabulary.js';

describe('text normalisation', () => {
  it('folds accents and case', () => {
    expect(foldText('Zürich Ærø Straße Łódź São Paulo ÉCOLE')).toBe(
      'zurich aero strasse lodz sao paulo ecole',
    );
    expect(foldText('ﬁnance')).toBe('finance'); // NFKD compatibility ligature
  });
  it('tokenizes into letters and digits, keeping c++ and c#', () => {
    expect(tokenize('Node.js, C++ & C# (5+ yrs) — full-stack')).toEqual([
      'node',
      'js',
      'c++',
      'c#',
      '5+',
      'yrs',
      'full',
      'stack',
    ]);
    expect(normalizePhrase('  Customer-Success   MANAGER ')).toBe('customer success manager');
  });
});

describe('Vocabulary.stream', () => {
  const vocab = new Vocabulary(['zurich', 'c++', 'data', 'engineer']);
  const words = (text: string) => {
    const s = vocab.stream(text);
    return { length: s.length, hits: Array.from(s.ids, (id, i) => `${vocab.terms[id]}@${s.positions[i]}`) };
  };
  it('keeps only vocabulary words with their token positions, and counts every token', () => {
    expect(words('Senior Data Engineer, C++ data')).toEqual({
      length: 5,
      hits: ['data@1', 'engineer@2', 'c++@3', 'data@4'],
    });
  });
  it('folds non-ASCII text the same way as rules (slow path)', () => {
    expect(words('Office in ZÜRICH… data')).toEqual({ length: 4, hits: ['zurich@2', 'data@3'] });
    expect(words('Zürich')).toEqual(words('zurich'));
  });
  it('agrees with tokenize on token counts', () => {
    const text = 'We build data-heavy C++ engines in Zürich; 3+ years, node.js.';
    expect(vocab.stream(text).length).toBe(tokenize(text).length);
  });
});

describe('excerptOf', () => {
  it('collapses whitespace and cuts long text at a word boundary', () => {
    expect(excerptOf('  short\n\n text  ')).toBe('short text');
    const long = `${'word '.repeat(100)}end`;
    const cut = excerptOf(long, 50);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(51);
    expect(cut).not.toMatch(/\s…$/);
  });
});
