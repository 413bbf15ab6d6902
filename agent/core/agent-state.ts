import fs from 'node:fs';
import { PolicyDocument } from '../../shared/policy/schema';
import { writeFileAtomic } from '../platform/linux/policy-files';

export interface AgentCredentials {
  deviceId: string;
  secret: string;
  schoolId: string;
  collectorUrl: string;
}

export interface SavedState {
  credentials: AgentCredentials | null;
  policy: PolicyDocument | null;
  group: string | undefined;
  /** The extension has connected over native messaging (and not been reported missing since). */
  extensionPresent?: boolean;
}

/**
 * What the agent must remember across restarts: its device credentials (file mode 0600,
 * readable by SYSTEM/root only) and the last policy, so a PC started offline enforces the
 * school's last policy rather than nothing.
 */
export class AgentStateFile {
  constructor(private readonly file: string) {}

  load(): SavedState {
    let raw: Partial<{ credentials: AgentCredentials; policy: unknown; group: string; extensionPresent: boolean }> = {};
    try {
      raw = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch {
      // missing or unreadable: start as a new device on the default policy
    }
    const policy = PolicyDocument.safeParse(raw.policy);
    const c = raw.credentials;
    const credsOk = !!c && typeof c.deviceId === 'string' && typeof c.secret === 'string' && typeof c.collectorUrl === 'string';
    return { credentials: credsOk ? c! : null, policy: policy.success ? policy.data : null, group: raw.group ?? undefined, extensionPresent: raw.extensionPresent === true };
  }

  save(state: SavedState): void {
    writeFileAtomic(this.file, JSON.stringify(state), 0o600);
  }
}
