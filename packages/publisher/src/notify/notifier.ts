import { type Logger, silentLogger } from '@jobintel/runner-core';
import { z } from 'zod';
import { PublisherError, PublisherErrorCode } from '../errors.js';
import { parseOptions } from '../options.js';
import { renderDiscord } from './discord.js';
import { type DeliveryPolicy, postJson } from './http.js';
import { createMemoryLedger, type LedgerKey, type NotificationLedger } from './ledger.js';
import { Secret } from './secret.js';
import { renderSlack } from './slack.js';
import {
  hasChanges,
  type NotificationSummary,
  type NotificationSummaryInput,
  notificationSummarySchema,
} from './summary.js';
import { renderWebhook } from './webhook.js';

const targetId = z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/, 'must be letters, digits, ., _ or -');
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable');

/** A target names the environment variables that hold its secrets; config files never hold them. */
export const notifyTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('discord'),
    id: targetId,
    urlEnv: envName,
    username: z.string().min(1).optional(),
  }),
  z.strictObject({ kind: z.literal('slack'), id: targetId, urlEnv: envName }),
  z.strictObject({ kind: z.literal('webhook'), id: targetId, urlEnv: envName, secretEnv: envName }),
]);
export type NotifyTarget = z.infer<typeof notifyTargetSchema>;

export const notifierOptionsSchema = z
  .strictObject({
    targets: z.array(notifyTargetSchema),
    /** Send even when nothing is new, changed or removed. */
    always: z.boolean().default(false),
    /** Jobs listed per section. */
    maxJobs: z.int().min(1).max(25).default(5),
    timeoutMs: z.int().positive().default(10_000),
    attempts: z.int().min(1).max(10).default(3),
    backoffBaseMs: z.int().min(0).default(500),
    backoffCapMs: z.int().min(0).default(10_000),
    seed: z.int().default(1),
    maxRetryAfterMs: z.int().min(0).default(60_000),
    /** Where `urlEnv` and `secretEnv` are looked up. */
    env: z.record(z.string(), z.string().optional()).default(() => process.env),
    ledger: z.custom<NotificationLedger>().optional(),
    logger: z.custom<Logger>().optional(),
    /** The clock of the webhook timestamp. */
    now: z.custom<() => Date>().optional(),
  })
  .superRefine((o, ctx) => {
    const seen = new Set<string>();
    o.targets.forEach((t, i) => {
      if (seen.has(t.id))
        ctx.addIssue({ code: 'custom', path: ['targets', i, 'id'], message: `duplicate target id ${t.id}` });
      seen.add(t.id);
    });
  });
export type NotifierOptions = z.input<typeof notifierOptionsSchema>;

export type NotifyStatus = 'sent' | 'skipped-unchanged' | 'skipped-duplicate' | 'failed';
export interface NotifyResult {
  runId: string;
  profile: string;
  target: string;
  kind: NotifyTarget['kind'];
  status: NotifyStatus;
  attempts: number;
  httpStatus?: number;
  error?: { code: string; message: string };
}

export interface Notifier {
  /** Sends one summary to every target (at most once per run, profile and target); never throws for a target. */
  notify(summary: NotificationSummaryInput): Promise<NotifyResult[]>;
}

interface ResolvedTarget {
  target: NotifyTarget;
  url: Secret;
  secret?: Secret;
}

function readSecret(
  env: Record<string, string | undefined>,
  name: string,
  path: string,
  isUrl: boolean,
): Secret {
  const value = env[name];
  if (!value) {
    throw new PublisherError(
      PublisherErrorCode.InvalidOptions,
      `invalid notifier options: ${path}: environment variable ${name} is not set`,
    );
  }
  if (isUrl && !/^https?:\/\/[^\s]+$/.test(value)) {
    // the value is a secret: say which variable, never what it holds
    throw new PublisherError(
      PublisherErrorCode.InvalidOptions,
      `invalid notifier options: ${path}: ${name} is not an http(s) URL`,
    );
  }
  return new Secret(value);
}

/**
 * Discord, Slack and signed-webhook notifications of a run's changes. Secrets are read from the
 * environment once, here, and kept in `Secret` wrappers: no log record, error or result holds them.
 */
