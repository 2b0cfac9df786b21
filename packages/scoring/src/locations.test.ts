import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatLocation, inCountries, normalizeLocation, normalizePostingLocations } from './locations.js';

// [raw, expected places as "city|region|country|remote" joined by " ; "]
const TABLE: Array<[string, string]> = [
  ['San Francisco', 'San Francisco|CA|US|0'],
  ['San Francisco, CA', 'San Francisco|CA|US|0'],
  ['Seattle', 'Seattle|WA|US|0'],
  ['Seattle, WA', 'Seattle|WA|US|0'],
  ['New York City', 'New York|NY|US|0'],
  ['NYC', 'New York|NY|US|0'],
  ['New York, NY', 'New York|NY|US|0'],
  ['New York, NY (HQ)', 'New York|NY|US|0'],
  ['New York, New York', 'New York|NY|US|0'],
  ['Remote - US', '-|-|US|1'],
  ['Remote: United States', '-|-|US|1'],
  ['Remote (US)', '-|-|US|1'],
  ['Remote U.S.', '-|-|US|1'],
  ['United States - Remote', '-|-|US|1'],
  ['US-Remote', '-|-|US|1'],
  ['USA', '-|-|US|0'],
  ['Remote', '-|-|-|1'],
  ['Remote job', '-|-|-|1'],
  ['Anywhere', '-|-|-|1'],
  ['Bangalore, India - Remote', 'Bangalore|-|IN|1'],
  ['Bengaluru, Karnataka, India', 'Bangalore|Karnataka|IN|0'],
  ['Zürich', 'Zurich|-|CH|0'],
  ['Zürich, Switzerland', 'Zurich|-|CH|0'],
  ['München, Germany', 'Munich|-|DE|0'],
  ['Berlin, Berlin, Germany', 'Berlin|-|DE|0'],
  ['London, England, United Kingdom', 'London|-|GB|0'],
  ['London, UK', 'London|-|GB|0'],
  ['Toronto, Ontario', 'Toronto|ON|CA|0'],
  ['Toronto, ON, Canada', 'Toronto|ON|CA|0'],
  ['Remote (Canada)', '-|-|CA|1'],
  ['Remote: Canada', '-|-|CA|1'],
  ['Remote - US or Canada', '-|-|US|1 ; -|-|CA|1'],
  ['Arlington, TX', 'Arlington|TX|US|0'],
  ['Atlanta, Georgia', 'Atlanta|GA|US|0'],
  ['Washington, D.C.', 'Washington|DC|US|0'],
  ['Chicago, Illinois, United States', 'Chicago|IL|US|0'],
  ['Bombay, MH', 'Mumbai|MH|IN|0'],
  ['Portugal - Lisbon', 'Lisbon|-|PT|0'],
  ['Spain - Barcelona', 'Barcelona|-|ES|0'],
  ['Singapore, Singapore - Remote', '-|-|SG|1'],
  ['Remote-India (PEO)', '-|-|IN|1'],
  ['Tokyo, Japan', 'Tokyo|-|JP|0'],
  ['Seoul, South Korea', 'Seoul|-|KR|0'],
  ['Europe', '-|Europe|-|0'],
  ['Remote - EMEA', '-|EMEA|-|1'],
  ['Austin, Texas', 'Austin|TX|US|0'],
  ['Boulder, CO', 'Boulder|CO|US|0'],
  ['Portland, ME', 'Portland|ME|US|0'],
  ['Winston-Salem, NC', 'Winston-Salem|NC|US|0'],
  ['Hybrid - Amsterdam', 'Amsterdam|-|NL|0'],
  ['SF, NYC, SEA, CHI', 'San Francisco|CA|US|0 ; New York|NY|US|0 ; Seattle|WA|US|0 ; Chicago|IL|US|0'],
  ['Berlin; London; Munich; Paris', 'Berlin|-|DE|0 ; London|-|GB|0 ; Munich|-|DE|0 ; Paris|-|FR|0'],
  ['San Francisco, CA; New York, NY', 'San Francisco|CA|US|0 ; New York|NY|US|0'],
  [
    'US-Remote, US-San Francisco, US-Chicago, US-Texas',
    '-|-|US|1 ; San Francisco|CA|US|0 ; Chicago|IL|US|0 ; -|TX|US|0',
  ],
  ['Seattle, WA or Remote', 'Seattle|WA|US|0 ; -|-|-|1'],
  ['São Paulo, Brazil', 'Sao Paulo|-|BR|0'],
  ['Kraków, Poland', 'Krakow|-|PL|0'],
  ['Dublin, Ireland', 'Dublin|-|IE|0'],
  ['Tel Aviv-Yafo, Israel', 'Tel Aviv|-|IL|0'],
  ['Mexico City, CDMX, Mexico', 'Mexico City|-|MX|0'],
];

