export type { CompactResult, JsonlSink, JsonlSinkOptions, JsonlSinkStats } from './jsonl-sink.js';
export { createJsonlSink } from './jsonl-sink.js';
export type { FileLockOptions, LockEvent, LockOwner } from './lock.js';
export { FileLock } from './lock.js';
export type { ManifestLine, ReadManifestOptions } from './reader.js';
export { readManifest } from './reader.js';
