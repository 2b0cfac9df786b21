export { buildProgram, main } from './cli.js';
export { exitCodeFor } from './errors.js';
export type { CliIo, CliOutput } from './io.js';

export const PACKAGE_NAME = '@jobintel/cli';
