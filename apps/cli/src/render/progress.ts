import type { DailyEvent } from '@jobintel/daily';
import { formatProgressLine, type RunnerEvent, renderProgressBar } from '@jobintel/runner-core';
import type { CliOutput } from '../io.js';

export interface ProgressOptions {
  /** Lines at most this often per stage when not on a TTY (the final line of a stage always). */
  intervalMs?: number;
  now?: () => number;
}

/**
 * Renders the run's events: on a TTY one progress bar per stage, redrawn in place; otherwise plain
 * progress lines, at most one per `intervalMs` per stage, plus each stage's final line.
 */
export function progressPrinter(
  out: CliOutput,
  options: ProgressOptions = {},
): (event: RunnerEvent | DailyEvent) => void {
  const tty = out.isTTY === true;
  const interval = options.intervalMs ?? 2000;
  const now = options.now ?? Date.now;
  const lastLine = new Map<string, number>();
  let open = false; // a bar is drawn on the current line
  const endBar = () => {
    if (open) out.write('\n');
    open = false;
  };
  return (event) => {
    switch (event.type) {
      case 'run:start':
        endBar();
        out.write(
          event.resumed
            ? `resuming run ${event.runId} (attempt ${event.attempt}): finished items are kept\n`
            : `run ${event.runId}\n`,
        );
        return;
      case 'progress': {
        if (tty) {
          out.write(`\r${renderProgressBar(event)}\u001b[K`);
          open = true;
          if (event.final) endBar();
          return;
        }
        const t = now();
        const last = lastLine.get(event.stage);
        if (event.final || last === undefined || t - last >= interval) {
          lastLine.set(event.stage, t);
          out.write(`${formatProgressLine(event)}\n`);
        }
        return;
      }
      case 'stage:skipped':
        endBar();
        out.write(`[${event.stageIndex}/${event.stageCount}] ${event.stage} skipped: ${event.reason}\n`);
        return;
      case 'stage:end':
        endBar();
        if (event.status === 'failed' || event.status === 'cancelled') {
          out.write(`[${event.stageIndex}/${event.stageCount}] ${event.stage} ${event.status}\n`);
        }
        return;
      case 'run:end':
        endBar();
        return;
      default:
        return;
    }
  };
}
