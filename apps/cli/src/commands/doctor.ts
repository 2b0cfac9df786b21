import { constants } from 'node:fs';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ExitCode, type LoadedConfig, openRegistry, stateDirOf } from '@jobintel/daily';
import { createS3Store } from '@jobintel/publisher';
import { redactUrl } from '@jobintel/store';
import type { Command } from 'commander';
import { type CommandContext, type GlobalOptions, loadCliConfig } from '../context.js';
import { exitCodeFor } from '../errors.js';
import { line, printJson } from '../io.js';

export interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  /** What to do about a warn or fail. */
  fix: string | null;
  /** The exit code a failure stands for. */
  exitCode: number;
}

const MIN_NODE = [22, 12] as const;

/** Whether `dir` (or, when it does not exist yet, its nearest existing parent) is writable; creates nothing. */
async function canCreate(dir: string): Promise<string | null> {
  let current = dir;
  for (;;) {
    try {
      await access(current, constants.W_OK);
      return null;
    } catch (error) {
      const parent = dirname(current);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current)
        return (error as Error).message;
      current = parent;
    }
  }
}

async function canWrite(dir: string): Promise<string | null> {
  try {
    await mkdir(dir, { recursive: true });
    const probe = join(dir, `.doctor-${process.pid}-${Date.now()}`);
    await writeFile(probe, 'ok');
    await rm(probe);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

async function runChecks(ctx: CommandContext, global: GlobalOptions): Promise<Check[]> {
  const { io } = ctx;
  const checks: Check[] = [];
  const add = (
    name: string,
    status: Check['status'],
    detail: string,
    fix: string | null = null,
    exitCode = 0,
  ) => checks.push({ name, status, detail, fix, exitCode });

  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]))
    add('node', 'ok', `v${process.versions.node}`);
  else
    add(
      'node',
      'fail',
      `v${process.versions.node}`,
      `install Node ${MIN_NODE.join('.')} or newer (24 recommended)`,
      ExitCode.InvalidInput,
    );

  let loaded: LoadedConfig;
  let env: Record<string, string | undefined>;
  try {
    ({ loaded, env } = await loadCliConfig(io, global));
    const overrides = loaded.overrides.length ? `; overridden by ${loaded.overrides.join(', ')}` : '';
    add(
      'config',
      'ok',
      `${loaded.source === 'demo' ? 'the bundled demo configuration' : loaded.source}${overrides}`,
    );
  } catch (error) {
    const problems = (error as { details?: { problems?: { path: string; message: string }[] } }).details
      ?.problems;
    add(
      'config',
      'fail',
      problems?.length ? problems.map((p) => `${p.path}: ${p.message}`).join('; ') : (error as Error).message,
      '`jobintel config validate` lists every problem with its path',
      exitCodeFor(error),
    );
    return checks;
  }
  const { config } = loaded;

  const stateDir = stateDirOf(loaded);
  const notWritable = await canWrite(stateDir);
  if (notWritable === null) add('state dir', 'ok', `${stateDir} is writable`);
  else
    add(
      'state dir',
      'fail',
      `${stateDir}: ${notWritable}`,
      'make it writable, or point stateDir (or --state-dir / JOBINTEL_STATE_DIR) elsewhere',
      ExitCode.InvalidInput,
    );

  const url = env[config.storage.databaseUrlEnv];
  const where = url
    ? `PostgreSQL ${redactUrl(url)} (from ${config.storage.databaseUrlEnv})`
    : `embedded PGlite in ${join(stateDir, 'db')}`;
  if (notWritable !== null && !url) {
    add('database', 'fail', where, 'fix the state dir first', ExitCode.DatabaseUnavailable);
  } else {
    try {
      const store = await openRegistry(loaded, env, 'jobintel doctor');
      await store.close();
      add('database', 'ok', `${where}, migrated`);
    } catch (error) {
      const code = exitCodeFor(error);
      add(
        'database',
        code === ExitCode.LockHeld ? 'warn' : 'fail',
        `${where}: ${(error as Error).message}`,
        code === ExitCode.LockHeld
          ? 'a run is using the embedded database now; check again when it ends'
          : url
            ? `check ${config.storage.databaseUrlEnv} (host, credentials, database name), or unset it to use the embedded database`
            : 'check the state dir, or set DATABASE_URL to use PostgreSQL',
        code,
      );
    }
  }

  const missing = (names: string[]) => names.filter((n) => !env[n]);
  const publish = config.publish;
  if (!publish) add('artifact store', 'ok', 'no publish target configured (`--publish` does nothing)');
  else if (publish.target === 'local') {
    const dir = resolve(loaded.baseDir, publish.dir);
    const problem = await canCreate(dir);
    if (problem === null) add('artifact store', 'ok', `local folder ${dir} is writable`);
    else
      add(
        'artifact store',
        'fail',
        `${dir}: ${problem}`,
        'make publish.dir writable',
        ExitCode.PublishFailed,
      );
  } else {
    const absent = missing([publish.accessKeyIdEnv, publish.secretAccessKeyEnv]);
    const label = `s3://${publish.bucket}/${publish.prefix}${publish.endpoint ? ` at ${publish.endpoint}` : ''}`;
    if (absent.length > 0) {
      add(
        'credentials: publish',
        'fail',
        `${absent.join(', ')} not set`,
        `export ${absent.join(' and ')}`,
        ExitCode.PublishFailed,
      );
    } else {
      add('credentials: publish', 'ok', `${publish.accessKeyIdEnv}, ${publish.secretAccessKeyEnv} set`);
      const store = createS3Store({
        bucket: publish.bucket,
        prefix: publish.prefix,
        region: publish.region,
        ...(publish.endpoint ? { endpoint: publish.endpoint } : {}),
        forcePathStyle: publish.forcePathStyle,
        credentials: {
          accessKeyId: env[publish.accessKeyIdEnv] as string,
          secretAccessKey: env[publish.secretAccessKeyEnv] as string,
        },
      });
      try {
        await store.head('jobintel-doctor-probe');
        add('artifact store', 'ok', `${label} reachable`);
      } catch (error) {
        add(
          'artifact store',
          'fail',
          `${label}: ${(error as Error).message}`,
          'check the bucket, endpoint, region and credentials',
          ExitCode.PublishFailed,
        );
      } finally {
        await store.close();
      }
    }
  }

  for (const target of config.notify.targets) {
    const names = [target.urlEnv, ...('secretEnv' in target && target.secretEnv ? [target.secretEnv] : [])];
    const absent = missing(names);
    if (absent.length === 0) add(`credentials: notify ${target.id}`, 'ok', `${names.join(', ')} set`);
    else
      add(
        `credentials: notify ${target.id}`,
        'fail',
        `${absent.join(', ')} not set: the notify stage of a run would fail`,
        `export ${absent.join(' and ')}, or run with --no-notify`,
        ExitCode.InvalidInput,
      );
  }

  const { ai } = config;
  if (ai.enabled && ai.apiKeyEnv) {
    if (env[ai.apiKeyEnv]) add('credentials: ai', 'ok', `${ai.apiKeyEnv} set`);
    else
      add(
        'credentials: ai',
        'warn',
        `${ai.apiKeyEnv} not set: the AI stage is disabled`,
        `export ${ai.apiKeyEnv}`,
      );
  }
  return checks;
}

