import { createMemorySink } from '@jobintel/runner-core';
import { manifestSinkConformance } from './conformance.js';

// The in-memory sink of runner-core meets the same contract (it cannot be reopened: no reopen).
manifestSinkConformance('memory (runner-core)', async () => ({ sink: createMemorySink() }));
