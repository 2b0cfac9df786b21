import type { z } from 'zod';
import { PublisherError, PublisherErrorCode } from '../errors.js';
import type { ArtifactStore } from '../store/contract.js';
import { INTENT_KEY, type Intent, intentSchema, POINTER_KEY, type Pointer, pointerSchema } from './schema.js';

async function readDocument<S extends z.ZodType>(
  store: ArtifactStore,
  key: string,
  schema: S,
): Promise<z.output<S> | undefined> {
  if ((await store.head(key)) === undefined) return undefined;
  const { body } = await store.get(key);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new PublisherError(PublisherErrorCode.Io, `${key} is not valid JSON`, { cause: error });
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new PublisherError(
      PublisherErrorCode.Io,
      `${key} does not match its schema: ${result.error.issues[0]?.message}`,
    );
  }
  return result.data;
}

/** The last successful run, or undefined before the first one. */
export function readPointer(store: ArtifactStore): Promise<Pointer | undefined> {
  return readDocument(store, POINTER_KEY, pointerSchema);
}

/** The publish that was replacing `latest/` when it stopped, if any. */
export function readIntent(store: ArtifactStore): Promise<Intent | undefined> {
  return readDocument(store, INTENT_KEY, intentSchema);
}

export async function writeIntent(store: ArtifactStore, intent: Intent): Promise<void> {
  await store.put(INTENT_KEY, `${JSON.stringify(intent, null, 2)}\n`, { contentType: 'application/json' });
}
