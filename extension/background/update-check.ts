import { compareVersions } from '../../shared/protocol/version';
import type { KeyValueArea } from '../platform/storage';

/** The browser's update check (chrome.runtime.requestUpdateCheck): its status. */
export type RequestUpdateCheck = () => Promise<string>;

/** The last check this device asked for, kept in storage across worker restarts. */
export interface UpdateCheckRecord {
  /** The version the collector announced. */
  version: string;
  at: string;
  /** 'update_available', 'no_update', 'throttled', or 'failed: …'. */
  status: string;
}

const KEY = 'updateCheck';
/**
 * Between two checks for the same announced version. Chrome checks by itself every few hours
 * and throttles frequent calls; a collector announces on every connection, so without this a
 * device on a flaky network would ask at every reconnect.
 */
export const RECHECK_MS = 30 * 60_000;

/**
 * A new extension version reaches devices faster: the collector announces the version it
 * publishes with every policy, and a device on an older one asks its browser to check the
 * update manifest now. The browser downloads it and fires onUpdateAvailable, where the worker
 * restarts into it (main.ts). Nothing else changes hands: the update itself still comes only
 * from the browser's own signed-CRX update path.
 */
export class UpdateCheck {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly o: {
      installed: string;
      request: RequestUpdateCheck;
      area: KeyValueArea;
      now?: () => number;
      log?: (msg: string, detail?: unknown) => void;
    },
  ) {}

  /** The collector announced `version` (or nothing): check for it if it is newer and not checked lately. */
  announced(version: string | undefined): Promise<UpdateCheckRecord | null> {
    const run = this.chain.then(() => this.check(version));
    this.chain = run.catch(() => undefined);
    return run;
  }

  last(): Promise<UpdateCheckRecord | undefined> {
    return this.o.area.get<UpdateCheckRecord>(KEY);
  }

  private async check(version: string | undefined): Promise<UpdateCheckRecord | null> {
    if (!version || compareVersions(version, this.o.installed) <= 0) return null;
    const now = (this.o.now ?? Date.now)();
    const last = await this.last();
    if (last && last.version === version && now - Date.parse(last.at) < RECHECK_MS) return null;
    let status: string;
    try {
      status = await this.o.request();
    } catch (err) {
      status = `failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200);
    }
    const record: UpdateCheckRecord = { version, at: new Date(now).toISOString(), status };
    await this.o.area.set({ [KEY]: record });
    this.o.log?.(`update check for ${version} (installed ${this.o.installed}): ${status}`);
    return record;
  }
}
