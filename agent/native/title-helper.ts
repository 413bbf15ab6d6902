import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { POWERSHELL, psArgs } from '../platform/win32/displays';
import { foregroundWatchScript, parseForegroundJson } from '../platform/win32/window-titles';
import { LineDecoder } from './framing';

export interface TitleHelperOptions {
  socketPath: string;
  /** Starts the watcher that prints one JSON line per focus change (PowerShell on Windows). */
  startWatcher?: () => ChildProcess;
  log?: (msg: string) => void;
}

/**
 * `agent title-helper`: runs in the signed-in user's session (a logon task, see
 * schtasksCreateArgs), watches the focused window with one long-lived PowerShell and reports
 * each change to the agent service over its local pipe. Holds no state; the service scans.
 */
export function runTitleHelper(o: TitleHelperOptions): { stop(): void } {
  const start = o.startWatcher ?? (() => spawn(POWERSHELL, psArgs(foregroundWatchScript()), { stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true }));
  let socket: net.Socket | null = null;
  let watcher: ChildProcess | null = null;
  let stopped = false;

  const connect = () => {
    if (stopped) return;
    const s = net.createConnection(o.socketPath);
    s.on('connect', () => (socket = s));
    s.on('error', () => undefined);
    s.on('close', () => {
      socket = null;
      if (!stopped) setTimeout(connect, 2_000).unref();
    });
  };

  const watch = () => {
    if (stopped) return;
    const child = start();
    watcher = child;
    const lines = new LineDecoder();
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const line of lines.push(chunk)) {
        let win;
        try {
          win = parseForegroundJson(line);
        } catch {
          continue;
        }
        if (win && socket) socket.write(JSON.stringify({ type: 'window', title: win.title.slice(0, 2_000), process: win.process.slice(0, 260), ...(win.user ? { user: win.user } : {}) }) + '\n');
      }
    });
    child.on('exit', () => {
      o.log?.('window watcher exited; restarting in 5 s');
      if (!stopped) setTimeout(watch, 5_000).unref();
    });
  };

  connect();
  watch();
  return {
    stop() {
      stopped = true;
      watcher?.kill();
      socket?.destroy();
    },
  };
}
