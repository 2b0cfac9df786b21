import { PublisherError, PublisherErrorCode } from '../errors.js';
import { hashFile, sha256Hex } from '../hash.js';
import { parseOptions } from '../options.js';
import type { ArtifactBody } from '../store/contract.js';
import {
  type ArtifactRecord,
  latestPrefix,
  POINTER_KEY,
  type Pointer,
  type PublishInput,
  publishInputSchema,
  runPrefix,
} from './schema.js';

/** The dry run of a publish: every object and the pointer, exactly as `publish` would write them. */
export interface PublishPlan {
  runId: string;
  time: string;
  /** Sorted by key. */
  objects: ArtifactRecord[];
  pointer: { key: string; bytes: number; sha256: string; contentType: string; document: Pointer };
}

/** A plan plus where each object's bytes come from (not part of the plan's JSON). */
export interface PlanWithSources {
  plan: PublishPlan;
  sources: Map<string, ArtifactBody>;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Plans a publish: validates the input, hashes every artifact (files are streamed) and renders the
 * pointer. No network, no store: the same input always gives the same plan, whatever its order.
 */
export async function planPublish(input: PublishInput): Promise<PublishPlan> {
  return (await planWithSources(input)).plan;
}

export async function planWithSources(input: PublishInput): Promise<PlanWithSources> {
  const valid = parseOptions(publishInputSchema, input, 'publish input');
  const sources = new Map<string, ArtifactBody>();
  const objects: ArtifactRecord[] = [];
  for (const { profile, artifacts } of valid.profiles) {
    for (const artifact of artifacts) {
      let body: ArtifactBody;
      let digest: { sha256: string; bytes: number };
      if ('file' in artifact) {
        body = { file: artifact.file };
        digest = await hashFile(artifact.file).catch((error: unknown) => {
          throw new PublisherError(
            PublisherErrorCode.InvalidOptions,
            `invalid publish input: profile ${profile} artifact ${artifact.name}: cannot read its file`,
            { cause: error },
          );
        });
      } else {
        body = typeof artifact.body === 'string' ? Buffer.from(artifact.body, 'utf8') : artifact.body;
        digest = { sha256: sha256Hex(body), bytes: body.length };
      }
      const key = `${runPrefix(valid.runId, profile)}${artifact.name}`;
      sources.set(key, body);
      objects.push({
        profile,
        name: artifact.name,
        key,
        latestKey: `${latestPrefix(profile)}${artifact.name}`,
        ...digest,
        contentType: artifact.contentType,
      });
    }
  }
  objects.sort((a, b) => compare(a.key, b.key));
  const document: Pointer = {
    schemaVersion: 1,
    runId: valid.runId,
    time: valid.time,
    profiles: valid.profiles.map((p) => p.profile).sort(compare),
    artifacts: objects,
  };
  const text = renderPointer(document);
  return {
    plan: {
      runId: valid.runId,
      time: valid.time,
      objects,
      pointer: {
        key: POINTER_KEY,
        bytes: Buffer.byteLength(text),
        sha256: sha256Hex(text),
        contentType: 'application/json',
        document,
      },
    },
    sources,
  };
}

/** The pointer's exact bytes: fixed field order, two-space indent, trailing newline. */
export function renderPointer(pointer: Pointer): string {
  return `${JSON.stringify(pointer, null, 2)}\n`;
}
