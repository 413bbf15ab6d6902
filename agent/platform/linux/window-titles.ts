import fs from 'node:fs';
import type { CommandRunner, ForegroundWindow, WindowTitleSource } from '../types';

/** Parse `xprop -id W _NET_WM_NAME WM_CLASS _NET_WM_PID` output. */
export function parseXprop(text: string): { title: string | undefined; wmClass: string | undefined; pid: number | undefined } {
  const str = (name: string) => {
    const m = new RegExp(`^${name}\\([A-Z0-9_]+\\) = "((?:[^"\\\\]|\\\\.)*)"`, 'm').exec(text);
    return m ? m[1]!.replace(/\\(.)/g, '$1') : undefined;
  };
  const cls = /^WM_CLASS\(STRING\) = "((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)"/m.exec(text);
  const pid = /^_NET_WM_PID\(CARDINAL\) = (\d+)/m.exec(text);
  return { title: str('_NET_WM_NAME') ?? str('WM_NAME'), wmClass: cls?.[2], pid: pid ? Number(pid[1]) : undefined };
}

/** `Uid:` line of /proc/PID/status mapped through /etc/passwd. */
export function userOfPid(pid: number, procRoot = '/proc', passwd = '/etc/passwd'): string | undefined {
  try {
    const status = fs.readFileSync(`${procRoot}/${pid}/status`, 'utf8');
    const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
    if (uid === undefined) return undefined;
    const line = fs.readFileSync(passwd, 'utf8').split('\n').find((l) => l.split(':')[2] === uid);
    return line?.split(':')[0];
  } catch {
    return undefined;
  }
}

function processName(pid: number, procRoot = '/proc'): string | undefined {
  try {
    return fs.readFileSync(`${procRoot}/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * The focused X window's title and process (xdotool for the focus, xprop for the properties,
 * /proc for the owner). Needs an X display; on a server or in a container there is none, and
 * `unavailableReason` says so rather than failing silently.
 */
export class XWindowTitles implements WindowTitleSource {
  constructor(
    private readonly runner: CommandRunner,
    private readonly display = process.env.DISPLAY,
  ) {}

  async unavailableReason(): Promise<string | null> {
    if (!this.display) return 'no X display (DISPLAY is not set), so window titles cannot be read on this machine';
    const probe = await this.runner.run('xdotool', ['--version']);
    if (probe.code !== 0) return 'xdotool is not installed (apt-get install xdotool): window titles cannot be read';
    return null;
  }

  async foreground(): Promise<ForegroundWindow | null> {
    if (!this.display) return null;
    const env = { DISPLAY: this.display };
    const focus = await this.runner.run('xdotool', ['getwindowfocus'], { env });
    const id = focus.stdout.trim();
    if (focus.code !== 0 || !/^\d+$/.test(id)) return null;
    const props = await this.runner.run('xprop', ['-id', id, '_NET_WM_NAME', 'WM_CLASS', '_NET_WM_PID'], { env });
    if (props.code !== 0) return null;
    const p = parseXprop(props.stdout);
    if (!p.title) return null;
    return {
      title: p.title,
      process: (p.pid && processName(p.pid)) || p.wmClass || 'unknown',
      user: p.pid ? userOfPid(p.pid) : undefined,
    };
  }

  async interactiveUser(): Promise<string | undefined> {
    const w = await this.foreground().catch(() => null);
    if (w?.user) return w.user;
    // Fall back to whoever owns the X server's socket (the desktop session's user).
    const n = this.display?.replace(/^.*:(\d+).*$/, '$1');
    try {
      const uid = fs.statSync(`/tmp/.X11-unix/X${n}`).uid;
      return fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.split(':')[2] === String(uid))?.split(':')[0];
    } catch {
      return undefined;
    }
  }
}
