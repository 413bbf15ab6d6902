import type { AlertNoteRow, AuditRow, CountBy, DashboardAlert, DashboardAlertFilter, RosterRow } from './dashboard-types';
import { bool, type Row } from './rows';
import type { AlertStatus, PolicyVersionRow, StaffRole, StaffRow } from './types';

/**
 * SQL and row mappers the SQLite and PostgreSQL dashboard areas share. `"user"` is quoted
 * because it is a reserved word in PostgreSQL (SQLite accepts the quoted form too).
 */
export const ALERT_SELECT = `SELECT a.id, a.school_id, a.device_id, a.event_id, a.kind, a.category, a.severity, a.term, a.context,
  a.match_start, a.match_end, a.url, a.title, a."user", a.ip, a.at, a.received_at, a.status,
  (a.screenshot IS NOT NULL) AS has_screenshot, r.name AS pupil_name, r.class_name, r.year_group
  FROM alerts a LEFT JOIN roster r ON r.school_id = a.school_id AND r."user" = a."user"`;

export const ALERT_FROM = `FROM alerts a LEFT JOIN roster r ON r.school_id = a.school_id AND r."user" = a."user"`;

const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export const toDashboardAlert = (r: Row): DashboardAlert => ({
  id: String(r.id),
  schoolId: String(r.school_id),
  deviceId: String(r.device_id),
  eventId: String(r.event_id),
  kind: r.kind as DashboardAlert['kind'],
  category: s(r.category),
  severity: Number(r.severity),
  term: s(r.term),
  context: s(r.context),
  matchStart: n(r.match_start),
  matchEnd: n(r.match_end),
  url: s(r.url),
  title: s(r.title),
  user: s(r.user),
  ip: s(r.ip),
  at: String(r.at),
  receivedAt: String(r.received_at),
  status: r.status as AlertStatus,
  hasScreenshot: bool(r.has_screenshot),
  pupilName: s(r.pupil_name),
  className: s(r.class_name),
  yearGroup: s(r.year_group),
});

export const toNote = (r: Row): AlertNoteRow => ({
  id: Number(r.id),
  alertId: String(r.alert_id),
  schoolId: String(r.school_id),
  staffId: String(r.staff_id),
  staffName: String(r.staff_name),
  fromStatus: r.from_status as AlertStatus,
  toStatus: r.to_status as AlertStatus,
  note: String(r.note),
  at: String(r.at),
});

export const toAudit = (r: Row): AuditRow => ({
  id: Number(r.id),
  schoolId: String(r.school_id),
  staffId: String(r.staff_id),
  staffName: String(r.staff_name),
  role: r.role as StaffRole,
  action: String(r.action),
  target: String(r.target),
  detail: String(r.detail),
  at: String(r.at),
});

export const toRoster = (r: Row): RosterRow => ({
  schoolId: String(r.school_id),
  user: String(r.user),
  name: String(r.name),
  className: String(r.class_name),
  yearGroup: String(r.year_group),
});

export const toPublicStaff = (r: Row): Omit<StaffRow, 'passwordHash'> => ({
  id: String(r.id),
  schoolId: String(r.school_id),
  email: String(r.email),
  name: String(r.name),
  role: r.role as StaffRole,
  failedLogins: Number(r.failed_logins),
  lockedUntil: s(r.locked_until),
  createdAt: String(r.created_at),
});

export const toPolicyVersion = (r: Row): PolicyVersionRow => ({
  schoolId: String(r.school_id),
  version: Number(r.version),
  doc: typeof r.doc === 'string' ? JSON.parse(r.doc) : (r.doc as PolicyVersionRow['doc']),
  createdAt: String(r.created_at),
  createdBy: String(r.created_by),
  reason: String(r.reason),
});

export const toCounts = (rows: Row[]): CountBy[] => rows.map((r) => ({ key: String(r.k ?? 'unknown'), count: Number(r.c) }));

/** The alert list's WHERE clause; `p(v)` adds a parameter and returns its placeholder. */
export function alertWhere(f: DashboardAlertFilter, p: (v: unknown) => string): string {
  const where = [`a.school_id = ${p(f.schoolId)}`];
  if (f.status?.length) where.push(`a.status IN (${f.status.map(p).join(', ')})`);
  if (f.minSeverity) where.push(`a.severity >= ${p(f.minSeverity)}`);
  if (f.category) where.push(`a.category = ${p(f.category)}`);
  if (f.kind) where.push(`a.kind = ${p(f.kind)}`);
  if (f.deviceId) where.push(`a.device_id = ${p(f.deviceId)}`);
  if (f.user) where.push(`(a."user" = ${p(f.user)} OR r.name = ${p(f.user)})`);
  if (f.yearGroup) where.push(`r.year_group = ${p(f.yearGroup)}`);
  if (f.className) where.push(`r.class_name = ${p(f.className)}`);
  if (f.since) where.push(`a.at >= ${p(f.since)}`);
  if (f.until) where.push(`a.at < ${p(f.until)}`);
  if (f.ids) where.push(f.ids.length ? `a.id IN (${f.ids.map(p).join(', ')})` : '1 = 0');
  return where.join(' AND ');
}

/** Pupils with repeated alerts, both dialects; `$S`, `$F`, `$U`, `$M`: school, from, until, minimum count. */
export const AGG = {
  repeat: `SELECT a."user" AS u, max(r.name) AS n, max(r.year_group) AS y, count(*) AS c, max(a.severity) AS s ${ALERT_FROM}
    WHERE a.school_id = $S AND a.at >= $F AND a.at < $U AND a."user" IS NOT NULL AND a.status != 'false_positive'
    GROUP BY a."user" HAVING count(*) >= $M ORDER BY c DESC, s DESC LIMIT 50`,
};
