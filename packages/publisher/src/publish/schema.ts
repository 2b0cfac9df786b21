import { z } from 'zod';
import { SHA256_HEX } from '../hash.js';
import { keyProblem } from '../store/contract.js';

/** The fixed keys of the protocol. */
export const POINTER_KEY = 'state/last_success.json';
export const INTENT_KEY = 'state/publish-intent.json';
export const runPrefix = (runId: string, profile: string) => `runs/${runId}/${profile}/`;
export const latestPrefix = (profile: string) => `latest/${profile}/`;

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const segment = (what: string) =>
  z
    .string()
    .max(128)
    .regex(SEGMENT, `${what} must be letters, digits, '.', '_' or '-' and must not start with '.'`);
const artifactName = z.string().superRefine((name, ctx) => {
  const problem = keyProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: `artifact name: ${problem}` });
});

const artifactInputSchema = z.union([
  z.strictObject({
    name: artifactName,
    contentType: z.string().min(1),
    body: z.union([z.string(), z.instanceof(Uint8Array)]),
  }),
  z.strictObject({ name: artifactName, contentType: z.string().min(1), file: z.string().min(1) }),
]);
export type ArtifactInput = z.input<typeof artifactInputSchema>;

/** What the report stage hands to publish: the run's artifacts, per profile, as bytes or local files. */
export const publishInputSchema = z
  .strictObject({
    runId: segment('runId'),
    /** When the run finished (ISO 8601); written into the pointer as given, so plans are deterministic. */
    time: z.iso.datetime({ offset: true }),
    profiles: z
      .array(z.strictObject({ profile: segment('profile'), artifacts: z.array(artifactInputSchema).min(1) }))
      .min(1),
  })
  .superRefine((input, ctx) => {
    const profiles = new Set<string>();
    input.profiles.forEach((p, i) => {
      if (profiles.has(p.profile))
        ctx.addIssue({
          code: 'custom',
          path: ['profiles', i, 'profile'],
          message: `duplicate profile ${p.profile}`,
        });
      profiles.add(p.profile);
      const names = new Set<string>();
      p.artifacts.forEach((a, j) => {
        if (names.has(a.name)) {
          ctx.addIssue({
            code: 'custom',
            path: ['profiles', i, 'artifacts', j, 'name'],
            message: `duplicate artifact ${a.name}`,
          });
        }
        names.add(a.name);
      });
    });
  });
export type PublishInput = z.input<typeof publishInputSchema>;

export const artifactRecordSchema = z.strictObject({
  profile: z.string(),
  name: z.string(),
  /** `runs/<run_id>/<profile>/<name>`: immutable. */
  key: z.string(),
  /** `latest/<profile>/<name>`: replaced on every successful publish. */
  latestKey: z.string(),
  bytes: z.int().min(0),
  sha256: z.string().regex(SHA256_HEX),
  contentType: z.string(),
});
export type ArtifactRecord = z.infer<typeof artifactRecordSchema>;

/** `state/last_success.json`: the last complete, verified run. Written last; the only commit point. */
export const pointerSchema = z.strictObject({
  schemaVersion: z.literal(1),
  runId: z.string(),
  time: z.string(),
  profiles: z.array(z.string()),
  artifacts: z.array(artifactRecordSchema),
});
export type Pointer = z.infer<typeof pointerSchema>;

/** `state/publish-intent.json`: present while `latest/` of these profiles is being replaced. */
export const intentSchema = z.strictObject({
  schemaVersion: z.literal(1),
  runId: z.string(),
  profiles: z.array(z.string()),
});
export type Intent = z.infer<typeof intentSchema>;
