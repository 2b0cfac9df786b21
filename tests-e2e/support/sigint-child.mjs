// A long stage under cancelOnSignals, for the signal test. Prints "ready" once items run, and the
// outcome as JSON when the stage returns. argv: <concurrency> [ignore: workers ignore their signal]
import { cancelOnSignals, runStage } from '@jobintel/runner-core';

const concurrency = Number(process.argv[2] ?? 1);
const ignore = process.argv[3] === 'ignore';
const cancellation = cancelOnSignals({
  onFirst: () => process.stderr.write('stopping; run again to resume\n'),
});
let announced = false;
const outcome = await runStage(
  {
    name: 'long',
    plan: () => Array.from({ length: 50 }, (_, i) => ({ id: String(i), input: i, fingerprint: 'f' })),
    worker: async (_i, ctx) => {
      if (!announced) {
        announced = true;
        process.stdout.write('ready\n');
      }
      await new Promise((resolve, reject) => {
        const t = setTimeout(resolve, ignore ? 20_000 : 200);
        if (ignore) return;
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(t);
          reject(ctx.signal.reason);
        });
      });
    },
  },
  { concurrency, signal: cancellation.signal, graceMs: 30_000 },
);
cancellation.dispose();
process.stdout.write(
  `${JSON.stringify({ status: outcome.status, succeeded: outcome.succeeded, cancelled: outcome.cancelled, failed: outcome.failed })}\n`,
);
process.exitCode = outcome.status === 'cancelled' ? 130 : 0;
