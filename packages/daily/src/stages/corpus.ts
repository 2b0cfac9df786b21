import {
  buildCorpusStats,
  type CompiledProfile,
  type CorpusStats,
  mergeCorpusStats,
  prepareJobs,
} from '@jobintel/scoring';
import { readJobChunks } from './identify.js';

/** Jobs prepared at once for the corpus statistics: few enough that their garbage dies young. */
const CORPUS_SLICE = 250;

/**
 * The booster's statistics over the whole run (as scored: enriched descriptions included), per
 * profile (null without a booster), in one pass over the archived jobs for every profile at once.
 * They are counts, so the slicing does not change them.
 */
export async function corpusStats(
  runDir: string,
  compiled: readonly CompiledProfile[],
  descriptions: Record<string, string> | null,
): Promise<Array<CorpusStats | null>> {
  const stats: Array<CorpusStats | null> = compiled.map(() => null);
  const boosted = compiled.filter((c) => c.profile.booster.maxPoints > 0);
  if (boosted.length === 0) return stats;
  for await (const chunk of readJobChunks(runDir)) {
    if (descriptions) for (const j of chunk) j.descriptionText = descriptions[j.id] ?? j.descriptionText;
    for (let i = 0; i < chunk.length; i += CORPUS_SLICE) {
      const prepared = prepareJobs(chunk.slice(i, i + CORPUS_SLICE), boosted);
      compiled.forEach((c, p) => {
        if (c.profile.booster.maxPoints === 0) return;
        const part = buildCorpusStats(c, prepared);
        const sofar = stats[p];
        stats[p] = sofar ? mergeCorpusStats(sofar, part) : part;
      });
    }
  }
  return stats;
}
