// @jobintel/stage-template: a complete example stage (word counts of a folder of text files) to copy
// when authoring a new stage. See README.md and docs/authoring-a-stage.md.
export type { WordCountOptions, WordCountOptionsInput } from './options.js';
export {
  parseWordCountOptions,
  StageTemplateError,
  StageTemplateErrorCode,
  wordCountOptionsSchema,
} from './options.js';
export type { WordCountResult, WordCountSummary } from './run.js';
export { runWordCount } from './run.js';
export { createWordCountStage, listTextFiles, OUTPUT_VERSION, STAGE_NAME, workerUrl } from './stage.js';
export type { WordCountInput, WordCountOutput, WordCountResultFile } from './worker.js';
