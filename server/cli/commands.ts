import { agentCommand } from './agent';
import { backupCommand, restoreCommand } from './backup';
import { deployCommand } from './deploy';
import { keywordsCommand } from './keywords';
import { reportCommand } from './report';

/** One entry per CLI command; add new commands to this list (a convention test checks each has help). */
export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  /** Resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

export const commands: CliCommand[] = [deployCommand, backupCommand, restoreCommand, reportCommand, keywordsCommand, agentCommand];
