import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { PublisherError, PublisherErrorCode } from '../errors.js';

/** One notification: a profile of a run, to one target. */
export interface LedgerKey {
  runId: string;
  profile: string;
  /** The target's id (never its URL). */
  target: string;
}

/**
 * - `pending`: claimed, being sent, or sent with an unknown outcome (a timeout): never sent again;
 * - `sent`: the target accepted it;
 * - `failed`: the target refused it or could not be reached: a later (resumed) run may try again.
 */
export type LedgerStatus = 'pending' | 'sent' | 'failed';

export interface LedgerEntry extends LedgerKey {
  status: LedgerStatus;
  /** Claims so far (a failed notification is claimed again by a resumed run). */
  claims: number;
  /** A short reason for `failed` (`HTTP 500`, `ECONNREFUSED`); never a URL. */
  detail?: string;
}

/**
 * Records which notifications were sent, so that each profile and target gets at most one message per
 * run, also when the run is resumed. The in-memory and JSON-file ledgers are here; a database one can
 * implement the same three methods (claim must be atomic).
 */
export interface NotificationLedger {
  /** Takes the right to send: true (and the entry becomes `pending`) when there is no entry or a `failed` one. */
  claim(key: LedgerKey): Promise<boolean>;
  /** Records the outcome of a claimed notification. */
  settle(key: LedgerKey, status: 'sent' | 'failed', detail?: string): Promise<void>;
  get(key: LedgerKey): Promise<LedgerEntry | undefined>;
}

const id = (k: LedgerKey) => `${k.runId}/${k.profile}/${k.target}`;

function claimIn(entries: Map<string, LedgerEntry>, key: LedgerKey): boolean {
  const current = entries.get(id(key));
  if (current && current.status !== 'failed') return false;
  entries.set(id(key), {
    runId: key.runId,
    profile: key.profile,
    target: key.target,
    status: 'pending',
    claims: (current?.claims ?? 0) + 1,
  });
  return true;
}

function settleIn(
  entries: Map<string, LedgerEntry>,
  key: LedgerKey,
  status: 'sent' | 'failed',
  detail?: string,
): void {
  const current = entries.get(id(key));
  if (!current)
    throw new PublisherError(PublisherErrorCode.LedgerFailed, `no claim to settle for ${id(key)}`);
  const { detail: _old, ...rest } = current;
  entries.set(id(key), { ...rest, status, ...(detail === undefined ? {} : { detail }) });
}

/** A ledger that lives as long as the process: for tests and single-shot runs. */
export function createMemoryLedger(): NotificationLedger & { entries(): LedgerEntry[] } {
  const entries = new Map<string, LedgerEntry>();
  return {
    claim: async (key) => claimIn(entries, key),
    settle: async (key, status, detail) => settleIn(entries, key, status, detail),
    get: async (key) => entries.get(id(key)),
    entries: () => [...entries.values()],
  };
}

const fileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  entries: z.array(
    z.strictObject({
      runId: z.string(),
      profile: z.string(),
      target: z.string(),
      status: z.enum(['pending', 'sent', 'failed']),
      claims: z.int().min(1),
      detail: z.string().optional(),
    }),
  ),
});

/**
 * A ledger in one JSON file (`.jobintel/notifications.json`, say): read before and written after each
 * change, atomically (temporary file, fsync, rename), so that a resumed process sees what was sent.
 * Calls within a process are serialised; one process at a time may use a file.
 */
export function createJsonFileLedger(options: { path: string }): NotificationLedger {
  const { path } = options;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => {});
    return next;
  };

  async function load(): Promise<Map<string, LedgerEntry>> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw new PublisherError(
        PublisherErrorCode.LedgerFailed,
        `cannot read the notification ledger ${path}`,
        { cause: error },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      throw new PublisherError(
        PublisherErrorCode.LedgerFailed,
        `the notification ledger ${path} is not valid`,
      );
    }
    return new Map(parsed.data.entries.map((e) => [id(e), e]));
  }

  async function save(entries: Map<string, LedgerEntry>): Promise<void> {
    const sorted = [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
    const text = `${JSON.stringify({ schemaVersion: 1, entries: sorted }, null, 2)}\n`;
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(tmp, 'wx');
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, path);
    } catch (error) {
      await unlink(tmp).catch(() => {});
      throw new PublisherError(
        PublisherErrorCode.LedgerFailed,
        `cannot write the notification ledger ${path}`,
        { cause: error },
      );
    }
  }

  return {
    claim: (key) =>
      serial(async () => {
        const entries = await load();
        if (!claimIn(entries, key)) return false;
        await save(entries);
        return true;
      }),
    settle: (key, status, detail) =>
      serial(async () => {
        const entries = await load();
        settleIn(entries, key, status, detail);
        await save(entries);
      }),
    get: (key) => serial(async () => (await load()).get(id(key))),
  };
}
