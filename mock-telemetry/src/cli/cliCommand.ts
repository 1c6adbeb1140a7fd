/** Where a CLI run reads its environment and writes its output; swapped for buffers in tests. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C / SIGTERM by the entry point. */
  signal?: AbortSignal;
}

/** One subcommand (`publish`, `synthesize`, `replay`). */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Resolves with the exit code, or with 'help' when its arguments ask for it (runCli prints `usage`). */
  run(args: string[], io: CliIo): Promise<number | 'help'>;
}

/** Bad arguments: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
