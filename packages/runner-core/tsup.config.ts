import { packageConfig } from '../../tsup.base.js';

// The cpu policy's thread entry is built next to index.js (see src/cpu/pool.ts).
export default packageConfig({ index: 'src/index.ts', 'worker-entry': 'src/cpu/worker-entry.ts' });
