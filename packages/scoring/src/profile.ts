import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { ScoringError, ScoringErrorCode } from './errors.js';

const phrase = z.string().trim().min(1, 'must not be empty');
const weight = z.number().finite();
const scope = z.enum(['title', 'description', 'either']);

/** A target role: a title pattern (phrase) and the points a title matching it earns. */
export const roleRuleSchema = z.strictObject({
  pattern: phrase,
  weight: weight.min(0),
  synonyms: z.array(phrase).default([]),
  stems: z.boolean().default(true),
});

/** A skill or phrase: points per hit in its scope, capped per rule. */
export const skillRuleSchema = z.strictObject({
  term: phrase,
  weight: weight.min(0),
  scope: scope.default('either'),
  /** Most points this rule can give, whatever its hit count. Defaults to one hit's weight. */
  cap: z.number().min(0).optional(),
  synonyms: z.array(phrase).default([]),
  stems: z.boolean().default(false),
});

export const mustHaveSchema = z.strictObject({
  term: phrase,
  scope: scope.default('either'),
  synonyms: z.array(phrase).default([]),
  stems: z.boolean().default(false),
});

/** A term to avoid. `exclude: true` knocks the job out; otherwise it costs `weight` points once. */
export const negativeRuleSchema = z.strictObject({
  term: phrase,
  weight: weight.min(0).default(10),
  scope: scope.default('title'),
  exclude: z.boolean().default(false),
  synonyms: z.array(phrase).default([]),
  stems: z.boolean().default(false),
  /**
   * In the title, a target-role match wins over this term ("Technical Program Manager" for a
   * profile that targets program managers). Defaults to true for penalties and false for
   * `exclude` terms, so "Program Manager Intern" is still knocked out.
   */
  yieldToRoles: z.boolean().optional(),
});

export const SENIORITY_LEVELS = [
  'intern',
  'junior',
  'mid',
  'senior',
  'staff',
  'lead',
  'principal',
  'director',
  'executive',
] as const;
export const seniorityLevelSchema = z.enum(SENIORITY_LEVELS);
export type SeniorityLevel = z.infer<typeof seniorityLevelSchema>;

export const senioritySchema = z.strictObject({
  prefer: z.array(seniorityLevelSchema).default([]),
  avoid: z.array(seniorityLevelSchema).default([]),
  /** Points when the title shows a preferred level. */
  bonus: weight.min(0).default(5),
  /** Points taken when the title shows an avoided level. */
  penalty: weight.min(0).default(15),
  /** Knock out jobs whose title shows an avoided level instead of taking points. */
  excludeAvoided: z.boolean().default(false),
});

const acceptance = z.enum(['prefer', 'accept', 'reject']);
export const locationPrefsSchema = z.strictObject({
  /** ISO 3166-1 alpha-2 codes ("US"); a job qualifies when one of its locations is in one of them. */
  countries: z
    .array(z.string().regex(/^[A-Za-z]{2}$/, 'use ISO 3166-1 alpha-2 codes such as "US"'))
    .default([]),
  /** Regions (states, provinces) by name or code, e.g. "CA", "Ontario". */
  regions: z.array(phrase).default([]),
  cities: z.array(phrase).default([]),
  remote: acceptance.default('accept'),
  hybrid: acceptance.default('accept'),
  /** Jobs outside the places above: `exclude` knocks them out, `penalize` takes `penalty` points. */
  outside: z.enum(['exclude', 'penalize', 'ignore']).default('exclude'),
  /** Points for a job in a preferred city or region (or remote when remote is `prefer`). */
  bonus: weight.min(0).default(10),
  penalty: weight.min(0).default(20),
  /** Remote jobs whose country is unknown count as inside the preferred countries. */
  remoteUnknownCountryOk: z.boolean().default(true),
});

export const compensationPrefsSchema = z.strictObject({
  /** Yearly floor in `currency`; jobs whose top of range is below it lose `penalty` points. */
  floor: z.number().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/, 'use an ISO 4217 code such as "USD"'),
  penalty: weight.min(0).default(10),
  /** Points when the range reaches the floor. */
  bonus: weight.min(0).default(3),
});

export const freshnessSchema = z.strictObject({
  /** Points for a job published today; they halve every `halfLifeDays`. */
  weight: weight.min(0).default(5),
  halfLifeDays: z.number().positive().default(14),
  /** Older jobs are flagged as a risk ("stale"). */
  staleAfterDays: z.number().positive().default(45),
});

export const boosterSchema = z.strictObject({
  /** Most points the lexical (BM25) similarity can add. 0 turns it off. */
  maxPoints: z.number().min(0).max(20).default(0),
  /** The profile's text the job is compared with; defaults to its roles, skills and must-haves. */
  text: z.string().optional(),
  /** Most points an embedding similarity can add, when the caller supplies one. */
  semanticMaxPoints: z.number().min(0).max(20).default(0),
});

export const profileSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes, e.g. "customer-success"'),
  name: phrase,
  description: z.string().optional(),
  roles: z.array(roleRuleSchema).min(1, 'name at least one target role'),
  skills: z.array(skillRuleSchema).default([]),
  mustHaves: z.array(mustHaveSchema).default([]),
  /** Points taken for each missing must-have. */
  mustHavePenalty: weight.min(0).default(15),
  negatives: z.array(negativeRuleSchema).default([]),
  seniority: senioritySchema.default({ prefer: [], avoid: [], bonus: 5, penalty: 15, excludeAvoided: false }),
  locations: locationPrefsSchema.optional(),
  compensation: compensationPrefsSchema.optional(),
  freshness: freshnessSchema.optional(),
  booster: boosterSchema.default({ maxPoints: 0, semanticMaxPoints: 0 }),
});

export type ProfileInput = z.input<typeof profileSchema>;
export type Profile = z.infer<typeof profileSchema>;

function formatIssues(error: z.ZodError, source: string): string {
  return error.issues
    .map((issue) => `${source}: ${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('\n');
}

/** Validates a profile object; every problem is listed with its path. */
export function parseProfile(input: unknown, source = 'profile'): Profile {
  const result = profileSchema.safeParse(input);
  if (!result.success) {
    throw new ScoringError(
      ScoringErrorCode.ProfileInvalid,
      `invalid profile\n${formatIssues(result.error, source)}`,
      {
        details: {
          source,
          issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      },
    );
  }
  return result.data;
}

/** Parses profile YAML text; `source` (usually the file path) names where errors are. */
export function parseProfileYaml(text: string, source = 'profile.yaml'): Profile {
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (cause) {
    const where =
      cause instanceof YAMLParseError && cause.linePos
        ? `:${cause.linePos[0].line}:${cause.linePos[0].col}`
        : '';
    throw new ScoringError(
      ScoringErrorCode.ProfileYaml,
      `${source}${where}: not valid YAML: ${(cause as Error).message.split('\n')[0]}`,
      { cause, details: { source } },
    );
  }
  return parseProfile(data, source);
}

/** Reads and validates a profile file. */
export async function loadProfile(path: string): Promise<Profile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ScoringError(
      ScoringErrorCode.ProfileNotFound,
      `${path}: cannot read profile (${(cause as Error).message})`,
      {
        cause,
        details: { source: path },
      },
    );
  }
  return parseProfileYaml(text, path);
}
