import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared/fixtures/boards relative to the repository (tests read it at run time, never copy it). */
export const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/boards/', import.meta.url));
export const HAS_FIXTURES = existsSync(FIXTURES);
export const BOT_PAGES = `${FIXTURES}bot-pages/`;
export const DEMO = fileURLToPath(new URL('../demo/', import.meta.url));
