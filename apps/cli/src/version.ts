import { createRequire } from 'node:module';

/** This package's version (read from package.json, both from source and built). */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string })
  .version;
