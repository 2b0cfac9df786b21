import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { type Logger, silentLogger } from '@jobintel/runner-core';
import { z } from 'zod';
import { PublisherError, PublisherErrorCode } from '../errors.js';
import { hashFile, sha256Hex } from '../hash.js';
import { parseOptions } from '../options.js';
import { type RetryPolicy, withRetry } from '../retry.js';
import {
  type ArtifactBody,
  type ArtifactStore,
  assertValidKey,
  assertValidPrefix,
  type ListedObject,
  type ObjectInfo,
  type PutOptions,
  type PutResult,
} from './contract.js';

const MiB = 1024 * 1024;
/** The user metadata key that holds the sha256 (sent as `x-amz-meta-sha256`). */
export const SHA256_METADATA_KEY = 'sha256';

export const s3StoreOptionsSchema = z.strictObject({
  bucket: z.string().min(3),
  /** A key prefix inside the bucket (`jobintel/`), so that several stores can share one bucket. */
  prefix: z
    .string()
    .regex(/^([A-Za-z0-9_-][A-Za-z0-9._-]*\/)*$/, "must be segments ending in '/', like 'jobintel/'")
    .default(''),
  region: z.string().min(1).default('us-east-1'),
  /** Any S3-compatible endpoint (MinIO, R2, s3rver); AWS when absent. */
  endpoint: z.url().optional(),
  /** Path-style addressing (`endpoint/bucket/key`), which most S3-compatible servers need. */
  forcePathStyle: z.boolean().default(true),
  /** Explicit credentials; when absent the AWS SDK reads them from the environment (AWS_ACCESS_KEY_ID...). */
  credentials: z
    .strictObject({
      accessKeyId: z.string().min(1),
      secretAccessKey: z.string().min(1),
      sessionToken: z.string().optional(),
    })
    .optional(),
  /** Bodies of at least this size go up as multipart uploads. */
  multipartThresholdBytes: z
    .int()
    .min(5 * MiB)
    .default(16 * MiB),
  partSizeBytes: z
    .int()
    .min(5 * MiB)
    .default(8 * MiB),
  /** Parts of one multipart upload in flight at once. */
  queueSize: z.int().min(1).max(64).default(4),
  listPageSize: z.int().min(1).max(1000).default(1000),
  connectTimeoutMs: z.int().positive().default(5_000),
  requestTimeoutMs: z.int().positive().default(120_000),
  retry: z
    .strictObject({
      attempts: z.int().min(1).max(20).default(4),
      baseMs: z.int().min(0).default(200),
      capMs: z.int().min(0).default(5_000),
      seed: z.int().default(1),
    })
    .prefault({}),
  /** A ready client (its own config then applies); the store does not destroy it on close. */
  client: z.instanceof(S3Client).optional(),
  logger: z.custom<Logger>().optional(),
});
export type S3StoreOptions = z.input<typeof s3StoreOptionsSchema>;

/**
 * Artifact store on S3 or any S3-compatible server. The sha256 of every object is put in its metadata
 * and checked on `get`; large bodies go up as multipart uploads; failed requests are retried with
 * jittered exponential backoff (the SDK's own retries are off so that one policy applies).
 */
