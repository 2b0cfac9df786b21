import type { PostingLocation } from './posting.js';

/**
 * Modest location normalisation for postings: city / region / ISO country from the board's text and
 * structured hints. Scoring does its own deeper matching; this only fills what is unambiguous.
 */

const COUNTRIES: Record<string, string> = {
  'united states': 'US',
  'united states of america': 'US',
  usa: 'US',
  us: 'US',
  'u.s.': 'US',
  'u.s': 'US',
  america: 'US',
  canada: 'CA',
  mexico: 'MX',
  brazil: 'BR',
  argentina: 'AR',
  colombia: 'CO',
  chile: 'CL',
  'united kingdom': 'GB',
  uk: 'GB',
  gbr: 'GB',
  england: 'GB',
  scotland: 'GB',
  'great britain': 'GB',
  ireland: 'IE',
  germany: 'DE',
  deutschland: 'DE',
  deu: 'DE',
  france: 'FR',
  fra: 'FR',
  spain: 'ES',
  esp: 'ES',
  portugal: 'PT',
  italy: 'IT',
  netherlands: 'NL',
  'the netherlands': 'NL',
  nld: 'NL',
  belgium: 'BE',
  switzerland: 'CH',
  austria: 'AT',
  sweden: 'SE',
  norway: 'NO',
  denmark: 'DK',
  finland: 'FI',
  poland: 'PL',
  'czech republic': 'CZ',
  czechia: 'CZ',
  romania: 'RO',
  greece: 'GR',
  estonia: 'EE',
  lithuania: 'LT',
  ukraine: 'UA',
  israel: 'IL',
  'united arab emirates': 'AE',
  uae: 'AE',
  india: 'IN',
  ind: 'IN',
  singapore: 'SG',
  japan: 'JP',
  australia: 'AU',
  aus: 'AU',
  'new zealand': 'NZ',
  china: 'CN',
  'hong kong': 'HK',
  'south korea': 'KR',
  korea: 'KR',
  philippines: 'PH',
  'south africa': 'ZA',
  nigeria: 'NG',
  kenya: 'KE',
  egypt: 'EG',
  turkey: 'TR',
  türkiye: 'TR',
  can: 'CA',
};

const US_STATES: Record<string, string> = {
  AL: 'alabama',
  AK: 'alaska',
  AZ: 'arizona',
  AR: 'arkansas',
  CA: 'california',
  CO: 'colorado',
  CT: 'connecticut',
  DE: 'delaware',
  DC: 'district of columbia',
  FL: 'florida',
  GA: 'georgia',
  HI: 'hawaii',
  ID: 'idaho',
  IL: 'illinois',
  IN: 'indiana',
  IA: 'iowa',
  KS: 'kansas',
  KY: 'kentucky',
  LA: 'louisiana',
  ME: 'maine',
  MD: 'maryland',
  MA: 'massachusetts',
  MI: 'michigan',
  MN: 'minnesota',
  MS: 'mississippi',
  MO: 'missouri',
  MT: 'montana',
  NE: 'nebraska',
  NV: 'nevada',
  NH: 'new hampshire',
  NJ: 'new jersey',
  NM: 'new mexico',
  NY: 'new york',
  NC: 'north carolina',
  ND: 'north dakota',
  OH: 'ohio',
  OK: 'oklahoma',
  OR: 'oregon',
  PA: 'pennsylvania',
  RI: 'rhode island',
  SC: 'south carolina',
  SD: 'south dakota',
  TN: 'tennessee',
  TX: 'texas',
  UT: 'utah',
  VT: 'vermont',
  VA: 'virginia',
  WA: 'washington',
  WV: 'west virginia',
  WI: 'wisconsin',
  WY: 'wyoming',
};
const CA_PROVINCES: Record<string, string> = {
  ON: 'ontario',
  QC: 'quebec',
  BC: 'british columbia',
  AB: 'alberta',
  MB: 'manitoba',
  SK: 'saskatchewan',
  NS: 'nova scotia',
  NB: 'new brunswick',
  NL: 'newfoundland and labrador',
  PE: 'prince edward island',
};
const US_STATE_BY_NAME = invert(US_STATES);
const CA_PROVINCE_BY_NAME = invert(CA_PROVINCES);

