import { z } from 'zod';
import { GroupId, Role } from './schema';

/**
 * What IT sets per device through the admin console (ChromeOS/Chrome managed storage,
 * `managed_schema.json`) or the agent's registry/JSON configuration. Every field is optional:
 * with nothing set the device is a pupil device on the default policy (fail closed).
 */
export const ManagedConfig = z.object({
  collectorUrl: z
    .string()
    .url('collectorUrl must be a URL such as https://collector.school.example')
    .refine((u) => /^https?:\/\//.test(u), 'collectorUrl must start with https:// (or http:// for localhost)')
    .optional(),
  enrolmentToken: z.string().min(16, 'enrolmentToken is too short').max(200).optional(),
  schoolId: z.string().min(1).max(64).optional(),
  group: GroupId.optional(),
  role: Role.optional(),
  /** Force a kid-safe engine on this device regardless of the group's choice. */
  engine: z.string().min(1).max(64).optional(),
  deviceName: z.string().min(1).max(200).optional(),
  /** Allow plain http:// / ws:// to a collector that is not on localhost (testing only). */
  allowInsecureTransport: z.boolean().optional(),
});
export type ManagedConfig = z.infer<typeof ManagedConfig>;

export interface ManagedConfigResult {
  config: ManagedConfig;
  /** Human-readable problems with what was set; the device reports these as tampering/misconfiguration. */
  problems: string[];
}

const isLoopback = (url: string) => {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
  } catch {
    return false;
  }
};

/**
 * Parse managed configuration field by field, so one bad value does not throw away the
 * good ones; a bad value is dropped (the safe default applies) and named in `problems`.
 */
export function parseManagedConfig(raw: unknown): ManagedConfigResult {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  if (raw === null || raw === undefined) return { config: {}, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { config: {}, problems: ['managed configuration is not an object'] };
  }
  const shape = ManagedConfig.shape;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const field = (shape as Record<string, z.ZodType>)[key];
    if (!field) {
      problems.push(`unknown managed setting "${key}" ignored`);
      continue;
    }
    const parsed = field.safeParse(value);
    if (parsed.success) config[key] = parsed.data;
    else problems.push(`managed setting "${key}" ignored: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  const result = config as ManagedConfig;
  if (result.collectorUrl && result.collectorUrl.startsWith('http://') && !isLoopback(result.collectorUrl) && !result.allowInsecureTransport) {
    problems.push('collectorUrl uses plain http:// to a host that is not localhost; refused (set allowInsecureTransport only for testing)');
    delete result.collectorUrl;
  }
  return { config: result, problems };
}
