import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fingerprint, type PipelineStage } from '@jobintel/runner-core';
import {
  buildReport,
  CSV_COLUMNS,
  compileProfile,
  csvRow,
  type Profile,
  parsePreviousJobs,
  type RankedReport,
  type ReportJob,
  type ScoredJob,
  stableJsonFragment,
} from '@jobintel/scoring';
import type { RunContext } from '../context.js';
import { fileExists, readJson, sha256Of, stableJson, writeAtomic } from '../fs.js';
import { refsOf } from './refs.js';
import { selectProfiles } from './score.js';

export const rankedRef = (profile: string) => `profiles/${profile}/ranked.json`;
/** What the report stage renders the shortlist and top list from: the jobs at or above minScore. */
export const shortlistRef = (profile: string) => `work/${profile}/shortlist.json`;
/** Jobs kept for shortlist.md and top.md (their renderers list at most this many). */
const SHORTLIST_KEEP = 500;

/** The diff stage's summary of a profile, read by the report stage and the run report. */
export interface ShortlistFile {
  /** The ranking's header with the jobs at or above minScore (the first SHORTLIST_KEEP) and the hidden ones. */
  report: RankedReport;
  /** Jobs at or above minScore. */
  total: number;
  /** Jobs ranked. */
  ranked: number;
  /** Jobs at or above alertScore. */
  alerts: number;
}

export interface DiffInput {
  profile: Profile;
  scoreRefs: string[];
  previousRunId: string | null;
}

/** What ranking, diffing and the overlay read of a job; the rest stays serialised until it is written. */
type Light = Pick<
  ScoredJob,
  | 'id'
  | 'score'
  | 'publishedAt'
  | 'excluded'
  | 'duplicateOf'
  | 'title'
  | 'company'
  | 'team'
  | 'locations'
  | 'descriptionHash'
  | 'compensation'
>;

/** The previous successful run of a profile (this configuration), other than this run. */
export async function previousRun(ctx: RunContext, profile: string): Promise<string | null> {
  const prev = await ctx.store.runs.latestSuccessful(profile, { configKey: ctx.loaded.config.key });
  return prev && prev.id !== ctx.runId ? prev.id : null;
}

