export { conformanceWorker, executorConformance } from './suite.js';
