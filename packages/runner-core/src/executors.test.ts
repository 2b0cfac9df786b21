import { executorConformance } from './conformance/index.js';
import { createCpuExecutor, createIoExecutor, silentLogger } from './index.js';

executorConformance('io', (worker) => createIoExecutor(worker));
executorConformance('cpu', (worker) => createCpuExecutor(worker, { size: 1, logger: silentLogger }));
