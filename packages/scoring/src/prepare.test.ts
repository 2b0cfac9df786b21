import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalUrl } from './identity.js';
import { excerptOf, jobUrlOf } from './prepare.js';

/** The excerpt as first written: whitespace collapsed one character at a time, then cut. */
function referenceExcerpt(text: string, max = 280): string {
  let out = '';
  let space = false;
  let i = 0;
  for (; i < text.length && out.length <= max; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13) || c === 160) {
      space = out.length > 0;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += text[i];
  }
  if (out.length <= max && i >= text.length) return out;
  const cut = out.lastIndexOf(' ', max);
  let end = cut > max * 0.6 ? cut : max;
  while (end > 0 && ' ,;:.-'.includes(out.charAt(end - 1))) end--;
  return `${out.slice(0, end)}…`;
}

describe('excerptOf matches the reference', () => {
  it.each([
    [''],
    [' '],
    ['word'],
    ['  leading'],
    ['trailing  '],
    ['trailing '],
    ['two  spaces'],
    ['tab\tand\nnewline\u00a0nbsp'],
    [`${'word '.repeat(100)}end`],
    [`${'a'.repeat(300)}`],
    [`${'abc, '.repeat(100)}`],
    [`${'x'.repeat(280)} y`],
    [`${'x'.repeat(279)} y`],
    [`${'x'.repeat(278)} yz`],
  ])('%j', (text) => {
    expect(excerptOf(text)).toBe(referenceExcerpt(text));
    expect(excerptOf(text, 50)).toBe(referenceExcerpt(text, 50));
  });

  it('on random text (seeded)', () => {
    const unit = fc.constantFrom('a', 'b', 'é', ' ', ' ', ' ', '\n', '\t', '\u00a0', ',', '.', '-', ';');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 400 }), fc.integer({ min: 1, max: 300 }), (text, max) => {
        expect(excerptOf(text, max)).toBe(referenceExcerpt(text, max));
      }),
      { seed: 5, numRuns: 3000 },
    );
  });
});

describe('jobUrlOf matches canonicalUrl', () => {
  const reference = (url: string) => canonicalUrl(url, { jobIdKnown: true }) ?? url;

  it.each([
    ['https://boards.example.com/board3/jobs/3'],
    ['https://boards.example.com'],
    ['https://boards.example.com/'],
    ['https://boards.example.com//'],
    ['https://boards.example.com/a/b//'],
    ['https://boards.example.com/a//b'],
    ['https://boards.example.com/a/./b'],
    ['https://boards.example.com/a/../b'],
    ['https://boards.example.com/a/.hidden/..x'],
    ['http://Boards.Example.com/Jobs'],
    ['https://boards.example.com:443/x'],
    ['https://boards.example.com/x?gh_jid=1&utm_source=y'],
    ['https://boards.example.com/x#frag'],
    ['https://xn--nxasmq6b.com/x'],
    ['https://127.0.0.1/x'],
    ['https://0x7f.1/x'],
    ['https://a.b.c9/x'],
    ['https://-.com/x'],
    ['https://a-.b-.com/x'],
    ['https://example.com/a b'],
    ['https://example.com/%41'],
    ['https://example.com/é'],
    [' https://example.com/x '],
    ['ftp://example.com/x'],
    ['not a url'],
  ])('%j', (url) => {
    expect(jobUrlOf(url)).toBe(reference(url));
  });

  it('on random URLs (seeded)', () => {
    const scheme = fc.constantFrom('https://', 'http://', 'HTTPS://', 'ftp://', 'https:/', '');
    const host = fc.array(
      fc.constantFrom(
        'a',
        'b',
        'com',
        'io',
        'x1',
        '0',
        '9',
        '0x',
        '-',
        '.',
        'xn--',
        'X',
        '_',
        '@',
        ':8080',
        ':443',
      ),
      {
        minLength: 1,
        maxLength: 8,
      },
    );
    const path = fc.array(
      fc.constantFrom(
        '/',
        '/',
        'a',
        'B',
        'jobs',
        '1',
        '.',
        '..',
        '~',
        '-',
        '_',
        '%2e',
        '?',
        '#',
        '?a=1',
        ' ',
        '\\',
        'é',
        '\t',
      ),
      { maxLength: 10 },
    );
    fc.assert(
      fc.property(scheme, host, path, (s, h, p) => {
        const url = `${s}${h.join('')}${p.join('')}`;
        expect(jobUrlOf(url)).toBe(reference(url));
      }),
      { seed: 9, numRuns: 5000 },
    );
  });
});
