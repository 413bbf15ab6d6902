import fs from 'node:fs';
import path from 'node:path';
import { NATIVE_HOST_NAME } from '../../../shared/native/agent-messages';
import { hostManifest } from '../linux/native-host-registrar';
import type { CommandRunner, NativeHostRegistrar } from '../types';
import { REG, regAddArgs, regDeleteKeyArgs } from './reg';

/** Chrome and Edge look up native hosts under these keys (default value = manifest path). */
export const WIN_NATIVE_HOST_KEYS = [
  `HKLM\\SOFTWARE\\Google\\Chrome\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`,
  `HKLM\\SOFTWARE\\Microsoft\\Edge\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`,
];

/** A .cmd launcher: Chrome on Windows starts hosts through cmd.exe, passing the origin as %1. */
export const cmdLauncher = (command: string, args: string[]): string =>
  `@echo off\r\n${[command, ...args].map((a) => `"${a}"`).join(' ')} %*\r\n`;

export class Win32NativeHostRegistrar implements NativeHostRegistrar {
  constructor(
    private readonly runner: CommandRunner,
    private readonly installDir: string,
    /** path.win32 on Windows; tests on Linux pass path.posix so files land in a temp dir. */
    private readonly paths: path.PlatformPath = path.win32,
  ) {}

  async register(o: { hostCommand: string; hostArgs: string[]; extensionIds: string[] }): Promise<string[]> {
    fs.mkdirSync(this.installDir, { recursive: true });
    const launcher = this.paths.join(this.installDir, 'native-host.cmd');
    const manifest = this.paths.join(this.installDir, `${NATIVE_HOST_NAME}.json`);
    fs.writeFileSync(launcher, cmdLauncher(o.hostCommand, o.hostArgs));
    fs.writeFileSync(manifest, JSON.stringify(hostManifest(launcher, o.extensionIds), null, 2));
    for (const key of WIN_NATIVE_HOST_KEYS) {
      const r = await this.runner.run(REG, regAddArgs(key, null, 'REG_SZ', manifest));
      if (r.code !== 0) throw new Error(`reg add ${key} failed (${r.code}): ${r.stderr.trim()}`);
    }
    return [launcher, manifest, ...WIN_NATIVE_HOST_KEYS];
  }

  async unregister(): Promise<void> {
    for (const key of WIN_NATIVE_HOST_KEYS) await this.runner.run(REG, regDeleteKeyArgs(key));
  }
}
