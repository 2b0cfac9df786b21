import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stableJson } from '@jobintel/scoring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankedJobs } from './ranked-reader.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jobintel-ranked-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(name: string, text: string, list: 'jobs' | 'hidden' = 'jobs') {
  const path = join(dir, name);
  await writeFile(path, text);
  const out = [];
  for await (const job of rankedJobs(path, list)) out.push(job);
  return out;
}

const jobs = [
  { id: 'a', score: 90, nested: { list: [1, { b: '}\n    },' }], empty: {} } },
  { id: 'b', score: 80, nested: { list: [], empty: {} } },
];
const doc = {
  diagnostics: { min: 1 },
  diff: null,
  hidden: [{ id: 'h', score: 5 }],
  jobs,
  profile: { id: 'p' },
};

describe('rankedJobs', () => {
  it('yields the jobs of a canonical ranking one by one, and none of an empty one', async () => {
    expect(await read('ok.json', stableJson(doc))).toEqual(jobs);
    expect(await read('empty.json', stableJson({ ...doc, jobs: [] }))).toEqual([]);
    expect(await read('hidden.json', stableJson(doc), 'hidden')).toEqual(doc.hidden);
    expect(await read('no-hidden.json', stableJson({ ...doc, hidden: [] }), 'hidden')).toEqual([]);
  });

  it('refuses a file in another layout or cut short, naming it', async () => {
    await expect(read('min.json', JSON.stringify(doc))).rejects.toMatchObject({
      code: 'DAILY_INVALID_INPUT',
      message: expect.stringContaining('min.json'),
    });
    const text = stableJson(doc);
    await expect(read('cut.json', text.slice(0, text.indexOf('"id": "b"')))).rejects.toThrow(/ends inside/);
  });
});
