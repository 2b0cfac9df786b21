import type { PostingLocation } from '@jobintel/providers';
import { CA_PROVINCES, CITIES, COUNTRIES, REGIONS, US_STATES } from './location-tables.js';
import { foldText, normalizePhrase } from './text.js';

/** A normalised location: the same shape as the providers' `PostingLocation`. */
export type NormalizedLocation = PostingLocation;

interface City {
  name: string;
  country: string;
  region: string | null;
}

function lines(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .map((line) => line.split(';'));
}

function aliasMap<T>(
  table: string,
  make: (cols: string[]) => { value: T; aliases: string[] },
): Map<string, T> {
  const map = new Map<string, T>();
  for (const cols of lines(table)) {
    const { value, aliases } = make(cols);
    for (const alias of aliases) {
      const key = normalizePhrase(alias);
      if (key && !map.has(key)) map.set(key, value);
    }
  }
  return map;
}

const splitAliases = (s: string | undefined) => (s ? s.split(',') : []);
const countries = aliasMap(COUNTRIES, ([code, names]) => ({ value: code!, aliases: splitAliases(names) }));
const countryCodes = new Set(lines(COUNTRIES).map(([code]) => code!));
const usStates = aliasMap(US_STATES, ([code, names]) => ({
  value: code!,
  aliases: [code!, ...splitAliases(names)],
}));
const caProvinces = aliasMap(CA_PROVINCES, ([code, names]) => ({
  value: code!,
  aliases: [code!, ...splitAliases(names)],
}));
const regions = aliasMap(REGIONS, ([name, names]) => ({ value: name!, aliases: splitAliases(names) }));
const cities = aliasMap(CITIES, ([name, country, region, names]) => ({
  value: { name: name!, country: country!, region: region || null } satisfies City,
  aliases: [name!, ...splitAliases(names)],
}));

const REMOTE_WORDS =
  /\b(?:fully remote|100% remote|remote first|remote friendly|remote|anywhere|work from home|wfh|home based|distributed|virtual)\b/g;
const REMOTE_TEST = new RegExp(REMOTE_WORDS.source);
const WORKPLACE_WORDS = /\b(?:hybrid|on ?site|in office|office)\b/g;
/** Separators between several locations in one string. */
const MULTI_SPLIT = /\s*(?:;|\||\n|•|·|\s\/\s|\bor\b|\band\b|&)\s*/;
/** Separators between the parts of one location ("Bangalore, India - Remote", "Remote: US"). */
const PART_SPLIT = /[,:()[\]/]|\s[-–—]+\s?|\s?[-–—]+\s|^[-–—]+|[-–—]+$/;
const PART_SPLIT_DASHES = new RegExp(`${PART_SPLIT.source}|[-–—]`);

type Part =
  | { kind: 'city'; city: City }
  | { kind: 'state'; code: string; country: string | null }
  | { kind: 'country'; code: string }
  | { kind: 'region'; name: string }
  | { kind: 'unknown'; text: string }
  | { kind: 'noise' };

/** Keeps the board's casing unless the text is all upper- or all lowercase. */
function titleCase(text: string): string {
  if (text !== text.toUpperCase() && text !== text.toLowerCase()) return text;
  return text
    .toLowerCase()
    .replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/** Words in location strings that name no place ("New York, NY (HQ)", "Remote-India (PEO)"). */
const NOISE = new Set([
  'hq',
  'headquarters',
  'peo',
  'eor',
  'job',
  'jobs',
  'only',
  'preferred',
  'based',
  'area',
  'metro',
  'office',
  'offices',
  'locations',
  'multiple locations',
  'tbd',
]);

function classify(original: string, current: Draft | null): Part {
  const key = normalizePhrase(original);
  if (NOISE.has(key)) return { kind: 'noise' };
  const afterCity = current !== null && current.city !== null;
  if (afterCity) {
    // right after a city, a state or province qualifies it ("San Francisco, CA", "Arlington, TX")
    const fits = (country: string) => current.country === null || current.country === country;
    const province = caProvinces.get(key);
    if (province && current.country === 'CA') return { kind: 'state', code: province, country: 'CA' };
    const state = usStates.get(key);
    if (state && fits('US')) return { kind: 'state', code: state, country: 'US' };
    if (province && fits('CA')) return { kind: 'state', code: province, country: 'CA' };
    if (key.length === 2 && key.toUpperCase() === current.country)
      return { kind: 'country', code: current.country };
  }
  const country = countries.get(key);
  if (country) return { kind: 'country', code: country };
  const city = cities.get(key);
  if (city) return { kind: 'city', city };
  // another country's two-letter region code after a city ("Bombay, MH")
  if (afterCity && /^[a-z]{2}$/.test(key))
    return { kind: 'state', code: key.toUpperCase(), country: current.country };
  // full state names stand alone ("California"); two-letter codes alone are countries
  if (key.length > 2) {
    const state = usStates.get(key);
    if (state) return { kind: 'state', code: state, country: 'US' };
    const province = caProvinces.get(key);
    if (province) return { kind: 'state', code: province, country: 'CA' };
  }
  if (key.length === 2 && countryCodes.has(key.toUpperCase()))
    return { kind: 'country', code: key.toUpperCase() };
  const region = regions.get(key);
  if (region) return { kind: 'region', name: region };
  const text = original.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.)]+$/gu, '').replace(/\s+/g, ' ');
  return { kind: 'unknown', text: titleCase(text) };
}

