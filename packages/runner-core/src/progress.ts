import type { RunnerEvent } from './types.js';

type ProgressEvent = Extract<RunnerEvent, { type: 'progress' }>;

const formatDuration = (ms: number): string => {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
};

/**
 * One progress line for logs and non-TTY output, e.g.
 * `[2/5] normalize 120/300 (40%) ok 118 failed 2 skipped 0 running 4 | 35.2 items/s | eta 5s`.
 */
export function formatProgressLine(event: ProgressEvent): string {
  const done = event.succeeded + event.failed + event.skipped + event.cancelled;
  const total = event.total;
  const pct = total ? ` (${Math.floor((done / total) * 100)}%)` : '';
  const eta = event.etaMs !== null && !event.final ? ` | eta ${formatDuration(event.etaMs)}` : '';
  const cancelled = event.cancelled ? ` cancelled ${event.cancelled}` : '';
  return (
    `[${event.stageIndex}/${event.stageCount}] ${event.stage} ${done}/${total ?? '?'}${pct}` +
    ` ok ${event.succeeded} failed ${event.failed} skipped ${event.skipped}${cancelled} running ${event.running}` +
    ` | ${event.itemsPerSec} items/s${eta}`
  );
}

/** A fixed-width text progress bar for a TTY, e.g. `normalize [########------------] 40% 120/300 eta 5s`. */
export function renderProgressBar(event: ProgressEvent, width = 24): string {
  const done = event.succeeded + event.failed + event.skipped + event.cancelled;
  const fraction = event.total ? Math.min(1, done / event.total) : 0;
  const filled = Math.round(fraction * width);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
  const eta = event.etaMs !== null && !event.final ? ` eta ${formatDuration(event.etaMs)}` : '';
  const failed = event.failed ? ` ${event.failed} failed` : '';
  return `[${event.stageIndex}/${event.stageCount}] ${event.stage} [${bar}] ${Math.floor(fraction * 100)}% ${done}/${event.total ?? '?'}${failed}${eta}`;
}
