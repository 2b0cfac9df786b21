export interface SignalCancellation {
  /** Aborted by the first SIGINT/SIGTERM: pass it to `runStage` / `runPipeline` as `signal`. */
  signal: AbortSignal;
  /** Removes the process listeners (call it when the run is over). */
  dispose(): void;
}

export interface CancelOnSignalsOptions {
  signals?: NodeJS.Signals[];
  /** Called on the first signal (e.g. to print how to resume). */
  onFirst?(signal: NodeJS.Signals): void;
  /** Called on the second signal; by default the process exits at once with 128 + the signal number. */
  onSecond?(signal: NodeJS.Signals): void;
}

const exitCodes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * The CLI's cancellation: the first SIGINT/SIGTERM aborts the returned signal, so the runner stops
 * scheduling, aborts in-flight work, records every unfinished item as cancelled and returns; a second
 * signal exits at once.
 */
export function cancelOnSignals(options: CancelOnSignalsOptions = {}): SignalCancellation {
  const controller = new AbortController();
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const onSignal = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      controller.abort(new Error(`received ${signal}`));
      options.onFirst?.(signal);
      return;
    }
    if (options.onSecond) options.onSecond(signal);
    else process.exit(exitCodes[signal] ?? 1);
  };
  for (const s of signals) process.on(s, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of signals) process.off(s, onSignal);
    },
  };
}
