import { Parser } from 'htmlparser2';

export type BlockKind = 'challenge' | 'captcha' | 'block';

export interface BlockDetection {
  kind: BlockKind;
  /** Who served it, when the structure says: cloudflare, imperva, akamai, datadome, perimeterx, aws-waf. */
  vendor: string | null;
  /** The structural markers that decided it (for provenance and debugging). */
  evidence: string[];
}

export interface DetectInput {
  status: number;
  /** Response headers, lower-case names. */
  headers?: Record<string, string | string[] | undefined>;
  body: string;
}

/** What the document's structure says, gathered in one pass of htmlparser2. */
interface PageFacts {
  title: string;
  formActions: string[];
  formIds: string[];
  classesAndIds: Set<string>;
  scriptSrcs: string[];
  iframeSrcs: string[];
  inlineScripts: string;
  metaNames: string[];
}

const HEAD_LIMIT = 512;

/** True when the body is an HTML document (a leading recon-tool fence or BOM is tolerated). */
function looksLikeHtml(body: string, contentType: string): boolean {
  if (/json|xml/i.test(contentType) && !/html/i.test(contentType)) return false;
  const head = body
    .slice(0, HEAD_LIMIT)
    .replace(/^\uFEFF/, '')
    .trimStart()
    .replace(/^`{3}\w*\s*/, '')
    .toLowerCase();
  if (head.startsWith('{') || head.startsWith('[') || head.startsWith('<?xml')) return false;
  return /^<!doctype html|^<html|^<head|^<!--/.test(head) || /text\/html/i.test(contentType);
}

function collect(body: string): PageFacts {
  const facts: PageFacts = {
    title: '',
    formActions: [],
    formIds: [],
    classesAndIds: new Set(),
    scriptSrcs: [],
    iframeSrcs: [],
    inlineScripts: '',
    metaNames: [],
  };
  let inTitle = false;
  let inScript = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        for (const c of (attrs.class ?? '').split(/\s+/)) if (c) facts.classesAndIds.add(c.toLowerCase());
        if (attrs.id) facts.classesAndIds.add(attrs.id.toLowerCase());
        if (attrs['data-sitekey'] !== undefined) facts.classesAndIds.add('data-sitekey');
        if (name === 'title') inTitle = true;
        if (name === 'form') {
          facts.formActions.push((attrs.action ?? '').toLowerCase());
          facts.formIds.push((attrs.id ?? '').toLowerCase());
        }
        if (name === 'script') {
          inScript = !attrs.src;
          if (attrs.src) facts.scriptSrcs.push(attrs.src.toLowerCase());
        }
        if (name === 'iframe' && attrs.src) facts.iframeSrcs.push(attrs.src.toLowerCase());
        if (name === 'meta' && (attrs.name || attrs.id))
          facts.metaNames.push((attrs.name ?? attrs.id ?? '').toLowerCase());
      },
      ontext(text) {
        if (inTitle) facts.title += text;
        // inline scripts are bounded: markers sit at the top of challenge pages
        else if (inScript && facts.inlineScripts.length < 200_000) facts.inlineScripts += text;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (name === 'script') inScript = false;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(body);
  parser.end();
  facts.title = facts.title.replace(/\s+/g, ' ').trim();
  return facts;
}

function header(input: DetectInput, name: string): string {
  const v = input.headers?.[name];
  return (Array.isArray(v) ? v.join(',') : (v ?? '')).toLowerCase();
}

/**
 * Detect a bot challenge, captcha or block page by structure: status, content type, vendor headers,
 * and the HTML document's title, forms, scripts, iframes and marker elements. Bodies that are JSON
 * or XML are never examined word by word, so a job description that mentions "Cloudflare" or
 * "forbidden" is not a block. Returns null for a normal response.
 */
export function detectBlockPage(input: DetectInput): BlockDetection | null {
  const contentType = header(input, 'content-type');
  const mitigated = header(input, 'cf-mitigated');
  if (mitigated === 'challenge')
    return { kind: 'challenge', vendor: 'cloudflare', evidence: ['header cf-mitigated: challenge'] };
  if (!looksLikeHtml(input.body, contentType)) return null;

  const f = collect(input.body);
  const evidence: string[] = [];
  const has = (cls: string) => f.classesAndIds.has(cls);
  const cfChallengeScript = /window\._cf_chl_opt\s*=/.test(f.inlineScripts);
  const cfInteractive = cfChallengeScript && /ctype\s*:\s*["']interactive["']/i.test(f.inlineScripts);
  const captchaAction = f.formActions.some((a) => a.includes('__cf_chl_captcha_tk__'));
  const jschlAction = f.formActions.some(
    (a) => a.includes('__cf_chl_jschl_tk__') || a.includes('__cf_chl_f_tk'),
  );
  const challengeForm = f.formIds.includes('challenge-form');
  const captchaWidget =
    has('h-captcha') ||
    has('g-recaptcha') ||
    has('cf-turnstile') ||
    f.scriptSrcs.some((s) => /hcaptcha\.com|recaptcha\/api|challenges\.cloudflare\.com\/turnstile/.test(s));
  const cfPlatform = f.scriptSrcs.some((s) => s.includes('/cdn-cgi/challenge-platform/'));
  const title = f.title.toLowerCase();

  // Cloudflare: the challenge form and its options script decide captcha vs JS challenge.
  if (captchaAction || (challengeForm && cfInteractive) || (challengeForm && captchaWidget)) {
    if (captchaAction) evidence.push('form action __cf_chl_captcha_tk__');
    if (cfInteractive) evidence.push('_cf_chl_opt cType interactive');
    if (captchaWidget) evidence.push('captcha widget');
    return { kind: 'captcha', vendor: 'cloudflare', evidence };
  }
  if (jschlAction || challengeForm || cfChallengeScript || cfPlatform || has('cf-browser-verification')) {
    if (jschlAction) evidence.push('form action __cf_chl_jschl_tk__');
    if (challengeForm) evidence.push('form#challenge-form');
    if (cfChallengeScript) evidence.push('window._cf_chl_opt');
    if (cfPlatform) evidence.push('script /cdn-cgi/challenge-platform/');
    return { kind: 'challenge', vendor: 'cloudflare', evidence };
  }
  if (has('cf-error-details') && (title.includes('cloudflare') || has('cf-wrapper'))) {
    return { kind: 'block', vendor: 'cloudflare', evidence: [`title "${f.title}"`, '#cf-error-details'] };
  }
  // Imperva / Incapsula: its resource script or iframe.
  if ([...f.scriptSrcs, ...f.iframeSrcs].some((s) => s.includes('/_incapsula_resource'))) {
    return { kind: 'block', vendor: 'imperva', evidence: ['/_Incapsula_Resource script or iframe'] };
  }
  // DataDome and PerimeterX serve captchas from their own hosts / containers.
  if ([...f.scriptSrcs, ...f.iframeSrcs].some((s) => s.includes('captcha-delivery.com'))) {
    return { kind: 'captcha', vendor: 'datadome', evidence: ['captcha-delivery.com frame'] };
  }
  if (has('px-captcha') || /window\._px\w*\s*=/.test(f.inlineScripts)) {
    return { kind: 'captcha', vendor: 'perimeterx', evidence: ['#px-captcha'] };
  }
  if (
    /awswafcookiedomainlist|gokuprops/i.test(f.inlineScripts) ||
    f.scriptSrcs.some((s) => s.includes('awswaf.com'))
  ) {
    return { kind: 'challenge', vendor: 'aws-waf', evidence: ['AWS WAF challenge script'] };
  }
  // A captcha widget on a page answering with a refusal status.
  if (captchaWidget && [403, 405, 429, 503].includes(input.status)) {
    return { kind: 'captcha', vendor: null, evidence: [`captcha widget with status ${input.status}`] };
  }
  // Akamai and generic edge refusals: an HTML error document with a refusal title and status.
  if (
    [401, 403, 406, 451].includes(input.status) &&
    /access denied|forbidden|request blocked|you have been blocked/.test(title)
  ) {
    return {
      kind: 'block',
      vendor: header(input, 'server').includes('akamai') ? 'akamai' : null,
      evidence: [`status ${input.status}`, `title "${f.title}"`],
    };
  }
  return null;
}