/** Cities common on job boards that are often given without a region or country. */
const CITIES: Record<string, { city: string; region: string | null; country: string }> = {
  'san francisco': { city: 'San Francisco', region: 'CA', country: 'US' },
  sf: { city: 'San Francisco', region: 'CA', country: 'US' },
  'bay area': { city: 'San Francisco', region: 'CA', country: 'US' },
  'los angeles': { city: 'Los Angeles', region: 'CA', country: 'US' },
  'san jose': { city: 'San Jose', region: 'CA', country: 'US' },
  'san diego': { city: 'San Diego', region: 'CA', country: 'US' },
  'palo alto': { city: 'Palo Alto', region: 'CA', country: 'US' },
  'mountain view': { city: 'Mountain View', region: 'CA', country: 'US' },
  'new york': { city: 'New York', region: 'NY', country: 'US' },
  'new york city': { city: 'New York', region: 'NY', country: 'US' },
  nyc: { city: 'New York', region: 'NY', country: 'US' },
  seattle: { city: 'Seattle', region: 'WA', country: 'US' },
  boston: { city: 'Boston', region: 'MA', country: 'US' },
  chicago: { city: 'Chicago', region: 'IL', country: 'US' },
  austin: { city: 'Austin', region: 'TX', country: 'US' },
  denver: { city: 'Denver', region: 'CO', country: 'US' },
  atlanta: { city: 'Atlanta', region: 'GA', country: 'US' },
  miami: { city: 'Miami', region: 'FL', country: 'US' },
  washington: { city: 'Washington', region: 'DC', country: 'US' },
  'washington dc': { city: 'Washington', region: 'DC', country: 'US' },
  'washington, d.c.': { city: 'Washington', region: 'DC', country: 'US' },
  toronto: { city: 'Toronto', region: 'ON', country: 'CA' },
  vancouver: { city: 'Vancouver', region: 'BC', country: 'CA' },
  montreal: { city: 'Montreal', region: 'QC', country: 'CA' },
  london: { city: 'London', region: null, country: 'GB' },
  dublin: { city: 'Dublin', region: null, country: 'IE' },
  berlin: { city: 'Berlin', region: null, country: 'DE' },
  munich: { city: 'Munich', region: null, country: 'DE' },
  münchen: { city: 'Munich', region: null, country: 'DE' },
  hamburg: { city: 'Hamburg', region: null, country: 'DE' },
  paris: { city: 'Paris', region: null, country: 'FR' },
  amsterdam: { city: 'Amsterdam', region: null, country: 'NL' },
  madrid: { city: 'Madrid', region: null, country: 'ES' },
  barcelona: { city: 'Barcelona', region: null, country: 'ES' },
  lisbon: { city: 'Lisbon', region: null, country: 'PT' },
  zurich: { city: 'Zurich', region: null, country: 'CH' },
  zürich: { city: 'Zurich', region: null, country: 'CH' },
  stockholm: { city: 'Stockholm', region: null, country: 'SE' },
  copenhagen: { city: 'Copenhagen', region: null, country: 'DK' },
  warsaw: { city: 'Warsaw', region: null, country: 'PL' },
  'tel aviv': { city: 'Tel Aviv', region: null, country: 'IL' },
  bangalore: { city: 'Bangalore', region: null, country: 'IN' },
  bengaluru: { city: 'Bangalore', region: null, country: 'IN' },
  singapore: { city: 'Singapore', region: null, country: 'SG' },
  tokyo: { city: 'Tokyo', region: null, country: 'JP' },
  sydney: { city: 'Sydney', region: 'NSW', country: 'AU' },
  melbourne: { city: 'Melbourne', region: 'VIC', country: 'AU' },
};

const REMOTE_RE = /\b(remote|anywhere|work from home|wfh|distributed)\b/i;
const NOISE_RE = /\b(remote|hybrid|on-?site|in-office|anywhere|work from home|wfh|distributed|office)\b/gi;

export interface LocationHints {
  city?: string | null;
  region?: string | null;
  /** A country name, ISO-2 or ISO-3 code. */
  country?: string | null;
  remote?: boolean | null;
}

/** Every ISO 3166-1 alpha-2 code and its English name, from the runtime's ICU data (built once). */
let isoNames: Map<string, string> | null = null;
const isoCodes = new Set<string>();
function isoCountries(): Map<string, string> {
  if (isoNames) return isoNames;
  isoNames = new Map();
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = names.of(code);
      // unknown codes come back unchanged; EU, UN and the like are not countries
      if (name && name !== code && !['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ'].includes(code)) {
        isoNames.set(name.toLowerCase(), code);
        isoCodes.add(code);
      }
    }
  }
  return isoNames;
}

/** ISO 3166-1 alpha-2 code for a country name or code, else null. */
export function countryCode(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = text.trim().toLowerCase();
  if (!t) return null;
  const known = COUNTRIES[t] ?? isoCountries().get(t);
  if (known) return known;
  isoCountries();
  if (/^[a-z]{2}$/.test(t) && isoCodes.has(t.toUpperCase())) return t.toUpperCase();
  return null;
}

const STATE_ALIASES: Record<string, string> = {
  'd.c.': 'DC',
  'washington dc': 'DC',
  'washington d.c.': 'DC',
};
/** Areas bigger than a country: a region of the posting, never a city. */
const MACRO_REGIONS = new Set([
  'europe',
  'emea',
  'apac',
  'latam',
  'americas',
  'north america',
  'south america',
  'asia',
  'africa',
  'worldwide',
  'global',
  'international',
  'eu',
  'dach',
  'nordics',
]);

