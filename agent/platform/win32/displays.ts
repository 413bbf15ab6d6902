import { type ChildProcess, spawn } from 'node:child_process';
import { LineDecoder } from '../../native/framing';
import type { CommandRunner, DisplaySource, DisplayTopology } from '../types';

export const POWERSHELL = 'powershell.exe';
export const psArgs = (script: string): string[] => ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script];

/**
 * Active monitors from WMI (root\wmi WmiMonitorBasicDisplayParams). It answers from session 0,
 * where the service runs, unlike Screen.AllScreens which would see session 0's own desktop.
 * WMI cannot tell duplicate from extend; more than one active monitor is projecting either way.
 */
export const DISPLAY_QUERY =
  "Get-CimInstance -Namespace root\\wmi -ClassName WmiMonitorBasicDisplayParams | Select-Object InstanceName,Active | ConvertTo-Json -Compress";

/** ConvertTo-Json gives an object for one monitor, an array for several, nothing for none. */
export function parseMonitorJson(text: string): DisplayTopology {
  const t = text.trim();
  if (!t) return { active: 0, mode: 'unknown', outputs: [] };
  const parsed = JSON.parse(t) as unknown;
  const list = (Array.isArray(parsed) ? parsed : [parsed]) as { InstanceName?: string; Active?: boolean }[];
  const active = list.filter((m) => m.Active !== false);
  // InstanceName "DISPLAY\GSM5B09\5&2a8a8b3&0&UID4352_0": the middle part names the monitor model.
  const outputs = active.map((m) => (m.InstanceName ?? '').split('\\')[1] ?? 'monitor');
  return { active: active.length, mode: active.length <= 1 ? 'single' : 'unknown', outputs };
}

export class WmiDisplay implements DisplaySource {
  constructor(private readonly runner: CommandRunner) {}
  async read(): Promise<DisplayTopology> {
    const r = await this.runner.run(POWERSHELL, psArgs(DISPLAY_QUERY));
    if (r.code !== 0) throw new Error(`WMI monitor query failed (${r.code}): ${r.stderr.trim()}`);
    return parseMonitorJson(r.stdout);
  }
}

/**
 * The same query in one long-lived PowerShell that prints a line only when the answer changes:
 * polling by starting PowerShell every 2 s would cost far more CPU than the agent's whole budget.
 */
export const displayWatchScript = (intervalMs = 500): string =>
  [
    "$last = '';",
    'while ($true) {',
    `$j = ${DISPLAY_QUERY};`,
    "if ($j -eq $null) { $j = '' };",
    "if ($j -ne $last) { $last = $j; [Console]::Out.WriteLine('@' + $j); [Console]::Out.Flush() };",
    `Start-Sleep -Milliseconds ${intervalMs}`,
    '}',
  ].join(' ');

/** Display topology from the long-lived watcher; `watch` listeners hear each change at once. */
export class WmiDisplayWatch implements DisplaySource {
  private topology: DisplayTopology | null = null;
  private listeners = new Set<() => void>();
  private child: ChildProcess | null = null;
  private first: Promise<void>;
  private resolveFirst!: () => void;
  private stopped = false;

  constructor(private readonly start: () => ChildProcess = () => spawn(POWERSHELL, psArgs(displayWatchScript()), { stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true })) {
    this.first = new Promise((r) => (this.resolveFirst = r));
    this.run();
  }

  private run(): void {
    if (this.stopped) return;
    const child = this.start();
    this.child = child;
    const lines = new LineDecoder();
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const line of lines.push(chunk)) {
        if (!line.startsWith('@')) continue;
        try {
          this.topology = parseMonitorJson(line.slice(1));
        } catch {
          continue;
        }
        this.resolveFirst();
        for (const l of this.listeners) l();
      }
    });
    child.on('exit', () => setTimeout(() => this.run(), 5_000).unref());
  }

  async read(): Promise<DisplayTopology> {
    await Promise.race([this.first, new Promise((r) => setTimeout(r, 10_000))]);
    if (!this.topology) throw new Error('the WMI display watcher has not answered (is PowerShell available?)');
    return this.topology;
  }

  watch(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  stop(): void {
    this.stopped = true;
    this.child?.kill();
  }
}
