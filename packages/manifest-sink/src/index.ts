export type { CompactResult, JsonlSink, JsonlSinkOptions } from './jsonl-sink.js';
export { createJsonlSink } from './jsonl-sink.js';
export type { FileLockOptions, LockOwner } from './lock.js';
export { FileLock } from './lock.js';
export type { ManifestLine } from './reader.js';
export { readManifest } from './reader.js';
