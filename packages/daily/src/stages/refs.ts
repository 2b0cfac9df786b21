import type { ItemOutcome, StageResult } from '@jobintel/runner-core';

/** The output refs a needed stage produced (items that ran now or were resumed), sorted for determinism. */
export function refsOf(inputs: ReadonlyMap<string, StageResult>, stage: string): string[] {
  const value = inputs.get(stage)?.value as ItemOutcome[] | undefined;
  return (value ?? [])
    .map((o) => o.outputRef)
    .filter((r): r is string => typeof r === 'string')
    .sort();
}
