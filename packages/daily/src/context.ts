import type { Logger } from '@jobintel/runner-core';
import type { Store } from '@jobintel/store';
import type { LoadedConfig } from './config/load.js';

/** What the command line can change for one run. */
export interface RunFlags {
  /** Read stored snapshots only; never touch the network. */
  offline: boolean;
  /** Fetch every board live (overrides each board's mode). */
  live: boolean;
  /** Only these profiles / boards (ids, slugs or names); empty means all. */
  profiles: string[];
  boards: string[];
  minScore: number | null;
  alertScore: number | null;
  notify: boolean;
  publish: boolean;
  /** Start a new run and re-run every item, ignoring what an interrupted run finished. */
  force: boolean;
  concurrency: number | null;
}

export const defaultFlags = (): RunFlags => ({
  offline: false,
  live: false,
  profiles: [],
  boards: [],
  minScore: null,
  alertScore: null,
  notify: true,
  publish: false,
  force: false,
  concurrency: null,
});

/** Everything a stage needs: no globals. */
export interface RunContext {
  runId: string;
  /** `<stateDir>/runs/<runId>`: every artifact of the run, by path relative to it. */
  runDir: string;
  stateDir: string;
  loaded: LoadedConfig;
  flags: RunFlags;
  store: Store;
  logger: Logger;
  env: Record<string, string | undefined>;
  now: () => Date;
  signal: AbortSignal;
  minScore: number;
  alertScore: number;
}
