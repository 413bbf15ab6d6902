import type { ChromiumPolicyValues } from '../../shared/search/browser-policy';

/**
 * The seams between the agent's logic (agent/core, platform-free) and the operating system.
 * Each has a `linux` implementation (real, tested end to end here), a `win32` implementation
 * (commands built as data, parsers tested on captured output) and a fake (agent/platform/fake.ts).
 */

/** Firefox enterprise policies (policies.json `{"policies": {...}}`), see mozilla/policy-templates. */
export type FirefoxPolicies = Record<string, unknown>;

/** What the agent enforces in every browser it manages. */
export interface BrowserPolicySet {
  /** Chrome, Edge and Chromium share policy names. */
  chromium: ChromiumPolicyValues;
  firefox: FirefoxPolicies;
}

/** One place a policy lives (a file, a registry key), as read back. */
export interface PolicyLocation {
  /** Human-readable: "/etc/chromium/policies/managed/esafety-agent.json", "HKLM\\SOFTWARE\\Policies\\Google\\Chrome". */
  where: string;
  browser: 'chromium' | 'chrome' | 'edge' | 'firefox';
}

export interface PolicyReadBack extends PolicyLocation {
  /** The values found (only the names we manage); null when the file/key is gone. */
  values: Record<string, unknown> | null;
}

export interface PolicyWriter {
  write(set: BrowserPolicySet): Promise<void>;
  /** Read back what is in place now, per location, so edits and deletions can be noticed. */
  read(set: BrowserPolicySet): Promise<PolicyReadBack[]>;
  /** Remove everything the agent wrote (uninstall). */
  remove(): Promise<void>;
}

export interface DisplayTopology {
  /** Active monitors (a duplicated/mirrored output counts once per physical output). */
  active: number;
  /** 'single' | 'duplicate' | 'extend', when the platform can tell. */
  mode: 'single' | 'duplicate' | 'extend' | 'unknown';
  /** Output names, for the board_change report ("HDMI-1", "\\\\.\\DISPLAY2"). */
  outputs: string[];
}

export interface DisplaySource {
  read(): Promise<DisplayTopology>;
}

export interface ForegroundWindow {
  title: string;
  /** Process name ("chrome.exe", "winword.exe", "firefox"). */
  process: string;
  /** The interactive user who owns the window (never SYSTEM/root when it can be helped). */
  user: string | undefined;
}

export interface WindowTitleSource {
  /** The user signed in at the console (DOMAIN\\user on Windows), not the service account. */
  interactiveUser(): Promise<string | undefined>;
  /** The focused window now; null when there is no desktop session (or no X display). */
  foreground(): Promise<ForegroundWindow | null>;
  /** Why it cannot read titles here, when it cannot (reported once, never silent). */
  unavailableReason(): Promise<string | null>;
}

export interface ServiceStatus {
  installed: boolean;
  running: boolean;
  detail: string;
}

export interface ServiceControl {
  install(opts: { command: string; args: string[] }): Promise<void>;
  uninstall(): Promise<void>;
  status(): Promise<ServiceStatus>;
}

export interface NativeHostRegistrar {
  /** Register the native messaging host for every Chromium-family browser. Returns where it wrote. */
  register(opts: { hostCommand: string; hostArgs: string[]; extensionIds: string[] }): Promise<string[]>;
  unregister(): Promise<void>;
}

/** Configuration from the machine (registry values on Windows, a JSON file on Linux). */
export interface ConfigSource {
  read(): Promise<Record<string, unknown>>;
  /** Store the installer's settings (collector, token). */
  write(values: Record<string, string | boolean>): Promise<void>;
  clear(): Promise<void>;
}

export interface IdentitySource {
  /** A stable hardware id (node-machine-id, hashed). */
  machineId(): Promise<string>;
  hostName(): string;
}

/** Whether a managed browser is running (the extension-missing watch only counts time while one is). */
export interface BrowserProcesses {
  running(): Promise<string[]>;
}

/** Runs an external command; the win32 adapters take one so their commands can be checked as data. */
export interface CommandRunner {
  run(command: string, args: string[], opts?: { input?: string; env?: Record<string, string> }): Promise<{ code: number; stdout: string; stderr: string }>;
}
