import os from 'node:os';
import path from 'node:path';
import type { AgentPlatform } from '../core/agent';
import { nodeCommandRunner } from './command-runner';
import { machineIdentity } from './identity';
import { ProcBrowsers } from './linux/browsers';
import { JsonConfigFile, LINUX_CONFIG_FILE } from './linux/config-file';
import { LinuxNativeHostRegistrar } from './linux/native-host-registrar';
import { LinuxPolicyFiles, defaultLinuxTargets, type LinuxPolicyTargets } from './linux/policy-files';
import { SystemdService } from './linux/systemd-service';
import { XWindowTitles } from './linux/window-titles';
import { XrandrDisplay } from './linux/xrandr';
import type { ConfigSource, NativeHostRegistrar, ServiceControl } from './types';
import { TasklistBrowsers } from './win32/browsers';
import { WmiDisplayWatch } from './win32/displays';
import { Win32NativeHostRegistrar } from './win32/native-host-registrar';
import { Win32PolicyWriter } from './win32/policy-writer';
import { RegistryConfig } from './win32/registry-config';
import { Win32Service } from './win32/service';
import { Win32WindowTitles } from './win32/window-titles';
import { writeFileAtomic } from './linux/policy-files';

export interface MachinePlatform extends AgentPlatform {
  service: ServiceControl;
  nativeHosts: NativeHostRegistrar;
  config: ConfigSource;
  defaultDataDir: string;
}

export interface PlatformOverrides {
  /** Linux: write Chromium-family policy only into these directories (tests, unusual installs). */
  policyDirs?: string[] | undefined;
  firefoxFile?: string | null | undefined;
  configFile?: string | undefined;
  nativeHostDirs?: string[] | undefined;
  launcherPath?: string | undefined;
}

/** Pick the adapters for this OS once (get-windows style: one file per platform). */
export function machinePlatform(o: PlatformOverrides = {}, platform = process.platform): MachinePlatform {
  const run = nodeCommandRunner;
  if (platform === 'win32') {
    const programData = process.env.ProgramData ?? 'C:\\ProgramData';
    const dataDir = path.win32.join(programData, 'ESafety', 'Agent');
    const installDir = path.win32.join(process.env.ProgramFiles ?? 'C:\\Program Files', 'ESafety');
    return {
      policy: new Win32PolicyWriter(run, dataDir, o.firefoxFile === undefined ? undefined : o.firefoxFile),
      display: new WmiDisplayWatch(),
      // The service runs in session 0; `agent run` started by hand runs in the user's session.
      windows: new Win32WindowTitles(run, () => (process.env.SESSIONNAME === 'Services' || !process.env.SESSIONNAME ? 0 : 1)),
      browsers: new TasklistBrowsers(run),
      identity: machineIdentity,
      service: new Win32Service(run, path.win32.join(installDir, 'esafety-agent-service.exe'), (f, t) => writeFileAtomic(f, t)),
      nativeHosts: new Win32NativeHostRegistrar(run, dataDir),
      config: new RegistryConfig(run),
      defaultDataDir: dataDir,
    };
  }
  const targets: LinuxPolicyTargets = o.policyDirs
    ? { chromiumDirs: o.policyDirs.map((dir) => ({ browser: 'chromium' as const, dir })), firefoxFile: o.firefoxFile ?? undefined }
    : { ...defaultLinuxTargets(), ...(o.firefoxFile !== undefined ? { firefoxFile: o.firefoxFile ?? undefined } : {}) };
  return {
    policy: new LinuxPolicyFiles(targets),
    display: new XrandrDisplay(run),
    windows: new XWindowTitles(run),
    browsers: new ProcBrowsers(),
    identity: machineIdentity,
    service: new SystemdService(run),
    nativeHosts: new LinuxNativeHostRegistrar(o.nativeHostDirs, o.launcherPath),
    config: new JsonConfigFile(o.configFile ?? LINUX_CONFIG_FILE),
    defaultDataDir: platform === 'linux' ? '/var/lib/esafety-agent' : path.join(os.homedir(), '.esafety-agent'),
  };
}
