import { packageConfig } from '../../tsup.base.js';

// The worker is its own entry: the cpu policy loads dist/worker.js in worker threads.
export default packageConfig({ index: 'src/index.ts', worker: 'src/worker.ts', scaffold: 'src/scaffold.ts' });
