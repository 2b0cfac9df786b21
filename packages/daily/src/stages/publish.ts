import { join } from 'node:path';
import { type ArtifactStore, createFsStore, createS3Store, publish } from '@jobintel/publisher';
import { fingerprint, type PipelineStage } from '@jobintel/runner-core';
import type { RunContext } from '../context.js';
import { DailyError, DailyErrorCode } from '../errors.js';
import { fileExists, stableJson, writeAtomic } from '../fs.js';
import { refsOf } from './refs.js';

const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};
export const PUBLISH_REF = 'publish.json';

/** The artifact store of the config's publish target (the local folder by default). */
export function artifactStoreOf(ctx: RunContext): ArtifactStore | null {
  const target = ctx.loaded.config.publish;
  if (!target) return null;
  if (target.target === 'local') return createFsStore({ root: join(ctx.loaded.baseDir, target.dir) });
  const accessKeyId = ctx.env[target.accessKeyIdEnv];
  const secretAccessKey = ctx.env[target.secretAccessKeyEnv];
  if (!accessKeyId || !secretAccessKey) {
    throw new DailyError(
      DailyErrorCode.PublishFailed,
      `publish.target s3: set ${target.accessKeyIdEnv} and ${target.secretAccessKeyEnv} in the environment`,
    );
  }
  return createS3Store({
    bucket: target.bucket,
    prefix: target.prefix,
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    forcePathStyle: target.forcePathStyle,
    credentials: { accessKeyId, secretAccessKey },
  });
}

/** Publishes every profile's files (immutable run keys, verified, then latest/, then the pointer). */
export function publishStage(ctx: RunContext): PipelineStage<string[], string> {
  return {
    name: 'publish',
    needs: ['report', 'ai'],
    options: { policy: 'io', retries: 0 },
    plan: ({ inputs }) => {
      if (!ctx.flags.publish || !ctx.loaded.config.publish) return [];
      const dirs = refsOf(inputs, 'report');
      return [{ id: 'publish', input: dirs, fingerprint: fingerprint({ v: 1, runId: ctx.runId, dirs }) }];
    },
    worker: async (dirs) => {
      const store = artifactStoreOf(ctx);
      if (!store) return PUBLISH_REF;
      const profiles = [];
      for (const dir of dirs) {
        const names = ['ranked.json', 'ranked.csv', 'shortlist.md', 'top.md'];
        if (await fileExists(join(ctx.runDir, dir, 'ai.json'))) names.push('ai.json');
        profiles.push({
          profile: dir.split('/')[1] as string,
          artifacts: names.map((name) => ({
            name,
            contentType: CONTENT_TYPES[name.split('.').pop() as string] ?? 'application/octet-stream',
            file: join(ctx.runDir, dir, name),
          })),
        });
      }
      try {
        const result = await publish(
          store,
          { runId: ctx.runId, time: ctx.now().toISOString(), profiles },
          { logger: ctx.logger },
        );
        await ctx.store.artifacts.record(
          ctx.runId,
          result.plan.objects.map((a) => ({
            key: a.key,
            store: store.kind,
            sha256: a.sha256,
            bytes: a.bytes,
            contentType: a.contentType,
          })),
        );
        await writeAtomic(
          join(ctx.runDir, PUBLISH_REF),
          stableJson({
            store: store.kind,
            pointer: { key: result.plan.pointer.key, sha256: result.plan.pointer.sha256 },
            objects: result.plan.objects.length,
            uploaded: result.uploaded,
            reused: result.reused,
          }),
        );
      } catch (error) {
        throw new DailyError(DailyErrorCode.PublishFailed, `publish failed: ${(error as Error).message}`, {
          cause: error,
        });
      } finally {
        await store.close();
      }
      return PUBLISH_REF;
    },
    outputRef: (_item, ref) => ref,
    outputExists: (ref) => fileExists(join(ctx.runDir, ref)),
  };
}
