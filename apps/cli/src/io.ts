/** Where a command writes: the process's streams in the bin, buffers in tests. */
export interface CliOutput {
  write(chunk: string): unknown;
  /** True on a terminal: progress bars redraw in place; otherwise plain periodic lines. */
  isTTY?: boolean;
  columns?: number;
}

/** Everything a command may touch of its process: passed in, so tests run commands in-process. */
export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborts a running `jobintel run` (tests); the bin listens to Ctrl-C / SIGTERM instead. */
  signal?: AbortSignal;
  /** Install the Ctrl-C / SIGTERM handlers of `jobintel run` (the bin sets it). */
  handleSignals?: boolean;
}

/** Writes one line (a newline is appended). */
export const line = (out: CliOutput, text = ''): void => {
  out.write(`${text}\n`);
};

/** Pretty JSON with a trailing newline: what every `--json` prints. */
export const printJson = (out: CliOutput, value: unknown): void => {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
};
