import type { AlertRow, DeviceRow, EnrolmentTokenRow, PolicyVersionRow, School, SessionRow, StaffRow } from './types';

/**
 * Row → object mappers shared by the SQLite and PostgreSQL stores. Both use the same column
 * names; booleans arrive as 0/1 from SQLite and true/false from PostgreSQL.
 */
export type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const bool = (v: unknown): boolean => v === 1 || v === true || v === '1';

export const toSchool = (r: Row): School => ({ id: r.id as string, name: r.name as string, createdAt: r.created_at as string });

export const toToken = (r: Row): EnrolmentTokenRow => ({
  id: r.id as string,
  schoolId: r.school_id as string,
  label: r.label as string,
  createdAt: r.created_at as string,
  revokedAt: str(r.revoked_at),
});

export function toDevice(r: Row): DeviceRow & { secretHash: string } {
  return {
    id: r.id as string,
    schoolId: r.school_id as string,
    secretHash: r.secret_hash as string,
    kind: r.kind as DeviceRow['kind'],
    name: str(r.name),
    group: str(r.grp),
    hardwareId: str(r.hardware_id),
    version: str(r.version),
    createdAt: r.created_at as string,
    lastSeenAt: str(r.last_seen_at),
    revokedAt: str(r.revoked_at),
    policyVersion: num(r.policy_version),
    boardOn: bool(r.board_on),
    user: str(r.user),
    lastIp: str(r.last_ip),
  };
}

export const publicDevice = ({ secretHash: _s, ...d }: DeviceRow & { secretHash: string }): DeviceRow => d;

export function toAlert(r: Row): AlertRow {
  return {
    id: r.id as string,
    schoolId: r.school_id as string,
    deviceId: r.device_id as string,
    eventId: r.event_id as string,
    kind: r.kind as AlertRow['kind'],
    category: str(r.category),
    severity: Number(r.severity),
    term: str(r.term),
    context: str(r.context),
    matchStart: num(r.match_start),
    matchEnd: num(r.match_end),
    url: str(r.url),
    title: str(r.title),
    user: str(r.user),
    ip: str(r.ip),
    at: r.at as string,
    receivedAt: r.received_at as string,
    status: r.status as AlertRow['status'],
    hasScreenshot: bool(r.has_screenshot),
  };
}

export function toStaff(r: Row): StaffRow {
  return {
    id: r.id as string,
    schoolId: r.school_id as string,
    email: r.email as string,
    name: r.name as string,
    role: r.role as StaffRow['role'],
    passwordHash: r.password_hash as string,
    failedLogins: Number(r.failed_logins),
    lockedUntil: str(r.locked_until),
    createdAt: r.created_at as string,
  };
}

export const toSession = (r: Row): SessionRow => ({
  idHash: r.id_hash as string,
  staffId: r.staff_id as string,
  csrfToken: r.csrf_token as string,
  createdAt: r.created_at as string,
  expiresAt: r.expires_at as string,
});

export const toPolicyMeta = (r: Row): Omit<PolicyVersionRow, 'doc'> => ({
  schoolId: r.school_id as string,
  version: Number(r.version),
  createdAt: r.created_at as string,
  createdBy: r.created_by as string,
  reason: r.reason as string,
});

export const nowIso = (): string => new Date().toISOString();
