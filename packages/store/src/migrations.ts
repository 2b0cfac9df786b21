import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** One committed migration (drizzle-kit's output in ../migrations). */
export interface Migration {
  idx: number;
  tag: string;
  /** sha256 of the SQL file: an applied migration whose hash differs is a schema mismatch. */
  hash: string;
  statements: string[];
}

const journalSchema = z.object({
  entries: z.array(z.object({ idx: z.number().int(), tag: z.string() })),
});

// src/ and dist/ are both one level below the package root, where migrations/ ships.
const migrationsDir = new URL('../migrations/', import.meta.url);

let cached: Migration[] | undefined;

/** The migrations this version of the package ships, in order. */
export function loadMigrations(): Migration[] {
  if (cached) return cached;
  const journal = journalSchema.parse(
    JSON.parse(readFileSync(new URL('meta/_journal.json', migrationsDir), 'utf8')),
  );
  cached = journal.entries
    .toSorted((a, b) => a.idx - b.idx)
    .map(({ idx, tag }) => {
      const text = readFileSync(new URL(`${tag}.sql`, migrationsDir), 'utf8');
      return {
        idx,
        tag,
        hash: createHash('sha256').update(text).digest('hex'),
        statements: text
          .split('--> statement-breakpoint')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    });
  return cached;
}

/** A short identity of the shipped migrations (names test template databases). */
export function migrationsFingerprint(): string {
  const h = createHash('sha256');
  for (const m of loadMigrations()) h.update(`${m.idx}:${m.hash}\n`);
  return h.digest('hex').slice(0, 12);
}
