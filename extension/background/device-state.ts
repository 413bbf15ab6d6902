import { defaultPolicy } from '../../shared/policy/defaults';
import type { ManagedConfig } from '../../shared/policy/managed-config';
import { resolvePolicy, type EffectivePolicy } from '../../shared/policy/resolve';
import { PolicyDocument } from '../../shared/policy/schema';
import type { KeyValueArea } from '../platform/storage';

export interface Credentials {
  deviceId: string;
  secret: string;
  schoolId: string;
  /** The collector these credentials belong to; a new collector URL means enrolling again. */
  collectorUrl: string;
}

export interface DeviceSnapshot {
  managed: ManagedConfig;
  managedProblems: string[];
  policy: PolicyDocument;
  /** Group the collector assigned (used only when managed config names no group or role). */
  assignedGroup: string | undefined;
  effective: EffectivePolicy;
  credentials: Credentials | null;
  user: string | undefined;
  lastSync: string | undefined;
  connected: boolean;
}

type Listener = (now: DeviceSnapshot, before: DeviceSnapshot) => void;

const K = { policy: 'state:policy', group: 'state:group', creds: 'state:credentials', lastSync: 'state:lastSync' } as const;

/**
 * Everything the device knows about itself, cached in storage so a restarted service worker
 * (or a Chromebook started offline) enforces the last policy it had, never less.
 */
export class DeviceState {
  private snap: DeviceSnapshot;
  private listeners = new Set<Listener>();

  constructor(private readonly area: KeyValueArea) {
    const policy = defaultPolicy();
    this.snap = {
      managed: {},
      managedProblems: [],
      policy,
      assignedGroup: undefined,
      effective: resolvePolicy(policy),
      credentials: null,
      user: undefined,
      lastSync: undefined,
      connected: false,
    };
  }

  get snapshot(): DeviceSnapshot {
    return this.snap;
  }

  onChange(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Load what was cached; a cached policy that no longer validates is ignored (safe default). */
  async load(): Promise<void> {
    const [policy, group, creds, lastSync] = await Promise.all([
      this.area.get<unknown>(K.policy),
      this.area.get<string>(K.group),
      this.area.get<Credentials>(K.creds),
      this.area.get<string>(K.lastSync),
    ]);
    const parsed = PolicyDocument.safeParse(policy);
    this.update({
      policy: parsed.success ? parsed.data : this.snap.policy,
      assignedGroup: group,
      credentials: creds ?? null,
      lastSync,
    });
  }

  private update(patch: Partial<DeviceSnapshot>): void {
    const before = this.snap;
    const next = { ...before, ...patch };
    const m = next.managed;
    next.effective = resolvePolicy(next.policy, {
      group: m.group ?? (m.role ? undefined : next.assignedGroup),
      role: m.role,
      engine: m.engine,
      user: next.user,
    });
    this.snap = next;
    for (const l of this.listeners) l(next, before);
  }

  setManaged(managed: ManagedConfig, problems: string[]): void {
    this.update({ managed, managedProblems: problems });
  }

  setUser(user: string | undefined): void {
    if (user !== this.snap.user) this.update({ user });
  }

  setConnected(connected: boolean): void {
    if (connected !== this.snap.connected) this.update({ connected });
  }

  async setPolicy(policy: PolicyDocument, group: string | undefined): Promise<void> {
    const lastSync = new Date().toISOString();
    await this.area.set({ [K.policy]: policy, [K.group]: group ?? null, [K.lastSync]: lastSync });
    this.update({ policy, assignedGroup: group ?? undefined, lastSync });
  }

  async markSynced(): Promise<void> {
    const lastSync = new Date().toISOString();
    await this.area.set({ [K.lastSync]: lastSync });
    this.update({ lastSync });
  }

  async setCredentials(credentials: Credentials | null): Promise<void> {
    if (credentials) await this.area.set({ [K.creds]: credentials });
    else await this.area.remove(K.creds);
    this.update({ credentials });
  }
}
