import type { CommandRunner, ConfigSource } from '../types';
import { REG, fullKey, isNotFound, parseRegQuery, regAddArgs, regData, regDeleteKeyArgs, regQueryArgs } from './reg';

/** Settings the installer writes, and the GPO/Intune key that overrides them (Policies wins). */
export const AGENT_CONFIG_KEY = 'HKLM\\SOFTWARE\\ESafety\\Agent';
export const AGENT_POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\ESafety\\Agent';

/** Registry values (CollectorUrl REG_SZ, BoardPc REG_DWORD…) to settings; names are normalised later. */
export function configFromRegQuery(text: string, key: string): Record<string, unknown> {
  const values = parseRegQuery(text).get(fullKey(key));
  const out: Record<string, unknown> = {};
  for (const [name, v] of values ?? []) if (name !== '(Default)') out[name] = regData(v);
  return out;
}

export class RegistryConfig implements ConfigSource {
  constructor(private readonly runner: CommandRunner) {}

  private async readKey(key: string): Promise<Record<string, unknown>> {
    const r = await this.runner.run(REG, regQueryArgs(key, false));
    if (isNotFound(r)) return {};
    if (r.code !== 0) throw new Error(`reg query ${key} failed (${r.code}): ${r.stderr.trim()}`);
    return configFromRegQuery(r.stdout, key);
  }

  async read(): Promise<Record<string, unknown>> {
    return { ...(await this.readKey(AGENT_CONFIG_KEY)), ...(await this.readKey(AGENT_POLICY_KEY)) };
  }

  async write(values: Record<string, string | boolean>): Promise<void> {
    for (const [name, v] of Object.entries(values)) {
      const regName = name.charAt(0).toUpperCase() + name.slice(1);
      const args = typeof v === 'boolean' ? regAddArgs(AGENT_CONFIG_KEY, regName, 'REG_DWORD', v ? '1' : '0') : regAddArgs(AGENT_CONFIG_KEY, regName, 'REG_SZ', v);
      const r = await this.runner.run(REG, args);
      if (r.code !== 0) throw new Error(`reg add ${AGENT_CONFIG_KEY} /v ${regName} failed (${r.code}): ${r.stderr.trim()}`);
    }
  }

  async clear(): Promise<void> {
    await this.runner.run(REG, regDeleteKeyArgs(AGENT_CONFIG_KEY));
  }
}
