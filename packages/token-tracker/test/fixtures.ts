import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared recorded responses and price maps (read at test time, never copied into the repo). */
export const RESPONSES_DIR = fileURLToPath(
  new URL('../../../../shared/fixtures/llm/responses/', import.meta.url),
);
export const PRICES_DIR = fileURLToPath(new URL('../../../../shared/fixtures/llm/prices/', import.meta.url));
export const LITELLM_MAP = `${PRICES_DIR}model_prices_and_context_window.json`;

export const hasFile = (path: string) => existsSync(path);

/** A `.json` fixture parsed, or a `.chunks.txt` fixture as its list of events. */
export function readFixture(file: string): unknown {
  const text = readFileSync(`${RESPONSES_DIR}${file}`, 'utf8');
  if (!file.endsWith('.chunks.txt')) return JSON.parse(text);
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}