/** Writes a file in parts, whole or not at all (temp file, then rename). */
async function writeStreamed(
  path: string,
  write: (put: (text: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  const out = createWriteStream(temp);
  const put = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  try {
    await write(put);
    out.end();
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw error;
  }
  await rename(temp, path);
}

/**
 * Per profile: ranks the scored jobs, diffs them against the previous successful run (new, changed
 * with fields, removed), lays the user state over them, and writes the ranked JSON and CSV (no run
 * id, no clock time: byte-identical for the same inputs). Jobs are held serialised and written one
 * at a time, so a profile of 100,000 jobs fits in memory; the bytes equal `renderRankedJson` and
 * `renderCsv` of `buildReport`.
 */
export function diffStage(ctx: RunContext): PipelineStage<DiffInput, string> {
  return {
    name: 'diff',
    needs: ['score'],
    // one profile at a time: a profile's scored jobs are the run's largest working set
    options: { policy: 'io', concurrency: 1 },
    plan: async ({ inputs }) => {
      const refs = refsOf(inputs, 'score');
      const items = [];
      for (const profile of selectProfiles(ctx)) {
        const scoreRefs = refs.filter((r) => r.startsWith(`scores/${profile.id}/`));
        const previousRunId = await previousRun(ctx, profile.id);
        const userState = await ctx.store.userState.list(profile.id);
        items.push({
          id: profile.id,
          input: { profile, scoreRefs, previousRunId },
          fingerprint: fingerprint({
            v: 2,
            runId: ctx.runId,
            scores: scoreRefs,
            previousRunId,
            minScore: ctx.minScore,
            userState: sha256Of(JSON.stringify(userState.map((u) => [u.jobId, u.status, u.note]))),
          }),
        });
      }
      return items;
    },
    worker: async ({ profile, scoreRefs, previousRunId }) => {
      const lights: Light[] = [];
      const serialised = new Map<string, string>();
      for (const ref of scoreRefs) {
        for (const j of await readJson<ScoredJob[]>(join(ctx.runDir, ref))) {
          lights.push({
            id: j.id,
            score: j.score,
            publishedAt: j.publishedAt,
            excluded: j.excluded,
            duplicateOf: j.duplicateOf,
            title: j.title,
            company: j.company,
            team: j.team,
            locations: j.locations,
            descriptionHash: j.descriptionHash,
            compensation: j.compensation,
          });
          serialised.set(j.id, JSON.stringify(j));
        }
      }
      let previous = null;
      if (previousRunId) {
        const path = join(ctx.stateDir, 'runs', previousRunId, rankedRef(profile.id));
        if (await fileExists(path)) previous = parsePreviousJobs(await readJson(path));
        else
          ctx.logger.warn(
            { previousRunId, profile: profile.id },
            'diff: the previous run has no ranked JSON (pruned?)',
          );
      }
      const userState = (await ctx.store.userState.list(profile.id)).map((u) => ({
        jobId: u.jobId,
        status: u.status,
        note: u.note,
      }));
      // buildReport reads only the light fields: its jobs are light records with their rank, user
      // state and change; each one's other fields are put back from its serialised form when written
      const {
        jobs: rankedJobs,
        hidden,
        ...header
      } = buildReport(compileProfile(profile), lights as ScoredJob[], {
        previous,
        userState,
      });
      const full = (j: ReportJob): ReportJob => ({
        ...(JSON.parse(serialised.get(j.id) as string) as ScoredJob),
        rank: j.rank,
        userStatus: j.userStatus,
        userNote: j.userNote,
        change: j.change,
      });

      const shortlist: ReportJob[] = [];
      let shortlisted = 0;
      const csvRows: string[] = [];
      await writeStreamed(join(ctx.runDir, rankedRef(profile.id)), async (put) => {
        const list = async (
          key: string,
          jobs: readonly ReportJob[],
          last: boolean,
          onJob?: (job: ReportJob) => void,
        ) => {
          if (jobs.length === 0) return put(`  ${JSON.stringify(key)}: []${last ? '' : ','}\n`);
          await put(`  ${JSON.stringify(key)}: [\n`);
          for (const [i, j] of jobs.entries()) {
            const job = full(j);
            onJob?.(job);
            await put(`    ${stableJsonFragment(job, '    ')}${i < jobs.length - 1 ? ',' : ''}\n`);
          }
          await put(`  ]${last ? '' : ','}\n`);
        };
        // keys in sorted order, as stableJson writes them
        await put('{\n');
        await put(`  "diagnostics": ${stableJsonFragment(header.diagnostics, '  ')},\n`);
        await put(`  "diff": ${stableJsonFragment(header.diff, '  ')},\n`);
        await list('hidden', hidden, false);
        await list('jobs', rankedJobs, false, (job) => {
          csvRows.push(csvRow(job));
          if (job.score < ctx.minScore) return;
          shortlisted++;
          if (shortlist.length < SHORTLIST_KEEP) shortlist.push(job);
        });
        await put(`  "profile": ${stableJsonFragment(header.profile, '  ')},\n`);
        await put(`  "removed": ${stableJsonFragment(header.removed, '  ')},\n`);
        await put(`  "schemaVersion": ${header.schemaVersion}\n}\n`);
      });
      await writeStreamed(join(ctx.runDir, 'profiles', profile.id, 'ranked.csv'), async (put) => {
        await put(`${CSV_COLUMNS.join(',')}\r\n`);
        for (const row of csvRows) await put(`${row}\r\n`);
      });
      await writeAtomic(
        join(ctx.runDir, shortlistRef(profile.id)),
        stableJson({
          report: { ...header, jobs: shortlist, hidden: hidden.map(full) },
          total: shortlisted,
          ranked: rankedJobs.length,
          alerts: rankedJobs.filter((j) => j.score >= ctx.alertScore).length,
        } satisfies ShortlistFile),
      );
      return rankedRef(profile.id);
    },
    outputRef: (_item, ref) => ref,
    outputExists: async (ref) =>
      (await fileExists(join(ctx.runDir, ref))) &&
      fileExists(join(ctx.runDir, ref.replace(/ranked\.json$/, 'ranked.csv'))),
  };
}
