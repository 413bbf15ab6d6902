import type { Migration } from '../migration';

/** Dashboard-owned sqlite migrations: numbers 20-39 (staff UI, triage, audit, roster, reports). */
export const DASHBOARD_MIGRATIONS: readonly Migration[] = [
  {
    version: 20,
    name: 'dashboard: triage notes, audit log, roster',
    sql: `
CREATE TABLE IF NOT EXISTS alert_notes (
  id INTEGER PRIMARY KEY,
  alert_id TEXT NOT NULL,
  school_id TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  staff_name TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  note TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alert_notes_alert ON alert_notes(school_id, alert_id);
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY,
  school_id TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  staff_name TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_school_at ON audit_log(school_id, at);
CREATE TABLE IF NOT EXISTS roster (
  school_id TEXT NOT NULL,
  user TEXT NOT NULL,
  name TEXT NOT NULL,
  class_name TEXT NOT NULL,
  year_group TEXT NOT NULL,
  PRIMARY KEY (school_id, user)
);
`,
  },
  {
    version: 21,
    name: 'dashboard: scheduled report runs',
    sql: `CREATE TABLE IF NOT EXISTS report_runs (school_id TEXT NOT NULL, kind TEXT NOT NULL, period TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (school_id, kind, period));`,
  },
  {
    version: 22,
    name: 'dashboard: alerts by school and time (reports, trends, date filters)',
    sql: `CREATE INDEX IF NOT EXISTS dash_alerts_school_at ON alerts(school_id, at);`,
  },
];
