import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ExitCode, stateDirOf } from '@jobintel/daily';
import {
  type BoardConfig,
  boardKey,
  FsSnapshotStore,
  fetchBoards,
  PoliteFetcher,
  PROVIDERS,
  type Provider,
  parseBoard,
  type SnapshotRecord,
} from '@jobintel/providers';
import type { Command } from 'commander';
import { choiceArg, listArg } from '../args.js';
import { type CommandContext, type GlobalOptions, loadCliConfig } from '../context.js';
import { UsageError } from '../errors.js';
import { examples } from '../help.js';
import { line, printJson } from '../io.js';
import { clip, table } from '../render/table.js';

async function readInput(cwd: string, file: string): Promise<Buffer> {
  try {
    return await readFile(resolve(cwd, file));
  } catch (error) {
    throw new UsageError(
      `cannot read ${file}: ${(error as Error).message}`,
      'pass the path of an existing file',
    );
  }
}

const list = (dir: string) => readdir(dir).catch(() => [] as string[]);

interface VerifyResult {
  root: string;
  bodies: number;
  records: number;
  problems: { kind: 'corrupt' | 'missing'; sha256: string; record?: string }[];
}

/** Re-hashes every stored body, and checks every record's pages have their body. */
async function verifySnapshots(root: string): Promise<VerifyResult> {
  const store = new FsSnapshotStore(root);
  const result: VerifyResult = { root, bodies: 0, records: 0, problems: [] };
  const bodiesDir = join(root, 'bodies');
  for (const prefix of (await list(bodiesDir)).sort()) {
    for (const name of (await list(join(bodiesDir, prefix))).sort()) {
      if (name.endsWith('.tmp')) continue;
      result.bodies++;
      await store.readBody(name).catch(() => result.problems.push({ kind: 'corrupt', sha256: name }));
    }
  }
  const recordsDir = join(root, 'records');
  for (const provider of (await list(recordsDir)).sort()) {
    for (const board of (await list(join(recordsDir, provider))).sort()) {
      for (const name of (await list(join(recordsDir, provider, board)))
        .filter((n) => n.endsWith('.json'))
        .sort()) {
        const rel = `${provider}/${board}/${name}`;
        let record: SnapshotRecord;
        try {
          record = JSON.parse(
            await readFile(join(recordsDir, provider, board, name), 'utf8'),
          ) as SnapshotRecord;
        } catch {
          continue; // a torn or foreign file is not a snapshot record
        }
        result.records++;
        for (const page of record.pages ?? []) {
          const present = await readFile(store.bodyPath(page.sha256)).then(
            () => true,
            () => false,
          );
          if (!present) result.problems.push({ kind: 'missing', sha256: page.sha256, record: rel });
        }
      }
    }
  }
  return result;
}

