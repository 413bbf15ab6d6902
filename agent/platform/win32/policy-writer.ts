import fs from 'node:fs';
import path from 'node:path';
import type { BrowserPolicySet, CommandRunner, PolicyReadBack, PolicyWriter } from '../types';
import { writeFileAtomic } from '../linux/policy-files';
import { chromiumFromRegTree, chromiumRegEntries, WIN_POLICY_KEYS } from './chrome-policy-registry';
import { REG, buildRegFile, encodeRegFile, isNotFound, parseRegQuery, regDeleteKeyArgs, regImportArgs, regQueryArgs } from './reg';

export const WIN_FIREFOX_POLICY_FILE = 'C:\\Program Files\\Mozilla Firefox\\distribution\\policies.json';

/**
 * Chrome and Edge policy in HKLM\SOFTWARE\Policies (one `reg import` of a generated .reg file
 * per write), Firefox in its distribution\policies.json. Reads back with `reg query /s`.
 */
export class Win32PolicyWriter implements PolicyWriter {
  constructor(
    private readonly runner: CommandRunner,
    private readonly workDir: string,
    private readonly firefoxFile: string | null = WIN_FIREFOX_POLICY_FILE,
    private readonly keys: { browser: 'chrome' | 'edge'; key: string }[] = [
      { browser: 'chrome', key: WIN_POLICY_KEYS.chrome },
      { browser: 'edge', key: WIN_POLICY_KEYS.edge },
    ],
  ) {}

  /** The .reg text one write imports (exposed so tests can check it as data). */
  regFile(set: BrowserPolicySet): string {
    return buildRegFile(this.keys.flatMap((k) => chromiumRegEntries(k.key, set.chromium)));
  }

  async write(set: BrowserPolicySet): Promise<void> {
    fs.mkdirSync(this.workDir, { recursive: true });
    const file = path.join(this.workDir, 'esafety-policy.reg');
    fs.writeFileSync(file, encodeRegFile(this.regFile(set)));
    const r = await this.runner.run(REG, regImportArgs(file));
    if (r.code !== 0) throw new Error(`reg import failed (${r.code}): ${r.stderr.trim()}`);
    if (this.firefoxFile) writeFileAtomic(this.firefoxFile, JSON.stringify(set.firefox, null, 2) + '\r\n');
  }

  async read(set: BrowserPolicySet): Promise<PolicyReadBack[]> {
    const out: PolicyReadBack[] = [];
    for (const k of this.keys) {
      const r = await this.runner.run(REG, regQueryArgs(k.key));
      if (isNotFound(r)) {
        out.push({ browser: k.browser, where: k.key, values: null });
        continue;
      }
      if (r.code !== 0) throw new Error(`reg query ${k.key} failed (${r.code}): ${r.stderr.trim()}`);
      out.push({ browser: k.browser, where: k.key, values: chromiumFromRegTree(k.key, parseRegQuery(r.stdout), set.chromium) });
    }
    if (this.firefoxFile) {
      let values: Record<string, unknown> | null = null;
      try {
        values = JSON.parse(fs.readFileSync(this.firefoxFile, 'utf8'));
      } catch (err) {
        values = (err as NodeJS.ErrnoException).code === 'ENOENT' ? null : { '(unparsable JSON)': true };
      }
      out.push({ browser: 'firefox', where: this.firefoxFile, values });
    }
    return out;
  }

  /** Uninstall: the agent owns these keys' managed values; schools with other GPO settings re-apply theirs by GPO refresh. */
  async remove(): Promise<void> {
    for (const k of this.keys) await this.runner.run(REG, regDeleteKeyArgs(k.key));
    if (this.firefoxFile) fs.rmSync(this.firefoxFile, { force: true });
  }
}
