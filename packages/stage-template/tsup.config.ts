import { packageConfig } from '../../tsup.base.js';

// The worker is its own entry: the cpu policy loads dist/worker.js (beside dist/index.js) in threads.
// Splitting keeps code the entries share (StageTemplateError, the worker's helpers) in one chunk, so
// that `instanceof StageTemplateError` holds for errors thrown by the scaffold entry too.
export default packageConfig(
  { index: 'src/index.ts', worker: 'src/worker.ts', scaffold: 'src/scaffold.ts' },
  { splitting: true },
);
