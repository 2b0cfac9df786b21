import { openRegistry } from '@jobintel/daily';
import { USER_STATUSES, type UserStatus } from '@jobintel/store';
import type { Command } from 'commander';
import { choiceArg } from '../args.js';
import { type CommandContext, type GlobalOptions, loadCliConfig } from '../context.js';
import { UsageError } from '../errors.js';
import { examples } from '../help.js';
import { line, printJson } from '../io.js';

const EFFECT: Record<UserStatus, string> = {
  ignore: 'hidden from the lists from the next run on',
  applied: 'tagged and moved below the open jobs from the next run on',
  interviewing: 'tagged and moved below the open jobs from the next run on',
  saved: 'tagged in the lists from the next run on',
};

export function registerState(program: Command, ctx: CommandContext): void {
  const state = program
    .command('state')
    .description('your status of a job (ignore, applied, interviewing, saved)');
  examples(state, ['jobintel state set greenhouse:acme:4012 applied --profile backend']);
  state
    .command('set')
    .description('set your status of a job for a profile; the next run applies it')
    .argument('<job-id>', 'the job id (the `id` column of `jobintel jobs`)')
    .argument('<status>', `one of ${USER_STATUSES.join(', ')}`, choiceArg(USER_STATUSES))
    .requiredOption('-p, --profile <id>', 'the profile')
    .option('--note <text>', 'a note kept with the status')
    .option('--json', 'print the stored record as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ jobintel state set greenhouse:acme:4012 applied --profile backend --note "sent 2026-11-29"
  $ jobintel state set lever:globex:9f2c ignore --profile backend`,
    )
    .action(
      async (
        jobId: string,
        status: UserStatus,
        options: { profile: string; note?: string; json?: boolean },
        command: Command,
      ) => {
        const { io } = ctx;
        const { loaded, env } = await loadCliConfig(io, command.optsWithGlobals<GlobalOptions>());
        if (!loaded.profiles.some((p) => p.id === options.profile)) {
          throw new UsageError(
            `no profile "${options.profile}"`,
            `use one of the configuration's profiles: ${loaded.profiles.map((p) => p.id).join(', ')}`,
          );
        }
        const store = await openRegistry(loaded, env, 'jobintel state set');
        try {
          const record = await store.userState.set({
            profile: options.profile,
            jobId,
            status,
            note: options.note ?? null,
          });
          if (options.json) printJson(io.stdout, record);
          else line(io.stdout, `${jobId} (${options.profile}): ${status}, ${EFFECT[status]}`);
        } finally {
          await store.close();
        }
      },
    );
}
