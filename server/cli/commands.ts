/** One entry per CLI command; add new commands to this list (a convention test checks each has help). */
export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  /** Resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

export const commands: CliCommand[] = [];
