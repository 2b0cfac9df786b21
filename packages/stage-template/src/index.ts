export type { WordCountOptions, WordCountOptionsInput } from './options.js';
export { parseWordCountOptions, StageTemplateError, wordCountOptionsSchema } from './options.js';
export type { WordCountResult, WordCountSummary } from './run.js';
export { runWordCount } from './run.js';
export { createWordCountStage, listFiles, OUTPUT_VERSION, STAGE_NAME, workerUrl } from './stage.js';
export type { WordCountInput, WordCountOutput } from './worker.js';
