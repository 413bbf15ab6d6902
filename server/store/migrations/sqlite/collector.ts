import type { Migration } from '../migration';

/**
 * Numbered SQLite migrations. Append only: never edit a migration that has shipped; add the
 * next number. Each runs in its own transaction and is recorded in schema_migrations.
 */
export const COLLECTOR_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'init',
    sql: `
CREATE TABLE schools (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE enrolment_tokens (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  token_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  secret_hash TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT,
  grp TEXT,
  hardware_id TEXT,
  version TEXT,
  created_at TEXT NOT NULL,
  last_seen_at TEXT,
  revoked_at TEXT,
  policy_version INTEGER,
  board_on INTEGER NOT NULL DEFAULT 0,
  user TEXT,
  last_ip TEXT
);
CREATE INDEX devices_school ON devices(school_id);
CREATE TABLE events (
  pk INTEGER PRIMARY KEY,
  school_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  user TEXT,
  ip TEXT,
  payload TEXT NOT NULL,
  UNIQUE (device_id, client_id)
);
CREATE INDEX events_school_at ON events(school_id, at);
CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  category TEXT,
  severity INTEGER NOT NULL,
  term TEXT,
  context TEXT,
  match_start INTEGER,
  match_end INTEGER,
  url TEXT,
  title TEXT,
  user TEXT,
  ip TEXT,
  at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'new',
  screenshot TEXT,
  UNIQUE (device_id, event_id)
);
CREATE INDEX alerts_school_sev_at ON alerts(school_id, severity DESC, at DESC);
CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE policies (
  school_id TEXT NOT NULL REFERENCES schools(id),
  version INTEGER NOT NULL,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (school_id, version)
);
`,
  },
  {
    version: 2,
    name: 'retention and leaver indexes',
    sql: `
CREATE INDEX events_school_received ON events(school_id, received_at);
CREATE INDEX alerts_school_received ON alerts(school_id, received_at);
CREATE INDEX events_school_user ON events(school_id, user);
CREATE INDEX alerts_school_user ON alerts(school_id, user);
CREATE INDEX devices_school_seen ON devices(school_id, last_seen_at);
`,
  },
];
