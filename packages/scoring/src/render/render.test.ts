import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField } from './csv.js';
import { carefulFragment, stableJson, stableJsonFragment } from './json.js';
import { mdText } from './markdown.js';

describe('stableJson', () => {
  it('writes exactly what the careful reference writer does, for any JSON value and indent (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('', '  ', '    '), (value, indent) => {
        expect(stableJsonFragment(value, indent)).toBe(carefulFragment(value, indent));
      }),
      { seed: 7, numRuns: 2000 },
    );
    // the cases the fast path hands over: index-like keys, own __proto__, toJSON, undefined in arrays
    const odd = [
      { 10: 'a', 2: 'b', x: 1 },
      JSON.parse('{"__proto__": {"a": 1}, "b": 2}'),
      { when: new Date(0), list: [undefined, 1] },
      { nested: { '0': [{ '01': 1, '1': 2 }] } },
    ];
    for (const value of odd) expect(stableJsonFragment(value, '  ')).toBe(carefulFragment(value, '  '));
    expect(stableJson({ 10: 'a', 2: 'b' })).toBe('{\n  "10": "a",\n  "2": "b"\n}\n');
  });

  it('sorts keys at every depth, indents, ends with a newline', () => {
    expect(stableJson({ b: 1, a: { d: [1, { z: 1, y: null }], c: 'x' }, u: undefined })).toBe(
      '{\n  "a": {\n    "c": "x",\n    "d": [\n      1,\n      {\n        "y": null,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
    expect(stableJson({ a: [], b: {} })).toBe('{\n  "a": [],\n  "b": {}\n}\n');
  });
  it('refuses values JSON cannot carry', () => {
    expect(() => stableJson({ a: Number.NaN })).toThrow(/\$\.a/);
    expect(() => stableJson({ a: 1n })).toThrow(/bigint/);
  });
});

describe('csvField (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1 reason, more', `"'+1 reason, more"`],
    ['@cmd', "'@cmd"],
  ])('%j -> %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });
  it('writes numbers and nulls plainly', () => {
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });
});

describe('mdText', () => {
  it('escapes what Markdown would interpret inline and flattens whitespace', () => {
    expect(mdText('C++ *and* [links](x) <b>|</b> `code`\nnext')).toBe(
      'C++ \\*and\\* \\[links\\](x) \\<b\\>\\|\\</b\\> \\`code\\` next',
    );
  });
});
