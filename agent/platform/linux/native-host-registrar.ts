import fs from 'node:fs';
import path from 'node:path';
import { NATIVE_HOST_NAME } from '../../../shared/native/agent-messages';
import type { NativeHostRegistrar } from '../types';
import { writeFileAtomic } from './policy-files';

/** Machine-wide native messaging host directories on Linux, per browser. */
export const LINUX_NATIVE_HOST_DIRS = ['/etc/chromium/native-messaging-hosts', '/etc/opt/chrome/native-messaging-hosts', '/etc/opt/edge/native-messaging-hosts'];

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The host manifest Chrome reads (developer.chrome.com/docs/extensions/develop/concepts/native-messaging). */
export function hostManifest(launcher: string, extensionIds: string[]) {
  return {
    name: NATIVE_HOST_NAME,
    description: 'School E-safety agent (board mode, Windows user and device identity for the extension)',
    path: launcher,
    type: 'stdio',
    allowed_origins: extensionIds.map((id) => `chrome-extension://${id}/`),
  };
}

/**
 * Chrome runs `path` directly with the caller's origin as argument, so it must be one
 * executable: a small shell launcher next to the manifest runs the host with its arguments.
 */
export class LinuxNativeHostRegistrar implements NativeHostRegistrar {
  constructor(
    private readonly dirs: string[] = LINUX_NATIVE_HOST_DIRS,
    private readonly launcherPath = '/usr/local/lib/esafety-agent/native-host.sh',
  ) {}

  async register(o: { hostCommand: string; hostArgs: string[]; extensionIds: string[] }): Promise<string[]> {
    const script = `#!/bin/sh\n# Written by the School E-safety agent installer.\nexec ${[o.hostCommand, ...o.hostArgs].map(shellQuote).join(' ')} "$@"\n`;
    writeFileAtomic(this.launcherPath, script, 0o755);
    fs.chmodSync(this.launcherPath, 0o755);
    const written = [this.launcherPath];
    for (const dir of this.dirs) {
      const file = path.join(dir, `${NATIVE_HOST_NAME}.json`);
      writeFileAtomic(file, JSON.stringify(hostManifest(this.launcherPath, o.extensionIds), null, 2) + '\n');
      written.push(file);
    }
    return written;
  }

  async unregister(): Promise<void> {
    for (const dir of this.dirs) fs.rmSync(path.join(dir, `${NATIVE_HOST_NAME}.json`), { force: true });
    fs.rmSync(this.launcherPath, { force: true });
  }
}
