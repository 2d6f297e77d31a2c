/** One CLI command per file in ./commands, discovered at run time so adding a command touches no shared list. */
export interface CliCommand {
  name: string;
  /** One line for `kubesleuth --help`. */
  summary: string;
  /** Full help text for `kubesleuth <name> --help`. */
  usage: string;
  /** Returns the process exit code. */
  run(argv: string[]): Promise<number>;
}

/** Thrown for bad flags: main prints the message and the command's usage, exit 2. */
export class UsageError extends Error {}

/** Resolves on the first SIGINT or SIGTERM (Ctrl-C, `kill`, a container stop), then stops listening. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