const show = (raw: string) =>
  normalizeLocation(raw)
    .map((l) => `${l.city ?? '-'}|${l.region ?? '-'}|${l.country ?? '-'}|${l.remote ? 1 : 0}`)
    .join(' ; ');

describe('normalizeLocation', () => {
  it('has a table of at least 40 real location strings', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
  });
  it.each(TABLE)('%s', (raw, expected) => {
    expect(show(raw)).toBe(expected);
  });
});

describe('inCountries', () => {
  const us = (raw: string) => inCountries(normalizeLocation(raw), ['US']);
  it.each([
    'San Francisco',
    'Seattle',
    'New York City',
    'NYC',
    'Remote - US',
    'Austin, Texas',
    'Washington, D.C.',
  ])('keeps %s as US', (raw) => expect(us(raw)).toBe(true));
  it.each(['London, UK', 'Zürich', 'Bangalore, India - Remote', 'Toronto, Ontario', 'Remote - EMEA'])(
    'drops %s',
    (raw) => expect(us(raw)).toBe(false),
  );
  it('keeps remote places of unknown country unless told otherwise', () => {
    expect(us('Remote')).toBe(true);
    expect(inCountries(normalizeLocation('Remote'), ['US'], { remoteUnknownCountryOk: false })).toBe(false);
  });
  it('keeps a multi-location posting when one place is inside', () => {
    expect(us('Berlin; London; New York')).toBe(true);
  });
});

describe('normalizePostingLocations', () => {
  it('keeps what the provider knew and fills gaps from the text, sorted and de-duplicated', () => {
    const out = normalizePostingLocations([
      { raw: 'Seattle', city: null, region: null, country: null, remote: false },
      { raw: 'Zürich', city: 'Zürich', region: null, country: 'CH', remote: false },
      { raw: 'Seattle', city: null, region: null, country: null, remote: false },
    ]);
    expect(out.map(formatLocation)).toEqual(['Zürich, CH', 'Seattle, WA, US']);
  });
});

const fixtures = new URL('../../../../shared/fixtures/boards/', import.meta.url);
describe.skipIf(!existsSync(fixtures))('real board location strings (../shared/fixtures)', () => {
  it('normalise without losing a known US city to an empty country', () => {
    const strings = new Set<string>();
    const walk = (v: unknown, key = ''): void => {
      if (Array.isArray(v)) for (const x of v) walk(x, key);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
      else if (typeof v === 'string' && (key === 'location' || key === 'locationName')) strings.add(v);
    };
    for (const dir of ['greenhouse', 'lever', 'ashby']) {
      const path = new URL(`${dir}/`, fixtures);
      if (!existsSync(path)) continue;
      for (const f of readdirSync(path).filter((n) => n.endsWith('.json'))) {
        try {
          walk(JSON.parse(readFileSync(new URL(f, path), 'utf8')));
        } catch {
          // a fixture that is not JSON is not a location source
        }
      }
    }
    expect(strings.size).toBeGreaterThan(10);
    for (const raw of strings) {
      const locs = normalizeLocation(raw);
      expect(locs.length).toBeGreaterThan(0);
      for (const city of ['San Francisco', 'Seattle', 'New York', 'Chicago', 'Miami']) {
        if (raw.startsWith(city)) expect(locs[0]!.country, raw).toBe('US');
      }
    }
  });
});

describe('formatLocation', () => {
  it('joins the places that are there with ", " (every combination of null, empty and named)', () => {
    const values = [null, '', 'X'] as const;
    for (const city of values)
      for (const region of values)
        for (const country of values)
          for (const remote of [false, true]) {
            const l = { raw: ' raw ', city, region, country, remote };
            const place = [city, region, country].filter((x) => x !== null).join(', ');
            const expected = remote ? (place ? `Remote (${place})` : 'Remote') : place || l.raw;
            expect(formatLocation(l)).toBe(expected);
          }
  });
});