/** Normalise one location text (plus structured hints from the board) into a `PostingLocation`. */
export function normaliseLocation(
  rawText: string | null | undefined,
  hints: LocationHints = {},
): PostingLocation {
  const raw = (rawText ?? '').replace(/\s+/g, ' ').trim();
  const remote = hints.remote ?? REMOTE_RE.test(raw);
  let city: string | null = null;
  let region: string | null = null;
  let country: string | null = null;

  const tokens = raw
    .replace(NOISE_RE, ' ')
    .replace(/[()[\]]/g, ' ')
    .split(/\s*(?:,|\||;|\s-\s|\s–\s|:|\/)\s*/)
    .map((t) =>
      t
        .replace(/\s+/g, ' ')
        .replace(/^[-–\s]+|[-–\s]+$/g, '')
        .trim(),
    )
    .filter(Boolean);
  // "Portugal - Lisbon": country first, then the city
  if (tokens.length === 2 && countryCode(tokens[0]) && tokens[0]!.length > 2 && !countryCode(tokens[1]))
    tokens.reverse();

  for (let i = tokens.length - 1; i >= 0; i--) {
    const tok = tokens[i]!;
    const lower = tok.toLowerCase();
    const upper = tok.toUpperCase();
    const isLast = i === tokens.length - 1;
    if (!region && i > 0 && tok.length === 2 && US_STATES[upper] && country !== 'CA') {
      region = upper;
      country ??= 'US';
      continue;
    }
    if (!region && i > 0 && tok.length === 2 && CA_PROVINCES[upper] && country !== 'US') {
      region = upper;
      country ??= 'CA';
      continue;
    }
    if (!country && (COUNTRIES[lower] || (isLast && countryCode(tok)))) {
      country = COUNTRIES[lower] ?? countryCode(tok);
      continue;
    }
    if (!region && (US_STATE_BY_NAME[lower] || STATE_ALIASES[lower]) && (i > 0 || tokens.length === 1)) {
      region = US_STATE_BY_NAME[lower] ?? STATE_ALIASES[lower]!;
      country ??= 'US';
      continue;
    }
    if (!region && CA_PROVINCE_BY_NAME[lower]) {
      region = CA_PROVINCE_BY_NAME[lower]!;
      country ??= 'CA';
      continue;
    }
    if (MACRO_REGIONS.has(lower)) {
      region ??= tok;
      continue;
    }
    if (!city && i === 0) {
      const known = CITIES[lower];
      city = known?.city ?? tok;
      if (known && (country ?? known.country) === known.country) {
        region ??= known.region;
        country ??= known.country;
      }
    } else if (!region && i === 1 && tokens.length === 3 && country) {
      // "City, Region, Country"
      region = tok;
    }
  }

  const hintCity = clean(hints.city);
  const hintRegion = clean(hints.region);
  const hintCountry = countryCode(hints.country);
  // a structured city wins over the text, unless the text named a city we know (boards misspell)
  if (hintCity && !countryCode(hintCity) && !(city && CITIES[city.toLowerCase()])) {
    city = CITIES[hintCity.toLowerCase()]?.city ?? hintCity;
  }
  if (hintCountry) country = hintCountry;
  if (hintRegion) {
    const lower = hintRegion.toLowerCase();
    region =
      (country === 'US' || !country ? (US_STATE_BY_NAME[lower] ?? STATE_ALIASES[lower]) : undefined) ??
      (country === 'CA' ? CA_PROVINCE_BY_NAME[lower] : undefined) ??
      hintRegion;
  }
  const knownCity = city ? CITIES[city.toLowerCase()] : undefined;
  // "Berlin, DE": a two-letter token that is both a US state and the known city's country
  if (
    knownCity &&
    country === 'US' &&
    knownCity.country !== 'US' &&
    region === knownCity.country &&
    !hintCountry
  ) {
    country = knownCity.country;
    region = knownCity.region;
  }
  if (city && !country) {
    const known = CITIES[city.toLowerCase()];
    if (known) {
      country = known.country;
      region ??= known.region;
    }
  }
  return { raw: raw || [city, region, country].filter(Boolean).join(', '), city, region, country, remote };
}

/** Trimmed text, or null when empty. */
function clean(text: string | null | undefined): string | null {
  const t = text?.trim();
  return t ? t : null;
}

function invert(table: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [v, k]));
}

/** Distinct locations by their raw text (case-insensitive), first one wins. */
export function uniqueLocations(locations: PostingLocation[]): PostingLocation[] {
  const seen = new Set<string>();
  return locations.filter((l) => {
    const key = `${l.raw.toLowerCase()}|${l.city}|${l.region}|${l.country}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
