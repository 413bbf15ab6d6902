import { z } from 'zod';
import { ManagedConfig, parseManagedConfig } from '../../shared/policy/managed-config';

/** The extension's stable id (manifest `key`); a school that signs its own CRX sets extensionId. */
export const DEFAULT_EXTENSION_ID = 'nipfnnhggfaijbpfacionjfcoeegeefh';
/** Native messaging host name (lower-case, dots: Chrome's rule for host names). */
export { NATIVE_HOST_NAME } from '../../shared/native/agent-messages';

/** Settings only the agent has (the rest are the same managed settings the extension takes). */
export const AgentOnlySettings = z.object({
  dataDir: z.string().min(1).max(500).optional(),
  extensionId: z.string().regex(/^[a-p]{32}$/, 'extensionId must be 32 letters a-p (a Chrome extension id)').optional(),
  /** Update manifest URL for force-installing the extension (ExtensionInstallForcelist). */
  extensionUpdateUrl: z.string().url().optional(),
  /** Minutes a browser may run with no extension connection before it is reported as tampering. */
  extensionMissingMinutes: z.coerce.number().min(1).max(1440).optional(),
  /** Treat this PC as projecting (a board PC whose projector is always connected). */
  boardPc: z.union([z.boolean(), z.coerce.number().transform((n) => n !== 0)]).optional(),
});

export const AgentConfig = ManagedConfig.extend(AgentOnlySettings.shape);
export type AgentConfig = z.infer<typeof AgentConfig>;

export interface AgentConfigResult {
  config: AgentConfig;
  problems: string[];
}

/** "CollectorUrl" (registry value) or "collector-url" (flag) to "collectorUrl". */
export function settingName(raw: string): string {
  const camel = raw.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return camel.charAt(0).toLowerCase() + camel.slice(1);
}

const ALIASES: Record<string, string> = { collector: 'collectorUrl', token: 'enrolmentToken', name: 'deviceName', enrollmentToken: 'enrolmentToken' };

/**
 * Merge configuration layers (machine config from the registry or /etc, then command-line
 * flags), field by field: a bad value is dropped with a problem named, never the whole lot.
 */
export function resolveAgentConfig(...layers: Record<string, unknown>[]): AgentConfigResult {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      if (v === undefined) continue;
      const name = settingName(k);
      merged[ALIASES[name] ?? name] = v;
    }
  }
  const managedRaw: Record<string, unknown> = {};
  const agentRaw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(merged)) {
    if (k in AgentOnlySettings.shape) agentRaw[k] = v;
    else managedRaw[k] = k === 'allowInsecureTransport' && typeof v !== 'boolean' ? v === 1 || v === 'true' || v === '1' : v;
  }
  const { config: managed, problems } = parseManagedConfig(managedRaw);
  const agent: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(agentRaw)) {
    const field = (AgentOnlySettings.shape as Record<string, z.ZodType>)[k]!;
    const parsed = field.safeParse(v);
    if (parsed.success) agent[k] = parsed.data;
    else problems.push(`agent setting "${k}" ignored: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return { config: { ...managed, ...agent } as AgentConfig, problems };
}

