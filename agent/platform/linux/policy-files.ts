import fs from 'node:fs';
import path from 'node:path';
import type { BrowserPolicySet, PolicyReadBack, PolicyWriter } from '../types';

/** Where Linux browsers read machine-wide managed policy (each reads every *.json in its dir). */
export const LINUX_POLICY_DIRS = {
  chromium: '/etc/chromium/policies/managed',
  chrome: '/etc/opt/chrome/policies/managed',
  edge: '/etc/opt/edge/policies/managed',
} as const;
export const LINUX_FIREFOX_POLICY_FILE = '/etc/firefox/policies/policies.json';
export const POLICY_FILE_NAME = 'esafety-agent.json';

export interface LinuxPolicyTargets {
  chromiumDirs: { browser: 'chromium' | 'chrome' | 'edge'; dir: string }[];
  firefoxFile?: string | undefined;
}

export const defaultLinuxTargets = (): LinuxPolicyTargets => ({
  chromiumDirs: Object.entries(LINUX_POLICY_DIRS).map(([browser, dir]) => ({ browser: browser as 'chromium', dir })),
  firefoxFile: LINUX_FIREFOX_POLICY_FILE,
});

/** Write atomically (temp file, fsync, rename) so a browser never reads half a policy. */
export function writeFileAtomic(file: string, text: string, mode = 0o644): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

function readJson(file: string): Record<string, unknown> | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { '(not an object)': v };
  } catch {
    // An unreadable file is an edit (the browser ignores it): report and rewrite.
    return { '(unparsable JSON)': text.slice(0, 200) };
  }
}

/** Chromium-family managed policy files plus Firefox's policies.json. */
export class LinuxPolicyFiles implements PolicyWriter {
  constructor(private readonly targets: LinuxPolicyTargets = defaultLinuxTargets()) {}

  private files() {
    return [
      ...this.targets.chromiumDirs.map((t) => ({ browser: t.browser, where: path.join(t.dir, POLICY_FILE_NAME) })),
      ...(this.targets.firefoxFile ? [{ browser: 'firefox' as const, where: this.targets.firefoxFile }] : []),
    ];
  }

  async write(set: BrowserPolicySet): Promise<void> {
    for (const f of this.files()) {
      writeFileAtomic(f.where, JSON.stringify(f.browser === 'firefox' ? set.firefox : set.chromium, null, 2) + '\n');
    }
  }

  async read(): Promise<PolicyReadBack[]> {
    return this.files().map((f) => ({ ...f, values: readJson(f.where) }));
  }

  async remove(): Promise<void> {
    for (const f of this.files()) fs.rmSync(f.where, { force: true });
  }
}
