import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jobPostingSchema, PROVIDERS, type Provider, parseBoard } from '../src/index.js';

/** Arbitrary JSON with the keys adapters look for, so generated payloads reach deep code paths. */
const KEYS = [
  'jobs',
  'id',
  'title',
  'text',
  'name',
  'content',
  'offers',
  'results',
  'departments',
  'location',
  'locations',
  'categories',
  'allLocations',
  'salaryRange',
  'salary',
  'compensation',
  'compensationTiers',
  'components',
  'secondaryLocations',
  'address',
  'postalAddress',
  'offices',
  'metadata',
  'jobAd',
  'sections',
  'shortcode',
  'createdAt',
  'publishedAt',
  'updated_at',
  'totalFound',
  'nextPage',
  'min',
  'max',
  'hidden',
  'jobBoard',
  'jobPostings',
  'pay_input_ranges',
];
const leaf = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('2026-08-05 09:41:37 UTC', '<p>x</p>', '&lt;b&gt;', 'NaN', '-1', '1e999'),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('arr'), tie('obj')),
  arr: fc.array(tie('tree'), { maxLength: 4 }),
  obj: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string()), tie('tree'), { maxKeys: 6 }),
}));
const xmlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<workzag-jobs>',
        '</workzag-jobs>',
        '<position>',
        '</position>',
        '<id>',
        '</id>',
        '<name>',
        '</name>',
        '<![CDATA[',
        ']]>',
        '&amp;',
        '<office>',
        '</office>',
        '<jobDescriptions>',
        '</jobDescriptions>',
      ),
      fc.string(),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

function check(provider: Provider, body: string | Uint8Array): void {
  const result = parseBoard(provider, body, { board: 'prop' });
  expect(Array.isArray(result.postings)).toBe(true);
  for (const p of result.postings) expect(jobPostingSchema.safeParse(p).success).toBe(true);
  for (const w of result.warnings) expect(typeof w.path).toBe('string');
}

describe('no malformed payload crashes a parser', () => {
  for (const provider of PROVIDERS) {
    it(`${provider}: structured garbage`, () => {
      fc.assert(
        fc.property(tree, (v) => {
          check(provider, JSON.stringify(v) ?? 'null');
        }),
        { numRuns: 300, seed: 42 },
      );
    });
    it(`${provider}: arbitrary text and bytes`, () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string(),
            xmlish,
            fc.uint8Array({ maxLength: 200 }).map((b) => new Uint8Array(b)),
          ),
          (body) => {
            check(provider, body);
          },
        ),
        { numRuns: 200, seed: 7 },
      );
    });
  }

  it('gives parse_error with a path for wrong shapes', () => {
    expect(parseBoard('greenhouse', '{"jobs": 3}').warnings[0]).toMatchObject({
      code: 'parse_error',
      path: '$',
    });
    expect(parseBoard('lever', '[1, {"id": "a"}]').warnings.map((w) => w.path)).toEqual(['$[0]', '$[1]']);
    expect(parseBoard('ashby', '{"jobs": [{"id": "a", "title": {}}]}').warnings[0]).toMatchObject({
      code: 'invalid_posting',
      path: '$.jobs[0]',
    });
    expect(parseBoard('recruitee', 'not json').warnings[0]).toMatchObject({ code: 'parse_error', path: '$' });
    expect(parseBoard('personio', '<workzag-jobs><position>').warnings[0]!.code).toBe('parse_error');
    expect(parseBoard('ashby', '<html><body>no data</body></html>').warnings[0]).toMatchObject({
      code: 'parse_error',
      path: '$window.__appData',
    });
  });
});
