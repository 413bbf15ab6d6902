import type { BrowserProcesses, CommandRunner } from '../types';

const WIN_BROWSERS = new Set(['chrome.exe', 'msedge.exe', 'firefox.exe']);
export const TASKLIST = 'tasklist.exe';
export const tasklistArgs = (): string[] => ['/FO', 'CSV', '/NH'];

/** `tasklist /FO CSV /NH`: "Image Name","PID","Session Name","Session#","Mem Usage" per line. */
export function parseTasklist(text: string): string[] {
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^"([^"]+)"/.exec(line);
    if (m && WIN_BROWSERS.has(m[1]!.toLowerCase())) out.add(m[1]!.toLowerCase());
  }
  return [...out].sort();
}

export class TasklistBrowsers implements BrowserProcesses {
  constructor(private readonly runner: CommandRunner) {}
  async running(): Promise<string[]> {
    const r = await this.runner.run(TASKLIST, tasklistArgs());
    return r.code === 0 ? parseTasklist(r.stdout) : [];
  }
}
