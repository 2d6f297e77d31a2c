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
