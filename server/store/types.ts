import type { DeviceEvent } from '../../shared/protocol/events';
import type { DashboardStore } from './dashboard-types';
import type { PolicyDocument } from '../../shared/policy/schema';

export type StaffRole = 'dsl' | 'it' | 'teacher' | 'governor';
export type AlertStatus = 'new' | 'reviewed' | 'escalated' | 'false_positive' | 'resolved';
export type AlertKind = 'keyword' | 'concern' | 'url_report' | 'tamper' | 'device_silent';

export interface School {
  id: string;
  name: string;
  createdAt: string;
}

export interface EnrolmentTokenRow {
  id: string;
  schoolId: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface DeviceRow {
  id: string;
  schoolId: string;
  kind: 'extension' | 'agent';
  name: string | null;
  group: string | null;
  hardwareId: string | null;
  version: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  policyVersion: number | null;
  boardOn: boolean;
  user: string | null;
  lastIp: string | null;
}

export interface NewDevice {
  id: string;
  schoolId: string;
  secretHash: string;
  kind: 'extension' | 'agent';
  name?: string | undefined;
  group?: string | undefined;
  hardwareId?: string | undefined;
  version?: string | undefined;
  user?: string | undefined;
}

/** What the collector knows about an event beyond what the device said. */
export interface IngestContext {
  schoolId: string;
  deviceId: string;
  ip: string | null;
  receivedAt: string;
}

export interface IngestResult {
  /** Every id in the batch now durably stored (new or already stored before). */
  stored: string[];
  /** Alerts created by this batch (not by an earlier copy of it). */
  newAlerts: AlertRow[];
}

export interface AlertRow {
  id: string;
  schoolId: string;
  deviceId: string;
  eventId: string;
  kind: AlertKind;
  category: string | null;
  severity: number;
  term: string | null;
  context: string | null;
  matchStart: number | null;
  matchEnd: number | null;
  url: string | null;
  title: string | null;
  user: string | null;
  ip: string | null;
  at: string;
  receivedAt: string;
  status: AlertStatus;
  hasScreenshot: boolean;
}

export interface AlertFilter {
  schoolId: string;
  status?: AlertStatus[] | undefined;
  minSeverity?: number | undefined;
  category?: string | undefined;
  deviceId?: string | undefined;
  user?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export interface StaffRow {
  id: string;
  schoolId: string;
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
  failedLogins: number;
  lockedUntil: string | null;
  createdAt: string;
}

export interface SessionRow {
  idHash: string;
  staffId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface PolicyVersionRow {
  schoolId: string;
  version: number;
  doc: PolicyDocument;
  createdAt: string;
  createdBy: string;
  reason: string;
}

export interface HeartbeatUpdate {
  deviceId: string;
  at: string;
  version: string;
  policyVersion: number;
  boardOn: boolean;
  user?: string | undefined;
  ip: string | null;
}

/**
 * The collector's storage. Other areas add their own interface in their own file and `Store`
 * extends it (e.g. `interface Store extends DashboardStore`); their SQLite / PostgreSQL methods
 * live in server/store/sqlite/<area>.ts and server/store/pg/<area>.ts, spread into the store in
 * sqlite/index.ts and pg/index.ts; migrations in migrations/<sqlite|pg>/<owner>.ts by reserved
 * number (collector 1-19, dashboard 20-39, deploy 40-49). Contract tests: store-contract.ts,
 * test/support/pg.ts for a fresh PostgreSQL schema per test file.
 *
 * Two implementations (SQLite default, PostgreSQL for trusts and
 * scale) pass the same contract tests. All methods are async so both fit.
 */
export interface Store extends DashboardStore {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;

  ensureSchool(id: string, name: string): Promise<School>;
  listSchools(): Promise<School[]>;

  createEnrolmentToken(t: { id: string; schoolId: string; tokenHash: string; label: string }): Promise<void>;
  findEnrolmentToken(tokenHash: string): Promise<EnrolmentTokenRow | null>;
  revokeEnrolmentToken(id: string): Promise<boolean>;
  listEnrolmentTokens(schoolId: string): Promise<EnrolmentTokenRow[]>;

  createDevice(d: NewDevice): Promise<DeviceRow>;
  getDevice(id: string): Promise<(DeviceRow & { secretHash: string }) | null>;
  listDevices(schoolId: string): Promise<DeviceRow[]>;
  revokeDevice(id: string): Promise<boolean>;
  touchDevice(deviceId: string, at: string, ip: string | null): Promise<void>;
  recordHeartbeat(h: HeartbeatUpdate): Promise<void>;

  /** Store a batch idempotently in one transaction; resolves only once durable. */
  ingest(ctx: IngestContext, events: DeviceEvent[]): Promise<IngestResult>;
  listAlerts(filter: AlertFilter): Promise<AlertRow[]>;
  getAlert(schoolId: string, id: string): Promise<AlertRow | null>;
  countEvents(schoolId?: string): Promise<number>;

  countStaff(): Promise<number>;
  createStaff(s: Omit<StaffRow, 'failedLogins' | 'lockedUntil' | 'createdAt'>): Promise<StaffRow>;
  getStaffByEmail(email: string): Promise<StaffRow | null>;
  getStaff(id: string): Promise<StaffRow | null>;
  recordLoginFailure(id: string, lockedUntil: string | null): Promise<void>;
  recordLoginSuccess(id: string): Promise<void>;

  createSession(s: SessionRow): Promise<void>;
  getSession(idHash: string): Promise<SessionRow | null>;
  deleteSession(idHash: string): Promise<void>;

  /** The newest policy for a school, or null before the first one is saved. */
  getPolicy(schoolId: string): Promise<PolicyVersionRow | null>;
  /** Save a new version; fails if `doc.version` is not exactly the next version. */
  savePolicy(row: PolicyVersionRow): Promise<void>;
  listPolicyVersions(schoolId: string, limit?: number): Promise<Omit<PolicyVersionRow, 'doc'>[]>;

  /** Assign a device to a policy group (null: the group its managed configuration asks for). */
  setDeviceGroup(deviceId: string, group: string | null): Promise<boolean>;
  /** Enrolled, unrevoked devices seen at least once whose last contact is before `seenBefore`. */
  listSilentDevices(schoolId: string, seenBefore: string): Promise<DeviceRow[]>;
  /** An alert the collector raises itself (device silent); idempotent by (deviceId, key). */
  raiseSystemAlert(a: SystemAlert): Promise<AlertRow | null>;

  /** Retention: remove events and alerts received before `before` (ISO). */
  purgeBefore(schoolId: string, before: string): Promise<PurgeCounts>;
  /** A leaver's data, on request (seed 001): their events and alerts go; devices forget them. */
  deleteUserData(schoolId: string, user: string): Promise<PurgeCounts & { devices: number; roster: number }>;
}

export interface SystemAlert {
  schoolId: string;
  deviceId: string;
  /** Stable per occurrence (e.g. "silent:<lastSeenAt>") so a job re-running raises it once. */
  key: string;
  kind: AlertKind;
  severity: number;
  category: string | null;
  context: string;
  at: string;
}

export interface PurgeCounts {
  events: number;
  alerts: number;
  /** Triage notes on the removed alerts (they can quote pupil text). */
  notes: number;
}

/** savePolicy was given a version that is not exactly the next one (a concurrent change won). */
export class PolicyVersionConflict extends Error {
  constructor(
    readonly expected: number,
    readonly got: number,
  ) {
    super(`policy version conflict: expected version ${expected}, got ${got}`);
  }
}
