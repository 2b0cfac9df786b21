import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';

const ALLOWED_TAGS = [
  ...sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'img'),
  'h1',
  'h2',
  'span',
  'u',
  's',
];

/** Decode HTML entities exactly once (Greenhouse sends `&lt;p&gt;`: one decode gives the markup). */
export function decodeEntitiesOnce(text: string): string {
  return decodeHTML(text);
}

/**
 * Sanitise description HTML: keep structure (headings, paragraphs, lists, links, emphasis), drop
 * scripts, styles, event handlers, inline styles, images and unknown tags; links are http(s)/mailto.
 */
export function sanitizeDescription(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ['href', 'title'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    disallowedTagsMode: 'discard',
    nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'template'],
  }).trim();
}

const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'table',
  'section',
  'article',
  'blockquote',
  'pre',
  'hr',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template']);

/** Plain text of HTML: block elements become line breaks, runs of spaces collapse, entities decoded. */
export function htmlToText(html: string): string {
  const parts: string[] = [];
  let skipDepth = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (SKIP.has(name)) skipDepth++;
        else if (BLOCK.has(name)) parts.push('\n');
        if (name === 'li') parts.push('- ');
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (BLOCK.has(name)) parts.push('\n');
      },
      ontext(text) {
        if (skipDepth === 0) parts.push(text);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return collapseWhitespace(parts.join(''));
}

/** Collapse spaces within lines and blank-line runs, trim each line and the whole text. */
export function collapseWhitespace(text: string): string {
  return text
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Escape text for inclusion in HTML (used when a board only gives plain text). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Description in both forms from board HTML (already entity-decoded once by the adapter if needed). */
export function describe(html: string | null | undefined): {
  descriptionHtml: string;
  descriptionText: string;
} {
  if (!html) return { descriptionHtml: '', descriptionText: '' };
  const descriptionHtml = sanitizeDescription(html);
  return { descriptionHtml, descriptionText: htmlToText(descriptionHtml) };
}

/** Description from plain text: paragraphs become `<p>`, text escaped. */
export function describePlain(text: string | null | undefined): {
  descriptionHtml: string;
  descriptionText: string;
} {
  const clean = collapseWhitespace(text ?? '');
  if (!clean) return { descriptionHtml: '', descriptionText: '' };
  const descriptionHtml = clean
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br />')}</p>`)
    .join('');
  return { descriptionHtml, descriptionText: clean };
}
