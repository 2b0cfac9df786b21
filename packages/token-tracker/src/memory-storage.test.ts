import { budgetStorageConformance } from './conformance.js';
import { createMemoryBudgetStorage } from './memory-storage.js';

budgetStorageConformance('memory', () => ({ storage: createMemoryBudgetStorage() }));