export function createS3Store(input: S3StoreOptions): ArtifactStore {
  const options = parseOptions(s3StoreOptionsSchema, input, 's3 store');
  const log = (options.logger ?? silentLogger).child({ component: 's3-store', bucket: options.bucket });
  const ownClient = options.client === undefined;
  const client =
    options.client ??
    new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle,
      // a copy: the SDK annotates the credentials object it is given
      ...(options.credentials ? { credentials: { ...options.credentials } } : {}),
      maxAttempts: 1,
      // aws-chunked trailing checksums are not understood by many S3-compatible servers; we keep our own sha256
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: {
        connectionTimeout: options.connectTimeoutMs,
        requestTimeout: options.requestTimeoutMs,
      },
    });
  const Bucket = options.bucket;
  const fullKey = (key: string) => `${options.prefix}${key}`;
  const policy: RetryPolicy = options.retry;

  const call = <T>(op: string, key: string, fn: () => Promise<T>): Promise<T> =>
    withRetry(
      policy,
      async () => {
        try {
          return await fn();
        } catch (error) {
          throw s3Error(op, key, error);
        }
      },
      (error, attempt, delayMs) =>
        log.warn(
          { op, key, attempt, delayMs, code: (error as PublisherError).code },
          's3 request failed, retrying',
        ),
    );

  async function head(key: string): Promise<ObjectInfo | undefined> {
    assertValidKey(key);
    try {
      const out = await call('head', key, () =>
        client.send(new HeadObjectCommand({ Bucket, Key: fullKey(key) })),
      );
      return {
        key,
        bytes: out.ContentLength ?? 0,
        sha256: out.Metadata?.[SHA256_METADATA_KEY],
        contentType: out.ContentType ?? 'application/octet-stream',
      };
    } catch (error) {
      if ((error as PublisherError).code === PublisherErrorCode.NotFound) return undefined;
      throw error;
    }
  }

  async function put(key: string, body: ArtifactBody, putOptions: PutOptions): Promise<PutResult> {
    assertValidKey(key);
    const expected = putOptions.sha256;
    if (typeof body === 'string' || body instanceof Uint8Array) {
      const data =
        typeof body === 'string'
          ? Buffer.from(body, 'utf8')
          : Buffer.from(body.buffer, body.byteOffset, body.length);
      const sha256 = sha256Hex(data);
      checkExpected(key, expected, sha256);
      if (data.length >= options.multipartThresholdBytes) {
        await call('put', key, () => multipart(key, data, sha256, putOptions.contentType));
      } else {
        await call('put', key, () => putSmall(key, data, sha256, putOptions.contentType));
      }
      log.debug({ key, bytes: data.length }, 'stored');
      return { key, bytes: data.length, sha256, contentType: putOptions.contentType };
    }
    const { size } = await stat(body.file).catch((error) => {
      throw new PublisherError(PublisherErrorCode.Io, `put ${key}: cannot read the source file`, {
        cause: error,
      });
    });
    if (size < options.multipartThresholdBytes) return put(key, await readFile(body.file), putOptions);
    // large file: hash it first (the sha256 must be in the metadata before the upload starts) unless the
    // caller knows it, then check the streamed bytes against it on the way up
    const sha256 = expected ?? (await hashFile(body.file)).sha256;
    const actual = await call('put', key, async () => {
      const hash = createHash('sha256');
      const hashing = new Transform({
        transform(chunk, _encoding, done) {
          hash.update(chunk as Buffer);
          done(null, chunk);
        },
      });
      const source = createReadStream(body.file, { highWaterMark: 1 << 20 });
      source.on('error', (error) => hashing.destroy(error)); // pipe() alone would leave the upload waiting
      await multipart(key, source.pipe(hashing), sha256, putOptions.contentType);
      return hash.digest('hex');
    });
    if (actual !== sha256) {
      await remove(key);
      checkExpected(key, sha256, actual);
    }
    log.debug({ key, bytes: size }, 'stored');
    return { key, bytes: size, sha256, contentType: putOptions.contentType };
  }

  async function putSmall(key: string, data: Buffer, sha256: string, contentType: string): Promise<void> {
    await client.send(
      new PutObjectCommand({
        Bucket,
        Key: fullKey(key),
        Body: data,
        ContentLength: data.length,
        ContentType: contentType,
        Metadata: { [SHA256_METADATA_KEY]: sha256 },
      }),
    );
  }

  async function multipart(
    key: string,
    body: Buffer | NodeJS.ReadableStream,
    sha256: string,
    contentType: string,
  ) {
    const upload = new Upload({
      client,
      params: {
        Bucket,
        Key: fullKey(key),
        Body: body as Buffer,
        ContentType: contentType,
        Metadata: { [SHA256_METADATA_KEY]: sha256 },
      },
      partSize: options.partSizeBytes,
      queueSize: options.queueSize,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async function get(key: string): Promise<{ info: ObjectInfo; body: Buffer }> {
    assertValidKey(key);
    const { out, body } = await call('get', key, async () => {
      const out = await client.send(new GetObjectCommand({ Bucket, Key: fullKey(key) }));
      const bytes = await out.Body?.transformToByteArray();
      return { out, body: Buffer.from(bytes ?? new Uint8Array()) };
    });
    const recorded = out.Metadata?.[SHA256_METADATA_KEY];
    const actual = sha256Hex(body);
    if (recorded !== undefined && recorded !== actual) {
      throw new PublisherError(
        PublisherErrorCode.Integrity,
        `get ${key}: the stored bytes hash to ${actual}, not the recorded ${recorded}`,
        { details: { key, expected: recorded, actual } },
      );
    }
    return {
      info: {
        key,
        bytes: body.length,
        sha256: actual,
        contentType: out.ContentType ?? 'application/octet-stream',
      },
      body,
    };
  }

  async function copy(from: string, to: string): Promise<ObjectInfo> {
    assertValidKey(from);
    assertValidKey(to);
    // server-side, metadata (the sha256) and content type included; S3 copies up to 5 GiB this way
    await call('copy', from, () =>
      client.send(
        new CopyObjectCommand({
          Bucket,
          Key: fullKey(to),
          CopySource: `${Bucket}/${fullKey(from)}`,
          MetadataDirective: 'COPY',
        }),
      ),
    );
    const info = await head(to);
    if (!info)
      throw new PublisherError(PublisherErrorCode.Io, `copy ${from} to ${to}: the copy is not there`);
    return info;
  }

  async function list(prefix: string): Promise<ListedObject[]> {
    assertValidPrefix(prefix);
    const found: ListedObject[] = [];
    // ListObjects (v1) paged by Marker = the last key seen: every S3-compatible server pages it the same
    // way, while v2 continuation tokens are opaque and some servers cannot even make them
    let marker: string | undefined;
    for (;;) {
      const page = await call('list', prefix, () =>
        client.send(
          new ListObjectsCommand({
            Bucket,
            Prefix: fullKey(prefix),
            MaxKeys: options.listPageSize,
            ...(marker ? { Marker: marker } : {}),
          }),
        ),
      );
      const contents = page.Contents ?? [];
      for (const item of contents) {
        if (item.Key) found.push({ key: item.Key.slice(options.prefix.length), bytes: item.Size ?? 0 });
      }
      const last = contents.at(-1)?.Key;
      if (!page.IsTruncated || !last) break;
      marker = last;
    }
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async function remove(key: string): Promise<void> {
    assertValidKey(key);
    await call('delete', key, () => client.send(new DeleteObjectCommand({ Bucket, Key: fullKey(key) })));
  }

  return {
    kind: 's3',
    put,
    get,
    head,
    copy,
    list,
    delete: remove,
    close: async () => {
      if (ownClient) client.destroy();
    },
  };
}

function checkExpected(key: string, expected: string | undefined, actual: string): void {
  if (expected !== undefined && expected !== actual) {
    throw new PublisherError(
      PublisherErrorCode.Integrity,
      `put ${key}: the body's sha256 ${actual} is not the expected ${expected}`,
      { details: { key, expected, actual } },
    );
  }
}

const NOT_FOUND = new Set(['NotFound', 'NoSuchKey']);
const DENIED = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'NoSuchBucket',
  'AllAccessDisabled',
  'InvalidBucketName',
]);
const THROTTLED = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestTimeout',
  'RequestTimeTooSkewed',
]);

/**
 * Maps an SDK or network error to a PublisherError. The SDK error is not kept as the cause: its
 * request and response objects may carry the access key id, and nothing here may leak credentials.
 */
function s3Error(op: string, key: string, error: unknown): PublisherError {
  if (error instanceof PublisherError) return error;
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? 'Error';
  const what = `s3 ${op} ${key}: ${name}${e.code && e.code !== name ? ` ${e.code}` : ''}${status ? ` (HTTP ${status})` : ''}`;
  const details = { op, key, name, status, errno: e.code };
  if (NOT_FOUND.has(name) || status === 404) {
    return new PublisherError(PublisherErrorCode.NotFound, `${what}: no such object`, { details });
  }
  if (DENIED.has(name) || status === 403) {
    return new PublisherError(PublisherErrorCode.AccessDenied, what, { details });
  }
  if (THROTTLED.has(name) || status === undefined || status === 429 || status >= 500) {
    // no HTTP status at all: the request never got an answer (refused, reset, timed out)
    return new PublisherError(PublisherErrorCode.Unavailable, what, { details, retryable: true });
  }
  return new PublisherError(PublisherErrorCode.Io, what, { details });
}
