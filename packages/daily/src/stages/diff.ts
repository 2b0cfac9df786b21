import { once } from 'node:events';
import { closeSync, createWriteStream, openSync, readSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fingerprint, type PipelineStage } from '@jobintel/runner-core';
import {
  buildReport,
  CSV_COLUMNS,
  compileProfile,
  csvRow,
  type PreviousJob,
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
/** Jobs kept for the ai stage (its tasks take at most 100) and, of each kind, for notify (at most 25). */
const HEAD_KEEP = 100;

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
  /** The first jobs of the ranking, whatever their score (the ai stage's input). */
  top: ReportJob[];
  /** New and changed jobs at or above alertScore, in rank order, up to HEAD_KEEP of each (notify's input). */
  alerted: ReportJob[];
}

export interface DiffInput {
  profile: Profile;
  scoreRefs: string[];
  previousRunId: string | null;
}

/** What ranking, diffing and the overlay read of a job; the rest stays serialised until it is written. */
export type Light = Pick<
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

/** What the next run's diff reads of this run's jobs (`PreviousJob`s), smaller than the ranking. */
export const diffBaseRef = (profile: string) => `work/${profile}/diff-base.json`;

export function lightOf(j: ScoredJob): Light {
  return {
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
  };
}

/** Exactly the fields a diff reads (the jobs here are ranked records, with rank and overlay too). */
function previousOf(j: Light): PreviousJob {
  const { id, title, company, team, locations, descriptionHash, compensation, score } = j;
  return { id, title, company, team, locations, descriptionHash, compensation, score };
}

