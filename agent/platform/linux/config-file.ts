import fs from 'node:fs';
import type { ConfigSource } from '../types';
import { writeFileAtomic } from './policy-files';

export const LINUX_CONFIG_FILE = '/etc/esafety-agent/config.json';

/** Linux machine configuration: a JSON object in /etc (0600: it holds the enrolment token). */
export class JsonConfigFile implements ConfigSource {
  constructor(private readonly file = LINUX_CONFIG_FILE) {}

  async read(): Promise<Record<string, unknown>> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${this.file} must hold a JSON object of settings`);
    return v as Record<string, unknown>;
  }

  async write(values: Record<string, string | boolean>): Promise<void> {
    writeFileAtomic(this.file, JSON.stringify({ ...(await this.read().catch(() => ({}))), ...values }, null, 2) + '\n', 0o600);
  }

  async clear(): Promise<void> {
    fs.rmSync(this.file, { force: true });
  }
}
