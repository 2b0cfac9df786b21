import { fingerprint, type PipelineStage } from '@jobintel/runner-core';
import type { RunContext } from '../context.js';
import { readJobChunks } from './identify.js';

/**
 * Jobs without a description are scored on their title alone. This stage counts them per board so the
 * report says so; fetching the missing descriptions belongs to the boards' detail requests (the
 * providers' `maxDetails`), which the fetch stage already makes when a board asks for them.
 */
export function enrichStage(
  ctx: RunContext,
): PipelineStage<null, { lacking: number; byBoard: Record<string, number> }> {
  return {
    name: 'enrich',
    needs: ['identify'],
    options: { policy: 'io' },
    plan: () => [{ id: 'descriptions', input: null, fingerprint: fingerprint({ v: 1, runId: ctx.runId }) }],
    worker: async () => {
      const byBoard: Record<string, number> = {};
      let lacking = 0;
      for await (const chunk of readJobChunks(ctx.runDir))
        for (const j of chunk) {
          if (j.descriptionText.trim() !== '') continue;
          lacking++;
          const key = `${j.provider}--${j.board}`;
          byBoard[key] = (byBoard[key] ?? 0) + 1;
        }
      return { lacking, byBoard };
    },
    collect: (o) => o.items[0]?.output ?? null,
  };
}
