import { join } from 'node:path';
import { htmlToText, sanitizeDescription } from '@jobintel/providers';
import { fingerprint, type PipelineStage, skip } from '@jobintel/runner-core';
import type { RunContext } from '../context.js';
import { fileExists, readJson, sha256Of, stableJson, writeAtomic } from '../fs.js';
import { fetcherOf } from './fetcher.js';
import { readJobChunks } from './identify.js';
import { refsOf } from './refs.js';

/** At most this many job pages are fetched per run (politeness; the rest keep title-only scores). */
export const ENRICH_MAX = 200;
/** Characters of description kept from a job page. */
const MAX_TEXT = 20_000;
/** The descriptions enrich found, by job id: an archived scoring input. */
export const ENRICHED_FILE = 'inputs/enriched.json';

export interface EnrichInput {
  id: string;
  url: string;
}

interface EnrichedFile {
  id: string;
  url: string;
  descriptionText: string;
}

/**
 * Jobs without a description would be scored on their title alone. In a run that may use the network
 * (not `--offline`, not the demo), this stage fetches their job pages through the run's polite fetcher
 * (allowlist, robots.txt, rate limits, breaker) and keeps the page's text. A page that cannot be had is
 * skipped with its reason; the job keeps its title-only score.
 */
export function enrichStage(ctx: RunContext): PipelineStage<EnrichInput, string> {
  return {
    name: 'enrich',
    needs: ['identify'],
    options: { policy: 'io', concurrency: 4, retries: 0 },
    plan: async () => {
      if (ctx.flags.offline || ctx.loaded.source === 'demo') return [];
      const items = [];
      for await (const chunk of readJobChunks(ctx.runDir)) {
        for (const j of chunk) {
          if (items.length >= ENRICH_MAX) break;
          if (j.descriptionText.trim() !== '' || !j.url || !/^https?:\/\//.test(j.url)) continue;
          items.push({
            id: j.id,
            input: { id: j.id, url: j.url },
            fingerprint: fingerprint({ v: 1, runId: ctx.runId, url: j.url }),
          });
        }
      }
      return items;
    },
    worker: async ({ id, url }, { signal }) => {
      const res = await fetcherOf(ctx).fetch({ method: 'GET', url }, signal);
      if (!res.ok) return skip(`${res.reason}: ${res.detail}`);
      const text = htmlToText(sanitizeDescription(res.body.toString('utf8')))
        .slice(0, MAX_TEXT)
        .trim();
      if (text === '') return skip('the page has no text');
      const ref = `enrich/${sha256Of(id).slice(0, 24)}.json`;
      await writeAtomic(
        join(ctx.runDir, ref),
        stableJson({ id, url, descriptionText: text } satisfies EnrichedFile),
      );
      return ref;
    },
    outputRef: (_item, ref) => ref,
    outputExists: (ref) => fileExists(join(ctx.runDir, ref)),
  };
}

/** Gathers the enriched descriptions into one archived input (none: no file) and returns them. */
export async function collectEnriched(
  ctx: RunContext,
  inputs: Parameters<typeof refsOf>[0],
): Promise<Record<string, string> | null> {
  const refs = refsOf(inputs, 'enrich');
  if (refs.length === 0) return null;
  const map: Record<string, string> = {};
  for (const ref of refs) {
    const f = await readJson<EnrichedFile>(join(ctx.runDir, ref));
    map[f.id] = f.descriptionText;
  }
  await writeAtomic(join(ctx.runDir, ENRICHED_FILE), stableJson(map));
  return map;
}
