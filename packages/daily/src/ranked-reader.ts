import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ReportJob } from '@jobintel/scoring';
import { DailyError, DailyErrorCode } from './errors.js';

/**
 * The ranked jobs (or the hidden ones) of a ranked JSON written by the diff stage, one at a time,
 * without parsing the whole file (a profile may have 100,000 jobs). It reads the canonical layout
 * (two-space indent, one job per element of the list); anything else is refused with the file's path.
 */
export async function* rankedJobs(path: string, list: 'jobs' | 'hidden' = 'jobs'): AsyncGenerator<ReportJob> {
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let inJobs = false;
  let sawJobs = false;
  let job: string[] | null = null;
  for await (const line of lines) {
    if (!inJobs) {
      if (line === `  "${list}": [`) inJobs = sawJobs = true;
      else if (line === `  "${list}": [],` || line === `  "${list}": []`) return;
      continue;
    }
    if (job === null) {
      if (line === '    {') job = ['{'];
      else if (line === '  ],') return;
      else throw notRanked(path, line);
      continue;
    }
    if (line === '    }' || line === '    },') {
      job.push('}');
      yield JSON.parse(job.join('\n')) as ReportJob;
      job = null;
    } else job.push(line);
  }
  throw notRanked(path, sawJobs ? `(the file ends inside "${list}")` : `(no "${list}" list)`);
}

function notRanked(path: string, line: string): DailyError {
  return new DailyError(
    DailyErrorCode.InvalidInput,
    `${path} is not a ranked JSON as jobintel writes it (at ${JSON.stringify(line.slice(0, 60))}): re-run the profile or restore the file`,
  );
}
