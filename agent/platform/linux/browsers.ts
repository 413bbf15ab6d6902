import fs from 'node:fs';
import type { BrowserProcesses } from '../types';

/** Process names of the browsers the agent manages (Linux `comm`, at most 15 characters). */
const LINUX_BROWSERS = /^(chromium|chrome|google-chrome|msedge|microsoft-edge|firefox|firefox-esr)$/;

/** Browsers running now, from /proc (cheap: one small read per process, once a minute). */
export class ProcBrowsers implements BrowserProcesses {
  constructor(private readonly procRoot = '/proc') {}
  async running(): Promise<string[]> {
    const out = new Set<string>();
    for (const d of fs.readdirSync(this.procRoot)) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const comm = fs.readFileSync(`${this.procRoot}/${d}/comm`, 'utf8').trim();
        if (LINUX_BROWSERS.test(comm)) out.add(comm);
      } catch {
        // the process ended while we looked
      }
    }
    return [...out].sort();
  }
}
