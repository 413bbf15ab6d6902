import type { TamperEvent } from '../../shared/protocol/events';
import type { BrowserPolicySet, PolicyReadBack, PolicyWriter } from '../platform/types';
import { canonicalJson } from './canonical-json';

export type TamperReport = (kind: TamperEvent['kind'], detail: string) => void;

/**
 * Writes the browser policies and keeps them written: `verify` reads every location back and,
 * when someone has deleted or edited what the agent wrote, reports it as tampering and
 * writes it again (the browsers then re-read their policy; Windows watches its policy keys).
 */
export class PolicyEnforcer {
  private expected: BrowserPolicySet | null = null;
  private expectedJson = '';
  private chain: Promise<unknown> = Promise.resolve();
  lastError: string | undefined;

  constructor(
    private readonly writer: PolicyWriter,
    private readonly report: TamperReport,
    private readonly log: (msg: string) => void = () => undefined,
  ) {}

  get current(): BrowserPolicySet | null {
    return this.expected;
  }

  /** Write a new policy set (no-op when nothing changed). Serialised with verify. */
  apply(set: BrowserPolicySet): Promise<void> {
    return this.serial(async () => {
      const json = canonicalJson(set);
      if (json === this.expectedJson) return;
      this.expected = set;
      this.expectedJson = json;
      await this.writeNow(set);
    });
  }

  /** Check what is in place; re-apply and report when it differs from what the agent wrote. */
  verify(): Promise<PolicyReadBack[]> {
    return this.serial(async () => {
      const set = this.expected;
      if (!set) return [];
      let found: PolicyReadBack[];
      try {
        found = await this.writer.read(set);
      } catch (err) {
        this.lastError = `could not read policy back: ${String(err)}`;
        this.log(this.lastError);
        return [];
      }
      const deleted = found.filter((f) => f.values === null);
      const edited = found.filter((f) => f.values !== null && canonicalJson(f.values) !== canonicalJson(expectedFor(set, f)));
      if (!deleted.length && !edited.length) return found;
      if (deleted.length) this.report('policy_deleted', `browser policy removed: ${deleted.map((d) => d.where).join(', ')}; re-applied`);
      if (edited.length) {
        const names = edited.map((e) => `${e.where} (${changedNames(expectedFor(set, e), e.values!).join(', ')})`);
        this.report('policy_edited', `browser policy changed outside the agent: ${names.join('; ')}; re-applied`);
      }
      await this.writeNow(set);
      return found;
    });
  }

  private async writeNow(set: BrowserPolicySet): Promise<void> {
    try {
      await this.writer.write(set);
      this.lastError = undefined;
    } catch (err) {
      this.lastError = `could not write browser policy: ${String(err)}`;
      this.log(this.lastError);
      throw err;
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

export function expectedFor(set: BrowserPolicySet, loc: { browser: PolicyReadBack['browser'] }): Record<string, unknown> {
  return loc.browser === 'firefox' ? set.firefox : set.chromium;
}

/** Top-level policy names whose values differ (added, removed or changed). */
export function changedNames(expected: Record<string, unknown>, found: Record<string, unknown>): string[] {
  const names = new Set([...Object.keys(expected), ...Object.keys(found)]);
  return [...names].filter((n) => canonicalJson(expected[n]) !== canonicalJson(found[n])).sort();
}
