import { packageConfig } from '../../tsup.base.js';

// The cpu policy's thread entry is built next to index.js (see src/cpu/pool.ts); the executor
// conformance suite and its worker module are their own entries, so production never loads vitest.
export default packageConfig(
  {
    index: 'src/index.ts',
    'worker-entry': 'src/cpu/worker-entry.ts',
    conformance: 'src/conformance/index.ts',
    'conformance-worker': 'src/conformance/worker.ts',
  },
  { external: ['vitest'] },
);
