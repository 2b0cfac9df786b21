import { join } from 'node:path';
import type { ReportJob } from '@jobintel/scoring';
import type { LoadedConfig } from './config/load.js';
import { DailyError, DailyErrorCode } from './errors.js';
import { fileExists } from './fs.js';
import { rankedJobs } from './ranked-reader.js';
import { openRegistry, stateDirOf } from './run.js';
import { rankedRef } from './stages/diff.js';

export interface QueryJobsOptions {
  loaded: LoadedConfig;
  env?: Record<string, string | undefined>;
  profile: string;
  minScore?: number;
  /** Case- and accent-insensitive substring of any location. */
  location?: string;
  /** Case- and accent-insensitive substring of the company. */
  company?: string;
  /** Jobs first seen at or after this time (ISO 8601 date or date-time). */
  newSince?: string;
  limit?: number;
}

export interface QueryJobsResult {
  runId: string;
  jobs: (ReportJob & { firstSeenAt: string | null })[];
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** The latest successful run's ranked jobs of a profile, filtered. */
export async function queryJobs(options: QueryJobsOptions): Promise<QueryJobsResult> {
  const { loaded } = options;
  if (!loaded.profiles.some((p) => p.id === options.profile)) {
    throw new DailyError(
      DailyErrorCode.ProfileNotFound,
      `no profile "${options.profile}": the configuration has ${loaded.profiles.map((p) => p.id).join(', ')}`,
    );
  }
  let since: number | null = null;
  if (options.newSince !== undefined) {
    since = Date.parse(options.newSince);
    if (Number.isNaN(since)) {
      throw new DailyError(
        DailyErrorCode.InvalidInput,
        `--new-since: "${options.newSince}" is not a date (use 2026-11-20 or an ISO time)`,
      );
    }
  }
  const store = await openRegistry(loaded, options.env ?? process.env, 'jobintel jobs');
  try {
    const run = await store.runs.latestSuccessful(options.profile, { configKey: loaded.config.key });
    if (!run) {
      throw new DailyError(
        DailyErrorCode.RunNotFound,
        `no successful run covers profile "${options.profile}" yet: run \`jobintel run\` first`,
      );
    }
    const path = join(stateDirOf(loaded), 'runs', run.id, rankedRef(options.profile));
    if (!(await fileExists(path)))
      throw new DailyError(
        DailyErrorCode.RunNotFound,
        `run ${run.id} has no ranked jobs for "${options.profile}" (pruned?)`,
      );
    const location = options.location === undefined ? null : fold(options.location);
    const company = options.company === undefined ? null : fold(options.company);
    const out: QueryJobsResult['jobs'] = [];
    // one job at a time: a ranking may hold 100,000 jobs
    for await (const job of rankedJobs(path)) {
      if (options.minScore !== undefined && job.score < options.minScore) continue;
      if (location !== null && !job.locations.some((l) => fold(l).includes(location))) continue;
      if (company !== null && !fold(job.company).includes(company)) continue;
      let firstSeenAt: string | null = null;
      if (since !== null) {
        firstSeenAt = (await store.jobs.get(job.id))?.firstSeenAt ?? null;
        if (firstSeenAt === null || Date.parse(firstSeenAt) < since) continue;
      }
      out.push({ ...job, firstSeenAt });
      if (options.limit !== undefined && out.length >= options.limit) break;
    }
    return { runId: run.id, jobs: out };
  } finally {
    await store.close();
  }
}