export function registerSnapshots(program: Command, ctx: CommandContext): void {
  const snapshots = program
    .command('snapshots')
    .description('stored board responses: parse one, verify the store, refresh it');
  examples(snapshots, [
    'jobintel snapshots parse greenhouse acme.json',
    'jobintel snapshots verify',
    'jobintel snapshots refresh',
  ]);

  snapshots
    .command('parse')
    .description('print the normalised postings of one raw board response')
    .argument('<provider>', `the ATS (${PROVIDERS.join(', ')})`, choiceArg(PROVIDERS))
    .argument('<file>', 'a stored response body (JSON, or HTML for hosted pages)')
    .option('--board <slug>', 'the board identifier (default: what the payload says)')
    .option('--company <name>', 'the company name (default: what the payload says)')
    .option('--url <url>', 'the URL the response came from')
    .option('--json', 'print {postings, warnings} as JSON (input for `jobintel score --postings`)')
    .addHelpText(
      'after',
      `
Exit 0 when postings were parsed (warnings go to stderr), 2 when the file is not a board of that provider.

Examples:
  $ jobintel snapshots parse greenhouse acme.json
  $ jobintel snapshots parse ashby board.json --json > postings.json`,
    )
    .action(
      async (
        provider: Provider,
        file: string,
        options: { board?: string; company?: string; url?: string; json?: boolean },
      ) => {
        const { io } = ctx;
        const body = await readInput(io.cwd, file);
        const result = parseBoard(provider, options.url ? { body, url: options.url } : body, {
          ...(options.board ? { board: options.board } : {}),
          ...(options.company ? { company: options.company } : {}),
        });
        const failed = result.postings.length === 0 && result.warnings.some((w) => w.code === 'parse_error');
        if (failed) ctx.exitCode = ExitCode.InvalidInput;
        if (options.json) printJson(io.stdout, result);
        else if (result.postings.length > 0) {
          line(
            io.stdout,
            table(
              ['posting', 'title', 'company', 'locations', 'workplace'],
              result.postings.map((p) => [
                p.postingId,
                clip(p.title, 50),
                clip(p.company, 24),
                clip(p.locations.map((l) => l.raw).join('; ') || '-', 30),
                p.workplace,
              ]),
            ),
          );
          line(io.stdout, `\n${result.postings.length} postings`);
        } else line(io.stdout, 'no postings');
        for (const w of result.warnings) line(io.stderr, `warning: ${w.code} at ${w.path}: ${w.message}`);
        if (failed) line(io.stderr, `fix: check that ${file} is a ${provider} board response`);
      },
    );

  snapshots
    .command('verify')
    .description('re-hash every stored snapshot body; report corrupt and missing ones')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Checks <stateDir>/snapshots: each body against its sha256 name, each record's pages against the bodies.
Exit 0 when everything matches, 2 otherwise.

Examples:
  $ jobintel snapshots verify
  $ jobintel snapshots verify --state-dir /srv/jobintel/.jobintel --json`,
    )
    .action(async (options: { json?: boolean }, command: Command) => {
      const { io } = ctx;
      const global = command.optsWithGlobals<GlobalOptions>();
      const stateDir = global.stateDir
        ? resolve(io.cwd, global.stateDir)
        : stateDirOf((await loadCliConfig(io, global)).loaded);
      const result = await verifySnapshots(join(stateDir, 'snapshots'));
      if (result.problems.length > 0) ctx.exitCode = ExitCode.InvalidInput;
      if (options.json) {
        printJson(io.stdout, result);
        return;
      }
      line(io.stdout, `${result.root}: ${result.bodies} bodies, ${result.records} records`);
      for (const p of result.problems) {
        line(
          io.stdout,
          p.kind === 'corrupt'
            ? `  corrupt body ${p.sha256} (its content no longer matches its hash)`
            : `  missing body ${p.sha256} (named by ${p.record})`,
        );
      }
      line(
        io.stdout,
        result.problems.length === 0
          ? 'snapshots: ok'
          : `snapshots: ${result.problems.length} problems; \`jobintel snapshots refresh\` fetches the boards again`,
      );
    });

  snapshots
    .command('refresh')
    .description('fetch the configured boards live now and store their responses as snapshots')
    .option('-b, --boards <slugs>', 'only these boards (slugs or names, comma-separated)', listArg)
    .option('--json', 'print each board’s availability and provenance as JSON')
    .addHelpText(
      'after',
      `
Uses the configuration's User-Agent, allowlist and politeness (robots.txt, rate limits, retries).
Exit 0, or 6 when more boards are unavailable than boardPolicy.maxUnavailable allows.

Examples:
  $ jobintel snapshots refresh
  $ jobintel snapshots refresh --boards acme,globex`,
    )
    .action(async (options: { boards?: string[]; json?: boolean }, command: Command) => {
      const { io } = ctx;
      const { loaded } = await loadCliConfig(io, command.optsWithGlobals<GlobalOptions>());
      const { config } = loaded;
      const wanted = options.boards ?? [];
      const boards: BoardConfig[] = config.boards
        .filter((b) => b.enabled)
        .filter((b) => wanted.length === 0 || wanted.includes(boardKey(b)) || wanted.includes(b.name))
        .map((b) => ({ ...b, mode: 'live' }));
      if (boards.length === 0) {
        throw new UsageError(
          `no enabled board matches ${wanted.join(', ') || '(the configuration has none)'}`,
          `use the slugs or names of the configuration's boards: ${config.boards.map((b) => boardKey(b)).join(', ')}`,
        );
      }
      const fetcher = new PoliteFetcher({
        userAgent: config.fetch.userAgent,
        ...(config.fetch.allowHosts ? { allowHosts: config.fetch.allowHosts } : {}),
        ...(config.fetch.politeness ? { politeness: config.fetch.politeness } : {}),
      });
      const store = new FsSnapshotStore(join(stateDirOf(loaded), 'snapshots'));
      try {
        const results = await fetchBoards(
          boards,
          { fetcher, store, ...(io.signal ? { signal: io.signal } : {}) },
          { concurrency: config.fetch.concurrency },
        );
        const unavailable = results.filter((r) => r.availability.status === 'unavailable').length;
        const max = config.boardPolicy.maxUnavailable;
        if (max !== null && unavailable > max) ctx.exitCode = ExitCode.BoardPolicy;
        if (options.json) {
          printJson(
            io.stdout,
            results.map((r) => ({
              board: r.board,
              postings: r.postings.length,
              availability: r.availability,
              provenance: r.provenance,
            })),
          );
          return;
        }
        line(
          io.stdout,
          table(
            ['board', 'status', 'postings', 'reason'],
            results.map((r, i) => [
              `${boards[i]?.provider}:${boards[i] ? boardKey(boards[i]) : '?'}`,
              r.availability.status,
              r.postings.length,
              r.availability.reason ?? '',
            ]),
          ),
        );
        line(io.stdout, `\nstored under ${store.root}; \`jobintel run --offline\` uses them`);
      } finally {
        await fetcher.close();
      }
    });
}
