import { type Logger, silentLogger } from '@jobintel/runner-core';
import { z } from 'zod';
import { sha256Hex } from '../hash.js';
import { parseOptions } from '../options.js';
import { mapPool } from '../pool.js';
import type { ArtifactStore } from '../store/contract.js';
import type { PublishPlan } from './plan.js';
import { type ArtifactRecord, latestPrefix, POINTER_KEY } from './schema.js';
import { readPointer } from './state.js';

/** The exit codes of `verify`, as the CLI uses them. */
export const VerifyExitCode = { Ok: 0, Mismatch: 2, RuntimeError: 3 } as const;
export type VerifyExitCode = (typeof VerifyExitCode)[keyof typeof VerifyExitCode];

export type VerifyProblemKind = 'missing' | 'bytes' | 'sha256' | 'content' | 'unexpected';
export interface VerifyProblem {
  key: string;
  kind: VerifyProblemKind;
  expected?: string | number;
  actual?: string | number;
}

export interface VerifyResult {
  exitCode: VerifyExitCode;
  status: 'ok' | 'mismatch' | 'error';
  /** The run the pointer names (null when there is no pointer). */
  pointerRunId: string | null;
  /** Objects checked. */
  checked: number;
  /** Sorted by key, then kind. */
  problems: VerifyProblem[];
  /** Set when status is 'error': what stopped the check (the store could not be read, ...). */
  error?: { code: string; message: string };
}

export const verifyOptionsSchema = z.strictObject({
  /** The run report to check `runs/` against: a plan (or `publish` result's plan). */
  expected: z.custom<Pick<PublishPlan, 'runId' | 'objects'>>().optional(),
  /** Download every object and hash it, instead of trusting the recorded sha256. */
  deep: z.boolean().default(false),
  concurrency: z.int().min(1).max(256).default(8),
  logger: z.custom<Logger>().optional(),
});
export type VerifyOptions = z.input<typeof verifyOptionsSchema>;

/**
 * Checks that the objects of a run exist with the expected bytes and sha256 (against `expected` when
 * given), and that the pointer's run is complete under `runs/` and `latest/` matches it exactly.
 * Throws only for invalid options; never for a store problem: the result says `exitCode` 0 (all good), 2 (mismatch or missing)
 * or 3 (the check could not be completed).
 */
export async function verify(store: ArtifactStore, options: VerifyOptions = {}): Promise<VerifyResult> {
  // bad options are a programming error and throw; everything after is reported in the result
  const { expected, deep, concurrency, logger } = parseOptions(verifyOptionsSchema, options, 'verify');
  const log = (logger ?? silentLogger).child({ component: 'publisher', op: 'verify' });
  let pointerRunId: string | null = null;
  try {
    const problems: VerifyProblem[] = [];
    let checked = 0;
    const check = async (key: string, record: ArtifactRecord) => {
      checked++;
      const info = await store.head(key);
      if (!info) return problems.push({ key, kind: 'missing' });
      if (info.bytes !== record.bytes)
        return problems.push({ key, kind: 'bytes', expected: record.bytes, actual: info.bytes });
      if (info.sha256 !== record.sha256) {
        return problems.push({
          key,
          kind: 'sha256',
          expected: record.sha256,
          actual: info.sha256 ?? 'none recorded',
        });
      }
      if (deep) {
        // read the raw bytes and hash them here: a store's own check would only say "integrity"
        const actual = await store.get(key).then(
          ({ body }) => sha256Hex(body),
          (error: { code?: string }) => {
            if (error.code === 'STORE_INTEGRITY') return 'differs from the recorded sha256';
            throw error;
          },
        );
        if (actual !== record.sha256)
          problems.push({ key, kind: 'content', expected: record.sha256, actual });
      }
      return undefined;
    };

    if (expected) await mapPool(expected.objects, concurrency, (r) => check(r.key, r));
    const pointer = await readPointer(store);
    if (!pointer) {
      checked++;
      problems.push({ key: POINTER_KEY, kind: 'missing' });
    } else {
      pointerRunId = pointer.runId;
      const runKeys = new Set(expected?.objects.map((o) => o.key) ?? []);
      await mapPool(
        pointer.artifacts.filter((a) => !runKeys.has(a.key)),
        concurrency,
        (a) => check(a.key, a),
      );
      await mapPool(pointer.artifacts, concurrency, (a) => check(a.latestKey, a));
      for (const profile of pointer.profiles) {
        const wanted = new Set(
          pointer.artifacts.filter((a) => a.profile === profile).map((a) => a.latestKey),
        );
        for (const o of await store.list(latestPrefix(profile))) {
          if (!wanted.has(o.key)) problems.push({ key: o.key, kind: 'unexpected' });
        }
      }
    }
    problems.sort((a, b) =>
      a.key < b.key ? -1 : a.key > b.key ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0,
    );
    const ok = problems.length === 0;
    log.info(
      { checked, problems: problems.length, pointerRunId },
      ok ? 'verify passed' : 'verify found problems',
    );
    return {
      exitCode: ok ? VerifyExitCode.Ok : VerifyExitCode.Mismatch,
      status: ok ? 'ok' : 'mismatch',
      pointerRunId,
      checked,
      problems,
    };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    log.error({ err: error }, 'verify could not complete');
    return {
      exitCode: VerifyExitCode.RuntimeError,
      status: 'error',
      pointerRunId,
      checked: 0,
      problems: [],
      error: { code: e.code ?? 'UNKNOWN', message: e.message ?? String(error) },
    };
  }
}
