import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobPostingSchema, type Provider, parseBoard } from '../src/index.js';
import { FIXTURES, HAS_FIXTURES } from './paths.js';

const PROVIDERS: Provider[] = [
  'greenhouse',
  'lever',
  'ashby',
  'smartrecruiters',
  'workable',
  'recruitee',
  'personio',
];

interface Expected {
  ids: string[];
  titles: string[];
  urls: (string | null)[];
  times: (string | null)[];
}
type Obj = Record<string, unknown>;
const s = (v: unknown) => (v === null || v === undefined ? null : String(v).replace(/\s+/g, ' ').trim());
const t = (v: unknown) =>
  v === null || v === undefined
    ? null
    : new Date(
        typeof v === 'string' ? v.replace(/ UTC$/, 'Z').replace(' ', 'T') : (v as number),
      ).toISOString();
const uniqueBy = <T>(xs: T[], key: (x: T) => string) => {
  const seen = new Set<string>();
  return xs.filter((x) => {
    if (seen.has(key(x))) return false;
    seen.add(key(x));
    return true;
  });
};
const pack = (
  items: Obj[],
  id: (o: Obj) => unknown,
  title: (o: Obj) => unknown,
  url: (o: Obj) => unknown,
  time: (o: Obj) => unknown,
): Expected => ({
  ids: items.map((o) => s(id(o))!),
  titles: items.map((o) => s(title(o))!),
  urls: items.map((o) => s(url(o))),
  times: items.map((o) => t(time(o))),
});

/** What the file itself says, read independently of the adapters. */
function expectedFrom(provider: Provider, text: string): Expected {
  if (provider === 'personio') {
    const positions = uniqueBy(
      [...text.matchAll(/<position>([\s\S]*?)<\/position>/g)].map((m) => m[1]!),
      (p) => /<id>(.*?)<\/id>/.exec(p)![1]!,
    );
    const tag = (p: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(p)?.[1] ?? null;
    return {
      ids: positions.map((p) => tag(p, 'id')!),
      titles: positions.map((p) => tag(p, 'name')!.replace(/&amp;/g, '&')),
      urls: positions.map((p) => `https://x.jobs.personio.de/job/${tag(p, 'id')}`),
      times: positions.map((p) => t(tag(p, 'createdAt'))),
    };
  }
  const v = JSON.parse(text) as Obj | Obj[];
  switch (provider) {
    case 'greenhouse': {
      if (!Array.isArray(v) && Array.isArray(v.departments)) {
        const stubs = uniqueBy(
          (v.departments as Obj[]).flatMap((d) => (d.jobs as Obj[]) ?? []),
          (j) => String(j.id),
        );
        return pack(
          stubs,
          (j) => j.id,
          (j) => j.title,
          (j) => j.absolute_url,
          (j) => j.updated_at,
        );
      }
      return pack(
        (v as Obj).jobs as Obj[],
        (j) => j.id,
        (j) => j.title,
        (j) => j.absolute_url,
        (j) => j.updated_at,
      );
    }
    case 'lever': {
      const items = Array.isArray(v) ? v : [v];
      return pack(
        items,
        (j) => j.id,
        (j) => j.text,
        (j) => j.hostedUrl,
        (j) => j.createdAt,
      );
    }
    case 'ashby': {
      const jobs = ((v as Obj).jobs as Obj[]).filter((j) => j.isListed !== false);
      return pack(
        jobs,
        (j) => j.id,
        (j) => j.title,
        (j) => j.jobUrl,
        (j) => j.publishedAt,
      );
    }
    case 'smartrecruiters': {
      const items = Array.isArray((v as Obj).content) ? ((v as Obj).content as Obj[]) : [];
      return pack(
        items,
        (j) => j.id,
        (j) => j.name,
        () => null,
        (j) => j.releasedDate,
      );
    }
    case 'workable': {
      if (Array.isArray((v as Obj).results)) {
        return pack(
          uniqueBy((v as Obj).results as Obj[], (j) => String(j.shortcode)),
          (j) => j.shortcode,
          (j) => j.title,
          () => null,
          (j) => j.published,
        );
      }
      return pack(
        uniqueBy((v as Obj).jobs as Obj[], (j) => String(j.shortcode)),
        (j) => j.shortcode,
        (j) => j.title,
        (j) => j.url,
        (j) => j.published_on,
      );
    }
    case 'recruitee':
      return pack(
        (v as Obj).offers as Obj[],
        (j) => j.id,
        (j) => j.title,
        (j) => j.careers_url,
        (j) => j.published_at ?? j.created_at,
      );
    default:
      throw new Error(`no expectation for ${provider}`);
  }
}

/** Resolve a posting's raw.path ("jobs[3]", "content[0]", "[2]") inside the parsed file. */
function atPath(root: unknown, path: string): unknown {
  let cur = root;
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    cur = m[2] !== undefined ? (cur as unknown[])[Number(m[2])] : (cur as Obj)[m[1]!];
  }
  return cur;
}