export function createNotifier(input: NotifierOptions): Notifier {
  const options = parseOptions(notifierOptionsSchema, input, 'notifier');
  const log = (options.logger ?? silentLogger).child({ component: 'notifier' });
  const ledger = options.ledger ?? createMemoryLedger();
  const now = options.now ?? (() => new Date());
  const policy: DeliveryPolicy = {
    attempts: options.attempts,
    timeoutMs: options.timeoutMs,
    baseMs: options.backoffBaseMs,
    capMs: options.backoffCapMs,
    seed: options.seed,
    maxRetryAfterMs: options.maxRetryAfterMs,
  };
  const targets: ResolvedTarget[] = options.targets.map((target, i) => ({
    target,
    url: readSecret(options.env, target.urlEnv, `targets.${i}.urlEnv`, true),
    ...(target.kind === 'webhook'
      ? { secret: readSecret(options.env, target.secretEnv, `targets.${i}.secretEnv`, false) }
      : {}),
  }));

  async function send(resolved: ResolvedTarget, summary: NotificationSummary): Promise<NotifyResult> {
    const { target } = resolved;
    const base = { runId: summary.runId, profile: summary.profile, target: target.id, kind: target.kind };
    const tlog = log.child({
      target: target.id,
      kind: target.kind,
      runId: summary.runId,
      profile: summary.profile,
    });
    if (!options.always && !hasChanges(summary)) {
      tlog.debug('nothing changed: not sending');
      return { ...base, status: 'skipped-unchanged', attempts: 0 };
    }
    const key: LedgerKey = { runId: summary.runId, profile: summary.profile, target: target.id };
    let claimed: boolean;
    try {
      claimed = await ledger.claim(key);
    } catch (error) {
      tlog.error({ err: error }, 'notification ledger failed: not sending');
      return {
        ...base,
        status: 'failed',
        attempts: 0,
        error: { code: PublisherErrorCode.LedgerFailed, message: 'the ledger could not be read or written' },
      };
    }
    if (!claimed) {
      tlog.info('already sent (or possibly sent) for this run: not sending again');
      return { ...base, status: 'skipped-duplicate', attempts: 0 };
    }
    let body: string;
    let headers: Record<string, string> = {};
    if (target.kind === 'discord')
      body = JSON.stringify(renderDiscord(summary, options.maxJobs, target.username));
    else if (target.kind === 'slack') body = JSON.stringify(renderSlack(summary, options.maxJobs));
    else {
      const request = renderWebhook(summary, options.maxJobs, target.id, resolved.secret!.reveal(), now());
      body = request.body;
      headers = request.headers;
    }
    const label = `${target.kind} target ${target.id}`;
    let delivery: Awaited<ReturnType<typeof postJson>>;
    try {
      delivery = await postJson(resolved.url, body, headers, policy, tlog, label);
    } catch (error) {
      const e = error as PublisherError;
      const details = (e.details ?? {}) as { attempts?: number; uncertain?: boolean; status?: number };
      // an outcome we cannot know (a timeout after sending) keeps the claim: better no message than two
      if (!details.uncertain) {
        await ledger
          .settle(key, 'failed', e.message)
          .catch((ledgerError: unknown) => tlog.warn({ err: ledgerError }, 'could not record the failure'));
      }
      tlog.error(
        {
          code: e.code,
          attempts: details.attempts,
          httpStatus: details.status,
          uncertain: details.uncertain,
        },
        e.message,
      );
      return {
        ...base,
        status: 'failed',
        attempts: details.attempts ?? 0,
        ...(details.status === undefined ? {} : { httpStatus: details.status }),
        error: { code: e.code ?? PublisherErrorCode.NotifyFailed, message: e.message },
      };
    }
    // if this fails the claim stays `pending`, which also prevents a second message
    await ledger
      .settle(key, 'sent')
      .catch((error: unknown) => tlog.warn({ err: error }, 'could not record the sent notification'));
    tlog.info({ attempts: delivery.attempts, httpStatus: delivery.status }, 'notification sent');
    return { ...base, status: 'sent', attempts: delivery.attempts, httpStatus: delivery.status };
  }

  return {
    async notify(summaryInput) {
      const summary = parseOptions(notificationSummarySchema, summaryInput, 'notification summary');
      const results: NotifyResult[] = [];
      for (const resolved of targets) results.push(await send(resolved, summary));
      return results;
    },
  };
}
