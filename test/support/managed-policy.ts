import fs from 'node:fs';
import path from 'node:path';
import { acquireMachineLock } from './machine-lock';

/** Chromium on Linux reads enterprise policy from here (machine-wide; needs root). */
export const MANAGED_POLICY_DIR = process.env.ESAFETY_POLICY_DIR ?? '/etc/chromium/policies/managed';

/**
 * Write Chromium managed policy for one test and hold the machine-wide lock until `release`,
 * since every Chromium on the machine reads the same directory.
 */
export class ManagedPolicy {
  private release: (() => void) | null = null;
  private readonly file: string;

  constructor(name = 'esafety-test') {
    this.file = path.join(MANAGED_POLICY_DIR, `${name}.json`);
  }

  async acquire(): Promise<this> {
    this.release = await acquireMachineLock('chromium-policy');
    try {
      fs.mkdirSync(MANAGED_POLICY_DIR, { recursive: true });
      fs.accessSync(MANAGED_POLICY_DIR, fs.constants.W_OK);
    } catch (err) {
      this.release();
      this.release = null;
      throw new Error(
        `Cannot write Chromium's managed policy directory ${MANAGED_POLICY_DIR} (${String(err)}). ` +
          'The end-to-end tests configure the extension the way schools do, through managed policy: run them as root (as CI does).',
      );
    }
    // Another run that crashed may have left files: only ours may be present.
    for (const f of fs.readdirSync(MANAGED_POLICY_DIR)) if (f.startsWith('esafety-')) fs.rmSync(path.join(MANAGED_POLICY_DIR, f), { force: true });
    return this;
  }

  write(policy: Record<string, unknown>): void {
    if (!this.release) throw new Error('acquire() the managed policy lock first');
    fs.writeFileSync(this.file + '.tmp', JSON.stringify(policy, null, 2));
    fs.renameSync(this.file + '.tmp', this.file);
  }

  /** Managed storage for one extension: {"3rdparty":{"extensions":{id:{...}}}}. */
  writeExtensionConfig(extensionId: string, config: Record<string, unknown>, extra: Record<string, unknown> = {}): void {
    this.write({ ...extra, '3rdparty': { extensions: { [extensionId]: config } } });
  }

  clear(): void {
    fs.rmSync(this.file, { force: true });
  }

  releaseLock(): void {
    this.clear();
    this.release?.();
    this.release = null;
  }
}