export function registerDoctor(program: Command, ctx: CommandContext): void {
  program
    .command('doctor')
    .description('check the environment: Node, config, state dir, database, artifact store, credentials')
    .option('--json', 'print the checks as JSON')
    .addHelpText(
      'after',
      `
Credentials are reported by variable name only, never by value.
Exit 0 when no check fails (warnings allowed), else the exit code of the first failure.

Examples:
  $ jobintel doctor
  $ DATABASE_URL=postgres://jobintel@db/jobintel jobintel doctor --json`,
    )
    .action(async (options: { json?: boolean }, command: Command) => {
      const { io } = ctx;
      const checks = await runChecks(ctx, command.optsWithGlobals<GlobalOptions>());
      const failed = checks.find((c) => c.status === 'fail');
      ctx.exitCode = failed ? failed.exitCode : 0;
      if (options.json) {
        printJson(io.stdout, { ok: !failed, checks });
        return;
      }
      const width = Math.max(...checks.map((c) => c.name.length));
      for (const c of checks) {
        line(io.stdout, `${c.status.padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}`);
        if (c.fix && c.status !== 'ok') line(io.stdout, `${' '.repeat(width + 8)}fix: ${c.fix}`);
      }
      const warnings = checks.filter((c) => c.status === 'warn').length;
      line(
        io.stdout,
        failed
          ? `\ndoctor: ${checks.filter((c) => c.status === 'fail').length} failed`
          : `\ndoctor: all good${warnings ? ` (${warnings} warnings)` : ''}`,
      );
    });
}
