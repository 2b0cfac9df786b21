// The score stage's worker: runs in a worker thread (the runner's cpu policy), so it takes plain
// data, reads its chunk of jobs, compiles the profile itself and writes the chunk's scores to a file.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type CanonicalJob,
  type CorpusStats,
  compileProfile,
  type Profile,
  scorePostings,
} from '@jobintel/scoring';

export interface ScoreBatchInput {
  profile: Profile;
  /** Absolute path of the chunk of canonical jobs. */
  jobsPath: string;
  /** Descriptions the enrich stage fetched, by job id (null: none). */
  descriptions: Record<string, string> | null;
  asOf: string;
  corpus: CorpusStats | null;
  /** Absolute path of the batch's score file, and the ref returned for it. */
  path: string;
  ref: string;
}

const SLICE = 250;

export default async function scoreBatch(input: ScoreBatchInput): Promise<string> {
  const jobs = JSON.parse(await readFile(input.jobsPath, 'utf8')) as CanonicalJob[];
  if (input.descriptions) {
    for (const j of jobs) j.descriptionText = input.descriptions[j.id] ?? j.descriptionText;
  }
  const compiled = compileProfile(input.profile);
  const options = { asOf: input.asOf, ...(input.corpus ? { corpus: input.corpus } : {}) };
  // a few hundred jobs at a time, serialised as they come: the thread's working set stays small, and
  // the text is JSON.stringify of the whole list (a job's score does not depend on its neighbours)
  const parts: string[] = [];
  for (let i = 0; i < jobs.length; i += SLICE) {
    for (const job of scorePostings(compiled, jobs.slice(i, i + SLICE), options)) {
      parts.push(JSON.stringify(job));
    }
  }
  await mkdir(dirname(input.path), { recursive: true });
  const temp = `${input.path}.tmp-${randomBytes(4).toString('hex')}`;
  await writeFile(temp, `[${parts.join(',')}]\n`);
  await rename(temp, input.path);
  return input.ref;
}