describe.skipIf(!HAS_FIXTURES)('every real fixture parses to what the file says', () => {
  for (const provider of PROVIDERS) {
    const dir = join(FIXTURES, provider);
    // the describe body runs even when skipped: read the folder only when it is there
    for (const name of HAS_FIXTURES ? readdirSync(dir).sort() : []) {
      it(`${provider}/${name}`, () => {
        const bytes = readFileSync(join(dir, name));
        const text = bytes.toString('utf8');
        const url =
          provider === 'personio'
            ? 'https://x.jobs.personio.de/xml?language=en'
            : `https://example.test/${name}`;
        const result = parseBoard(provider, { body: bytes, url }, { board: 'x' });
        const expected = expectedFrom(provider, text);
        const got = result.postings;

        expect(
          result.warnings.filter((w) => w.code === 'parse_error' || w.code === 'invalid_posting'),
        ).toEqual([]);
        expect(got.map((p) => p.postingId)).toEqual(expected.ids);
        expect(got.map((p) => p.title)).toEqual(expected.titles);
        expect(got.map((p) => p.publishedAt ?? p.updatedAt)).toEqual(
          provider === 'greenhouse' ? got.map((p) => p.publishedAt ?? p.updatedAt) : expected.times,
        );
        if (provider === 'greenhouse') expect(got.map((p) => p.updatedAt)).toEqual(expected.times);
        expected.urls.forEach((u, i) => {
          if (u) expect(got[i]!.jobUrl).toBe(new URL(u).toString());
          else expect(got[i]!.jobUrl === null || /^https:\/\//.test(got[i]!.jobUrl!)).toBe(true);
        });
        const sha = createHash('sha256').update(bytes).digest('hex');
        const root = provider === 'personio' ? null : JSON.parse(text);
        for (const p of got) {
          expect(jobPostingSchema.safeParse(p).success).toBe(true);
          expect(p.raw.sha256).toBe(sha);
          expect(p.raw.url).toBe(url);
          expect(p.title).toBe(p.title.trim());
          // entities decoded exactly once: no escaped markup left in the sanitised HTML
          expect(p.descriptionHtml).not.toMatch(/&lt;(p|div|h\d|ul|li|strong)/);
          expect(p.descriptionText).not.toMatch(/<\/?(p|div|script|style)\b/);
          if (root) {
            const item = p.raw.path ? atPath(root, p.raw.path) : root;
            const id = (item as Obj).id ?? (item as Obj).shortcode;
            if (provider === 'workable') expect(String((item as Obj).shortcode)).toBe(p.postingId);
            else expect(String(id)).toBe(p.postingId);
          }
        }
        if (name.includes('smartrecruiters_detail'))
          expect(result.warnings.map((w) => w.code)).toEqual(['detail_only']);
      });
    }
  }

  it('reads the quirks the fixtures document', () => {
    const read = (p: string) => readFileSync(join(FIXTURES, p));
    const gh = parseBoard('greenhouse', read('greenhouse/omoji-personal__careerkit__greenhouse.json'), {
      board: 'amplitude',
    });
    expect(gh.postings[0]!.company).toBe('Amplitude');
    expect(gh.postings[0]!.descriptionHtml.startsWith('<')).toBe(true);

    const lever = parseBoard('lever', read('lever/wule15__Job-intelligence-agent__lever.json'), {
      board: 'match',
    });
    const paid = lever.postings.find((p) => p.compensation?.min !== null && p.compensation !== null);
    expect(paid?.compensation?.interval).toBe('year');

    const demo = parseBoard('lever', read('lever/ehddd3579-dot__career-page-job-monitor__lever.json'), {
      board: 'leverdemo',
    });
    expect(demo.postings.some((p) => p.locations.length === 0)).toBe(true);

    const vanta = parseBoard('ashby', read('ashby/Aaronearlerichardson__Jobs__ashby_board.json'), {
      board: 'vanta',
    });
    const sf = vanta.postings[1]!;
    expect(sf.locations[0]).toMatchObject({ city: 'San Francisco', region: 'CA', country: 'US' });
    expect(sf.workplace).toBe('unknown');

    const nango = parseBoard('ashby', read('ashby/stapply-ai__ats-scrapers__companies_Nango.json'), {
      board: 'Nango',
    });
    expect(nango.postings.every((p) => p.compensation !== null)).toBe(true);

    const recruitee = parseBoard('recruitee', read('recruitee/omoji-personal__careerkit__recruitee.json'), {
      board: 'acme',
    });
    expect(recruitee.postings[0]!.compensation).toMatchObject({
      min: 60000,
      max: 75000,
      currency: 'EUR',
      interval: 'year',
    });
    expect(recruitee.postings[0]!.publishedAt).toMatch(/Z$/);

    const zaelab = parseBoard('workable', read('workable/omoji-personal__careerkit__workable.json'), {
      board: 'zaelab',
    });
    expect(zaelab.postings).toHaveLength(1);
    expect(zaelab.postings[0]!.locations.map((l) => l.country)).toEqual(['ES', 'PT']);

    const p0 = parseBoard(
      'smartrecruiters',
      read('smartrecruiters/michaeldinhmai__job-agent__smartrecruiters_page0.json'),
    );
    const p1 = parseBoard(
      'smartrecruiters',
      read('smartrecruiters/michaeldinhmai__job-agent__smartrecruiters_page1.json'),
    );
    const ids = [...p0.postings, ...p1.postings].map((p) => p.postingId);
    expect(new Set(ids).size).toBeLessThan(ids.length);

    const personio = parseBoard(
      'personio',
      {
        body: read('personio/omoji-personal__careerkit__personio.xml'),
        url: 'https://acme.jobs.personio.de/xml',
      },
      { board: 'acme' },
    );
    expect(personio.postings[0]).toMatchObject({
      jobUrl: 'https://acme.jobs.personio.de/job/1834171',
      company: 'Acme SE & Co. KG',
    });
    expect(personio.postings[0]!.locations.map((l) => l.city)).toEqual(['Munich', 'Berlin']);
  });
});

describe.runIf(!HAS_FIXTURES)('fixtures', () => {
  it.skip('skipped: ../shared/fixtures/boards is absent on this machine', () => {});
});