interface Draft {
  city: string | null;
  region: string | null;
  country: string | null;
}

/** "US-Remote, US-San Francisco, US-Chicago": comma groups that each carry their own "X - Y" structure. */
const PREFIXED_GROUP = /^\s*[\p{L}.][\p{L}. ]*\s*[-–—:]\s*\S/u;

function parseOne(raw: string, remote: boolean, splitDashes: boolean): NormalizedLocation[] {
  const parts = raw
    .replace(new RegExp(REMOTE_WORDS.source, 'gi'), ',')
    .replace(new RegExp(WORKPLACE_WORDS.source, 'gi'), ',')
    .split(splitDashes ? PART_SPLIT_DASHES : PART_SPLIT)
    .map((p) => (p ?? '').trim())
    .filter((p) => normalizePhrase(p).length > 0);
  const out: Draft[] = [];
  let current: Draft | null = null;
  const start = (): Draft => {
    current = { city: null, region: null, country: null };
    out.push(current);
    return current;
  };
  for (const original of parts) {
    const part = classify(original, current);
    if (part.kind === 'noise') continue;
    let d: Draft = current ?? start();
    switch (part.kind) {
      case 'city': {
        const sameCity = d.city === part.city.name;
        if (sameCity) break; // "Berlin, Berlin, Germany"
        const fitsDraft =
          d.city === null &&
          (d.country === null || d.country === part.city.country) &&
          (d.region === null || part.city.region === null || d.region === part.city.region);
        if (!fitsDraft) d = start();
        d.city = part.city.name;
        d.region ??= part.city.region;
        d.country ??= part.city.country;
        break;
      }
      case 'unknown':
        // a state of a country the tables do not list ("Bengaluru, Karnataka, India")
        if (d.city !== null && d.region === null && d.country !== null) {
          d.region = part.text;
          break;
        }
        if (d.city !== null) d = start();
        d.city = part.text;
        break;
      case 'state':
        if (d.city === null && d.region !== null && d.region !== part.code) d = start();
        d.region = part.code;
        d.country ??= part.country;
        break;
      case 'country':
        if (d.country !== null && d.country !== part.code) d = start();
        d.country = part.code;
        break;
      case 'region':
        if (d.city !== null || d.country !== null) d = start();
        d.region = part.name;
        break;
    }
  }
  if (out.length === 0) out.push({ city: null, region: null, country: null });
  return out.map((d) => ({ raw: raw.trim(), city: d.city, region: d.region, country: d.country, remote }));
}

/**
 * Normalises one location string, which may name several places ("San Francisco, CA; New York, NY",
 * "Remote - US or Canada"). Cities without a state or country ("Seattle", "NYC") get theirs from a
 * table, so a country filter keeps them. A remote marker applies to its own piece, and to following
 * pieces that name only a country or region ("Remote - US or Canada" is remote in both).
 */
export function normalizeLocation(raw: string): NormalizedLocation[] {
  let parsed = memo.get(raw);
  if (parsed === undefined) {
    parsed = parseLocation(raw);
    // boards repeat the same few strings: a bounded memo keeps the hot path off the regexes
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(raw, parsed);
  }
  return parsed.map((l) => ({ ...l }));
}

