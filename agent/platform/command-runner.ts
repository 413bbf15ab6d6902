import { spawn } from 'node:child_process';
import type { CommandRunner } from './types';

/** Runs a command without a shell (arguments are never interpolated into a command line). */
export const nodeCommandRunner: CommandRunner = {
  run(command, args, opts = {}) {
    return new Promise((resolve) => {
      const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, env: { ...process.env, ...opts.env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', (err) => resolve({ code: 127, stdout, stderr: stderr + String(err) }));
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
      child.stdin.on('error', () => undefined); // the command exited before reading its input
      child.stdin.end(opts.input ?? '');
    });
  },
};

/** Records every invocation and answers from a table: what the win32 unit tests use. */
export class RecordingRunner implements CommandRunner {
  readonly calls: { command: string; args: string[]; input?: string | undefined }[] = [];
  constructor(private readonly answer: (command: string, args: string[]) => { code?: number; stdout?: string; stderr?: string } = () => ({})) {}
  async run(command: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
    this.calls.push({ command, args, input: opts.input });
    const a = this.answer(command, args);
    return { code: a.code ?? 0, stdout: a.stdout ?? '', stderr: a.stderr ?? '' };
  }
}