/** The previous run's jobs: its diff base, or (runs before there was one) its ranked JSON. */
async function previousJobs(
  ctx: RunContext,
  profile: string,
  previousRunId: string | null,
): Promise<PreviousJob[] | null> {
  if (!previousRunId) return null;
  const dir = join(ctx.stateDir, 'runs', previousRunId);
  for (const ref of [diffBaseRef(profile), rankedRef(profile)]) {
    const path = join(dir, ref);
    if (await fileExists(path)) return parsePreviousJobs(await readJson(path));
  }
  ctx.logger.warn({ previousRunId, profile }, 'diff: the previous run has no ranked JSON (pruned?)');
  return null;
}

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
            v: 4,
            runId: ctx.runId,
            alertScore: ctx.alertScore,
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
      const work = join(ctx.runDir, 'work', profile.id);
      await mkdir(work, { recursive: true });
      // each job's full record waits in a spill file (offset and length by slot) until it is written
      const spill = join(work, 'jobs.spill');
      const lights: Light[] = [];
      const slots = new Map<string, number>();
      const offsets: number[] = [];
      const lengths: number[] = [];
      let end = 0;
      const out = await open(spill, 'w');
      try {
        for (const ref of scoreRefs) {
          const parts: Buffer[] = [];
          for (const j of await readJson<ScoredJob[]>(join(ctx.runDir, ref))) {
            lights.push(lightOf(j));
            const bytes = Buffer.from(JSON.stringify(j));
            slots.set(j.id, offsets.length);
            offsets.push(end);
            lengths.push(bytes.byteLength);
            end += bytes.byteLength;
            parts.push(bytes);
          }
          await out.appendFile(Buffer.concat(parts));
        }
      } finally {
        await out.close();
      }
      const previous = await previousJobs(ctx, profile.id, previousRunId);
      const userState = (await ctx.store.userState.list(profile.id)).map((u) => ({
        jobId: u.jobId,
        status: u.status,
        note: u.note,
      }));
      // buildReport reads only the light fields: its jobs are light records with their rank, user
      // state and change; each one's other fields are read back from the spill file when written
      const {
        jobs: rankedJobs,
        hidden,
        ...header
      } = buildReport(compileProfile(profile), lights as ScoredJob[], {
        previous,
        userState,
      });
      lights.length = 0;
      const fd = openSync(spill, 'r');
      let buffer = Buffer.alloc(1 << 16);
      const full = (j: ReportJob): ReportJob => {
        const slot = slots.get(j.id) as number;
        const length = lengths[slot] as number;
        if (buffer.byteLength < length) buffer = Buffer.alloc(length);
        readSync(fd, buffer, 0, length, offsets[slot] as number);
        return {
          ...(JSON.parse(buffer.toString('utf8', 0, length)) as ScoredJob),
          rank: j.rank,
          userStatus: j.userStatus,
          userNote: j.userNote,
          change: j.change,
        };
      };

      const shortlist: ReportJob[] = [];
      let shortlisted = 0;
      const top: ReportJob[] = [];
      const alerted: ReportJob[] = [];
      const alertedKinds = { new: 0, changed: 0 };
      try {
        await writeStreamed(join(ctx.runDir, 'profiles', profile.id, 'ranked.csv'), async (putCsv) => {
          await putCsv(`${CSV_COLUMNS.join(',')}\r\n`);
          await writeStreamed(join(ctx.runDir, rankedRef(profile.id)), async (put) => {
            const list = async (
              key: string,
              jobs: readonly ReportJob[],
              last: boolean,
              onJob?: (job: ReportJob) => Promise<void>,
            ) => {
              if (jobs.length === 0) return put(`  ${JSON.stringify(key)}: []${last ? '' : ','}\n`);
              await put(`  ${JSON.stringify(key)}: [\n`);
              for (const [i, j] of jobs.entries()) {
                const job = full(j);
                await onJob?.(job);
                await put(`    ${stableJsonFragment(job, '    ')}${i < jobs.length - 1 ? ',' : ''}\n`);
              }
              await put(`  ]${last ? '' : ','}\n`);
            };
            // keys in sorted order, as stableJson writes them
            await put('{\n');
            await put(`  "diagnostics": ${stableJsonFragment(header.diagnostics, '  ')},\n`);
            await put(`  "diff": ${stableJsonFragment(header.diff, '  ')},\n`);
            await list('hidden', hidden, false);
            await list('jobs', rankedJobs, false, async (job) => {
              await putCsv(`${csvRow(job)}\r\n`);
              if (top.length < HEAD_KEEP) top.push(job);
              if (job.score >= ctx.alertScore && job.change !== null) {
                const kind = job.change === 'new' ? 'new' : 'changed';
                if (alertedKinds[kind]++ < HEAD_KEEP) alerted.push(job);
              }
              if (job.score < ctx.minScore) return;
              shortlisted++;
              if (shortlist.length < SHORTLIST_KEEP) shortlist.push(job);
            });
            await put(`  "profile": ${stableJsonFragment(header.profile, '  ')},\n`);
            await put(`  "removed": ${stableJsonFragment(header.removed, '  ')},\n`);
            await put(`  "schemaVersion": ${header.schemaVersion}\n}\n`);
          });
        });
        await writeAtomic(
          join(ctx.runDir, shortlistRef(profile.id)),
          stableJson({
            report: { ...header, jobs: shortlist, hidden: hidden.map(full) },
            total: shortlisted,
            ranked: rankedJobs.length,
            alerts: rankedJobs.filter((j) => j.score >= ctx.alertScore).length,
            top,
            alerted,
          } satisfies ShortlistFile),
        );
      } finally {
        closeSync(fd);
        await rm(spill, { force: true });
      }
      // what the next run diffs against: the fields a diff reads, without the rest of the ranking
      await writeAtomic(
        join(ctx.runDir, diffBaseRef(profile.id)),
        stableJson([...rankedJobs, ...hidden].map(previousOf)),
      );
      return rankedRef(profile.id);
    },
    outputRef: (_item, ref) => ref,
    outputExists: async (ref) => {
      const profile = ref.split('/')[1] as string;
      for (const other of [
        ref,
        `profiles/${profile}/ranked.csv`,
        shortlistRef(profile),
        diffBaseRef(profile),
      ]) {
        if (!(await fileExists(join(ctx.runDir, other)))) return false;
      }
      return true;
    },
  };
}
