import { arch, platform } from 'node:os';
import { join } from 'node:path';
import type { PipelineOutcome, StageOutcome } from '@jobintel/runner-core';
import { SCORING_MODEL_ID } from '@jobintel/scoring';
import type { RunContext } from '../context.js';
import { fileExists, hashFile, readJson } from '../fs.js';
import { type ShortlistFile, shortlistRef } from '../stages/diff.js';
import { type BoardMeta, metaRef } from '../stages/fetch.js';
import {
  type BoardReport,
  type FileRecord,
  type ProfileReport,
  RUN_REPORT_VERSION,
  type RunReport,
  type StageReport,
} from './schema.js';

export const PACKAGE_VERSION = '0.1.0';

const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

export async function fileRecord(runDir: string, path: string, profile: string | null): Promise<FileRecord> {
  const { sha256, bytes } = await hashFile(join(runDir, path));
  return {
    path,
    sha256,
    bytes,
    contentType: CONTENT_TYPES[path.split('.').pop() as string] ?? 'application/octet-stream',
    profile,
  };
}

// Why a stage stopped or failed (its first error), or that it had nothing to do.
function reasonOf(o: StageOutcome | undefined): string | null {
  if (!o) return null;
  if (o.stopReason) return o.stopReason.message;
  const first = o.errors[0];
  if (first) return `${first.code}: ${first.message}`;
  return o.planned === 0 ? 'nothing to do' : null;
}

export function stageReports(outcome: PipelineOutcome | null, names: readonly string[]): StageReport[] {
  return names.map((name) => {
    const s = outcome?.stages.find((x) => x.name === name);
    const o = s?.outcome;
    return {
      name,
      status: (s?.status ?? 'skipped') as StageReport['status'],
      reason: s?.reason ?? reasonOf(o),
      planned: o?.planned ?? 0,
      succeeded: o?.succeeded ?? 0,
      failed: o?.failed ?? 0,
      skipped: o?.skipped ?? 0,
      cancelled: o?.cancelled ?? 0,
      attempts: o?.attempts ?? 0,
      p50Ms: o && o.planned > 0 ? Math.round(o.execMs.p50 * 10) / 10 : null,
      p95Ms: o && o.planned > 0 ? Math.round(o.execMs.p95 * 10) / 10 : null,
      wallMs: Math.round(o?.wallMs ?? 0),
    };
  });
}

export async function boardReports(ctx: RunContext, boardRefs: readonly string[]): Promise<BoardReport[]> {
  const out: BoardReport[] = [];
  for (const ref of boardRefs) {
    const f = await readJson<BoardMeta>(join(ctx.runDir, metaRef(ref)));
    out.push({
      provider: f.board.provider,
      boardSlug: f.board.boardSlug,
      name: f.board.name,
      status: f.availability.status,
      reason: f.availability.reason,
      detail: f.availability.detail,
      attempts: f.availability.attempts,
      bytes: f.availability.bytes,
      postings: f.postings,
      warnings: f.warnings,
      provenance: f.provenance as unknown as Record<string, unknown>,
    });
  }
  return out;
}

export async function profileReport(
  ctx: RunContext,
  id: string,
  previousRunId: string | null,
): Promise<ProfileReport | null> {
  // the diff stage's summary, not the ranking itself (which may hold 100,000 jobs)
  const path = join(ctx.runDir, shortlistRef(id));
  if (!(await fileExists(path))) return null;
  const { report: r, total, ranked, alerts } = await readJson<ShortlistFile>(path);
  return {
    id,
    jobs: ranked,
    shortlisted: total,
    alerts,
    new: r.diff?.new ?? 0,
    changed: r.diff?.changed ?? 0,
    removed: r.diff?.removed ?? 0,
    hidden: r.hidden.length,
    previousRunId,
    diagnostics: r.diagnostics as unknown as Record<string, unknown>,
    top: r.jobs
      .slice(0, 5)
      .map((j) => ({ id: j.id, score: j.score, title: j.title, company: j.company, url: j.url })),
  };
}

export function environmentFingerprint(
  database: 'pglite' | 'postgres',
): RunReport['fingerprints']['environment'] {
  return { node: process.version, platform: platform(), arch: arch(), jobintel: PACKAGE_VERSION, database };
}

export { RUN_REPORT_VERSION, SCORING_MODEL_ID };
