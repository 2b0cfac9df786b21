import { packageConfig } from '../../tsup.base.js';

// The score stage's worker runs in worker threads, so it is an entry of its own beside index.js.
export default packageConfig({ index: 'src/index.ts', 'score-worker': 'src/stages/score-worker.ts' });
