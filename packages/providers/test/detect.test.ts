import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectBlockPage } from '../src/index.js';
import { BOT_PAGES, DEMO, FIXTURES, HAS_FIXTURES } from './paths.js';

/** The kind each real page has, by its structure (see the comments). */
const EXPECTED: Record<string, { kind: 'challenge' | 'captcha' | 'block'; vendor: string }> = {
  // "Attention Required! | Cloudflare" titled, but the body is the interactive hCaptcha form
  // ("One more step", form action __cf_chl_captcha_tk__): a captcha, not a bare block
  'bbsetup__public-bugbounty-data__cf-attention-required_about.canva.com.html': {
    kind: 'captcha',
    vendor: 'cloudflare',
  },
  'bbsetup__public-bugbounty-data__cf-captcha_affiliatesupport.udemy.com.html': {
    kind: 'captcha',
    vendor: 'cloudflare',
  },
  'bbsetup__public-bugbounty-data__cf-jschallenge_api.scoober.com.html': {
    kind: 'challenge',
    vendor: 'cloudflare',
  },
  'bbsetup__public-bugbounty-data__incapsula_acc-shop.lieferando.de.html': {
    kind: 'block',
    vendor: 'imperva',
  },
};

describe.skipIf(!HAS_FIXTURES)('bot pages from ../shared/fixtures/boards/bot-pages', () => {
  // the describe body runs even when skipped: read the folder only when it is there
  const files = HAS_FIXTURES ? readdirSync(BOT_PAGES).sort() : [];
  for (const name of files.filter((f) => f.endsWith('.html'))) {
    it(`detects ${name}`, () => {
      const body = readFileSync(join(BOT_PAGES, name), 'utf8');
      const expected = EXPECTED[name];
      expect(expected, `add an expectation for ${name}`).toBeDefined();
      for (const status of [200, 403, 503]) {
        const got = detectBlockPage({
          status,
          headers: { 'content-type': 'text/html; charset=UTF-8' },
          body,
        });
        expect(got).toMatchObject(expected!);
        expect(got!.evidence.length).toBeGreaterThan(0);
      }
      // no content-type header: still recognised from the document itself
      expect(detectBlockPage({ status: 403, body })).toMatchObject(expected!);
    });
  }
  for (const name of files.filter((f) => f.endsWith('.txt'))) {
    it(`does not flag robots.txt ${name}`, () => {
      const body = readFileSync(join(BOT_PAGES, name), 'utf8');
      expect(detectBlockPage({ status: 200, headers: { 'content-type': 'text/plain' }, body })).toBeNull();
    });
  }

  it('flags no real job payload', () => {
    for (const provider of readdirSync(FIXTURES).filter((d) => d !== 'bot-pages' && !d.endsWith('.md'))) {
      for (const name of readdirSync(join(FIXTURES, provider))) {
        const body = readFileSync(join(FIXTURES, provider, name), 'utf8');
        const contentType = name.endsWith('.xml') ? 'text/xml' : 'application/json';
        expect(
          detectBlockPage({ status: 200, headers: { 'content-type': contentType }, body }),
          name,
        ).toBeNull();
        // even served with a wrong content type and a refusal status, a JSON/XML body is not a page
        expect(
          detectBlockPage({ status: 403, headers: { 'content-type': 'text/html' }, body }),
          name,
        ).toBeNull();
      }
    }
  });
});

describe('structural detection', () => {
  it('ignores bare words in job descriptions', () => {
    const job = {
      jobs: [
        {
          id: 1,
          title: 'Security Engineer',
          content:
            '&lt;p&gt;Work on Cloudflare WAF rules, captcha bypass defences, Incapsula migration and forbidden access alerts. Attention Required! Just a moment... Access denied&lt;/p&gt;',
        },
      ],
    };
    expect(
      detectBlockPage({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(job),
      }),
    ).toBeNull();
    expect(detectBlockPage({ status: 403, body: JSON.stringify(job) })).toBeNull();
  });

  it('ignores an HTML job board that talks about Cloudflare and captchas', () => {
    const page = `<!DOCTYPE html><html><head><title>Jobs at Acme</title></head><body><h1>Careers</h1>
      <p>Our stack: Cloudflare, hCaptcha, Imperva. Access denied? Forbidden? Ask us.</p>
      <script>window.__appData = {"jobBoard":{"jobPostings":[{"title":"Cloudflare captcha challenge-form engineer"}]}};</script></body></html>`;
    expect(detectBlockPage({ status: 200, headers: { 'content-type': 'text/html' }, body: page })).toBeNull();
  });

  it('reads the cf-mitigated header and generic refusals', () => {
    expect(detectBlockPage({ status: 403, headers: { 'cf-mitigated': 'challenge' }, body: '' })?.kind).toBe(
      'challenge',
    );
    const akamai = '<html><head><title>Access Denied</title></head><body>Reference #18.abc</body></html>';
    expect(detectBlockPage({ status: 403, headers: { server: 'AkamaiGHost' }, body: akamai })).toMatchObject({
      kind: 'block',
      vendor: 'akamai',
    });
    expect(detectBlockPage({ status: 200, body: akamai })).toBeNull();
    const dd =
      '<html><head><title>example.com</title></head><body><iframe src="https://geo.captcha-delivery.com/captcha/?x=1"></iframe></body></html>';
    expect(detectBlockPage({ status: 403, body: dd })).toMatchObject({ kind: 'captcha', vendor: 'datadome' });
  });

  it('detects the demo challenge board and nothing else in the demo set', () => {
    const manifest = JSON.parse(readFileSync(join(DEMO, 'boards.json'), 'utf8')) as {
      boards: { boardSlug: string; pages: { file: string; status: number; contentType: string }[] }[];
    };
    const flagged: string[] = [];
    for (const b of manifest.boards) {
      for (const p of b.pages) {
        const body = readFileSync(join(DEMO, p.file), 'utf8');
        if (detectBlockPage({ status: p.status, headers: { 'content-type': p.contentType }, body }))
          flagged.push(b.boardSlug);
      }
    }
    expect(flagged).toEqual(['vantagegrid']);
  });
});