const memo = new Map<string, NormalizedLocation[]>();
const MEMO_LIMIT = 20_000;

function parseLocation(raw: string): NormalizedLocation[] {
  const trimmed = raw.trim();
  const pieces = trimmed
    .split(MULTI_SPLIT)
    .map((p) => p.trim())
    .filter((p) => normalizePhrase(p).length > 0);
  const result: NormalizedLocation[] = [];
  let previousRemote = false;
  const expanded = (pieces.length ? pieces : [trimmed]).flatMap((piece) => {
    const groups = piece.split(',');
    return groups.filter((g) => PREFIXED_GROUP.test(g)).length >= 2
      ? groups.map((g) => ({ text: g.trim(), splitDashes: true })).filter((g) => g.text)
      : [{ text: piece, splitDashes: false }];
  });
  for (const { text, splitDashes } of expanded) {
    const ownRemote = REMOTE_TEST.test(foldText(text));
    for (const loc of parseOne(text, ownRemote, splitDashes)) {
      const remote: boolean = ownRemote || (previousRemote && loc.city === null);
      result.push({ ...loc, raw: trimmed, remote });
      previousRemote = remote;
    }
  }
  return result;
}

const locationKey = (l: NormalizedLocation) =>
  `${l.country ?? ''}|${l.region ?? ''}|${l.city ?? ''}|${l.remote ? 1 : 0}`;

/**
 * Normalises a posting's locations: what the provider already knew wins, gaps are filled from the
 * raw text. Duplicates are dropped and the result is sorted, so the order of the input does not show.
 */
export function normalizePostingLocations(locations: readonly PostingLocation[]): NormalizedLocation[] {
  if (locations.length === 1) {
    // the common case: one location that names one place, nothing to merge, de-duplicate or sort
    const loc = locations[0]!;
    const parsed = normalizeLocation(loc.raw);
    if (parsed.length === 1) {
      const p = parsed[0]!;
      return [
        {
          raw: loc.raw.trim(),
          city: loc.city ?? p.city,
          region: loc.region ?? p.region,
          country: loc.country ?? p.country,
          remote: loc.remote || p.remote,
        },
      ];
    }
  }
  const seen = new Map<string, NormalizedLocation>();
  for (const loc of locations) {
    const parsed = normalizeLocation(loc.raw);
    const merged =
      parsed.length === 1 || loc.city !== null || loc.country !== null
        ? [
            {
              raw: loc.raw.trim(),
              city: loc.city ?? parsed[0]!.city,
              region: loc.region ?? parsed[0]!.region,
              country: loc.country ?? parsed[0]!.country,
              remote: loc.remote || parsed[0]!.remote,
            },
          ]
        : parsed.map((p) => ({ ...p, remote: p.remote || loc.remote }));
    for (const m of merged) {
      const key = `${locationKey(m)}|${m.raw}`;
      if (!seen.has(key)) seen.set(key, m);
    }
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

export interface CountryFilterOptions {
  /** Remote places with no known country count as inside. Default true. */
  remoteUnknownCountryOk?: boolean;
}

/** True when one of `locations` is in one of `countries` (ISO alpha-2); an empty list keeps everything. */
export function inCountries(
  locations: readonly NormalizedLocation[],
  countryList: readonly string[],
  options: CountryFilterOptions = {},
): boolean {
  if (countryList.length === 0) return true;
  const wanted = new Set(countryList.map((c) => c.toUpperCase()));
  const remoteOk = options.remoteUnknownCountryOk ?? true;
  return locations.some((l) =>
    l.country !== null ? wanted.has(l.country) : remoteOk && l.remote && l.region === null,
  );
}

/** A short display form: "San Francisco, CA, US", "Remote (US)", "Zurich, CH". */
export function formatLocation(l: NormalizedLocation): string {
  // [city, region, country] less the nulls, joined with ", " (without the arrays)
  let place = l.city ?? '';
  if (l.region !== null) place = l.city !== null ? `${place}, ${l.region}` : l.region;
  if (l.country !== null) place = l.city !== null || l.region !== null ? `${place}, ${l.country}` : l.country;
  if (l.remote) return place ? `Remote (${place})` : 'Remote';
  return place || l.raw;
}
