import type {
  BrowserPolicySet,
  BrowserProcesses,
  DisplaySource,
  DisplayTopology,
  ForegroundWindow,
  IdentitySource,
  PolicyReadBack,
  PolicyWriter,
  WindowTitleSource,
} from './types';

/** Fakes for every seam: tests switch the display, focus windows and edit policy at will. */

export class FakeDisplay implements DisplaySource {
  private listeners = new Set<() => void>();
  constructor(public topology: DisplayTopology = { active: 1, mode: 'single', outputs: ['eDP-1'] }) {}
  async read() {
    return this.topology;
  }
  watch(cb: () => void) {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }
  /** Plug in (or unplug) the board: listeners hear at once, as Windows' display-change event would. */
  set(projecting: boolean) {
    this.topology = projecting ? { active: 2, mode: 'duplicate', outputs: ['eDP-1', 'HDMI-1'] } : { active: 1, mode: 'single', outputs: ['eDP-1'] };
    for (const l of this.listeners) l();
  }
}

export class FakeWindows implements WindowTitleSource {
  window: ForegroundWindow | null = null;
  constructor(public user: string | undefined = 'SCHOOL\\y5pupil', public reason: string | null = null) {}
  async interactiveUser() {
    return this.user;
  }
  async foreground() {
    return this.window;
  }
  async unavailableReason() {
    return this.reason;
  }
}

export class FakeBrowsers implements BrowserProcesses {
  constructor(public names: string[] = []) {}
  async running() {
    return this.names;
  }
}

export const fakeIdentity = (id = 'f1e2d3c4b5a6978812345678', host = 'CLASS5-PC03'): IdentitySource => ({
  machineId: async () => id,
  hostName: () => host,
});

/** A policy store in memory: `tamper` lets a test delete or edit what the agent wrote. */
export class FakePolicyWriter implements PolicyWriter {
  chromium: Record<string, unknown> | null = null;
  firefox: Record<string, unknown> | null = null;
  writes = 0;
  async write(set: BrowserPolicySet) {
    this.chromium = structuredClone(set.chromium);
    this.firefox = structuredClone(set.firefox);
    this.writes++;
  }
  async read(): Promise<PolicyReadBack[]> {
    return [
      { browser: 'chromium', where: 'fake:chromium', values: this.chromium },
      { browser: 'firefox', where: 'fake:firefox', values: this.firefox },
    ];
  }
  async remove() {
    this.chromium = null;
    this.firefox = null;
  }
}
