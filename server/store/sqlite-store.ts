import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DeviceEvent } from '../../shared/protocol/events';
import { alertFromEvent } from './alert-from-event';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';
import type {
  AlertFilter,
  AlertRow,
  DeviceRow,
  EnrolmentTokenRow,
  HeartbeatUpdate,
  IngestContext,
  IngestResult,
  NewDevice,
  PolicyVersionRow,
  School,
  SessionRow,
  StaffRow,
  Store,
} from './types';

type Row = Record<string, unknown>;

const now = () => new Date().toISOString();

function toDevice(r: Row): DeviceRow & { secretHash: string } {
  return {
    id: r.id as string,
    schoolId: r.school_id as string,
    secretHash: r.secret_hash as string,
    kind: r.kind as DeviceRow['kind'],
    name: (r.name as string) ?? null,
    group: (r.grp as string) ?? null,
    hardwareId: (r.hardware_id as string) ?? null,
    version: (r.version as string) ?? null,
    createdAt: r.created_at as string,
    lastSeenAt: (r.last_seen_at as string) ?? null,
    revokedAt: (r.revoked_at as string) ?? null,
    policyVersion: (r.policy_version as number) ?? null,
    boardOn: r.board_on === 1,
    user: (r.user as string) ?? null,
    lastIp: (r.last_ip as string) ?? null,
  };
}

const publicDevice = ({ secretHash: _s, ...d }: DeviceRow & { secretHash: string }): DeviceRow => d;

function toAlert(r: Row): AlertRow {
  return {
    id: r.id as string,
    schoolId: r.school_id as string,
    deviceId: r.device_id as string,
    eventId: r.event_id as string,
    kind: r.kind as AlertRow['kind'],
    category: (r.category as string) ?? null,
    severity: r.severity as number,
    term: (r.term as string) ?? null,
    context: (r.context as string) ?? null,
    matchStart: (r.match_start as number) ?? null,
    matchEnd: (r.match_end as number) ?? null,
    url: (r.url as string) ?? null,
    title: (r.title as string) ?? null,
    user: (r.user as string) ?? null,
    ip: (r.ip as string) ?? null,
    at: r.at as string,
    receivedAt: r.received_at as string,
    status: r.status as AlertRow['status'],
    hasScreenshot: r.has_screenshot === 1,
  };
}

function toStaff(r: Row): StaffRow {
  return {
    id: r.id as string,
    schoolId: r.school_id as string,
    email: r.email as string,
    name: r.name as string,
    role: r.role as StaffRow['role'],
    passwordHash: r.password_hash as string,
    failedLogins: r.failed_logins as number,
    lockedUntil: (r.locked_until as string) ?? null,
    createdAt: r.created_at as string,
  };
}

const ALERT_COLUMNS = `id, school_id, device_id, event_id, kind, category, severity, term, context, match_start,
  match_end, url, title, user, ip, at, received_at, status, (screenshot IS NOT NULL) AS has_screenshot`;

/**
 * The embedded default store: one SQLite file under DATA_DIR in WAL mode. Writes of a batch
 * happen in one transaction, committed (and so durable, synchronous=FULL) before the ack.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // FULL: a committed batch survives power loss, which is what our ack promises.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
  }

  async migrate(): Promise<void> {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const applied = new Set(this.db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    for (const m of SQLITE_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now());
      })();
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }

  async ensureSchool(id: string, name: string): Promise<School> {
    this.db.prepare('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING').run(id, name, now());
    const r = this.db.prepare('SELECT * FROM schools WHERE id = ?').get(id) as Row;
    return { id: r.id as string, name: r.name as string, createdAt: r.created_at as string };
  }

  async listSchools(): Promise<School[]> {
    return (this.db.prepare('SELECT * FROM schools ORDER BY created_at').all() as Row[]).map((r) => ({
      id: r.id as string,
      name: r.name as string,
      createdAt: r.created_at as string,
    }));
  }

  async createEnrolmentToken(t: { id: string; schoolId: string; tokenHash: string; label: string }): Promise<void> {
    this.db
      .prepare('INSERT INTO enrolment_tokens (id, school_id, token_hash, label, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(t.id, t.schoolId, t.tokenHash, t.label, now());
  }

  private toToken(r: Row): EnrolmentTokenRow {
    return {
      id: r.id as string,
      schoolId: r.school_id as string,
      label: r.label as string,
      createdAt: r.created_at as string,
      revokedAt: (r.revoked_at as string) ?? null,
    };
  }

  async findEnrolmentToken(tokenHash: string): Promise<EnrolmentTokenRow | null> {
    const r = this.db.prepare('SELECT * FROM enrolment_tokens WHERE token_hash = ?').get(tokenHash) as Row | undefined;
    return r ? this.toToken(r) : null;
  }

  async revokeEnrolmentToken(id: string): Promise<boolean> {
    return this.db.prepare('UPDATE enrolment_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now(), id).changes > 0;
  }

  async listEnrolmentTokens(schoolId: string): Promise<EnrolmentTokenRow[]> {
    return (this.db.prepare('SELECT * FROM enrolment_tokens WHERE school_id = ? ORDER BY created_at').all(schoolId) as Row[]).map((r) =>
      this.toToken(r),
    );
  }

  async createDevice(d: NewDevice): Promise<DeviceRow> {
    this.db
      .prepare(
        `INSERT INTO devices (id, school_id, secret_hash, kind, name, grp, hardware_id, version, created_at, user)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(d.id, d.schoolId, d.secretHash, d.kind, d.name ?? null, d.group ?? null, d.hardwareId ?? null, d.version ?? null, now(), d.user ?? null);
    return publicDevice((await this.getDevice(d.id))!);
  }

  async getDevice(id: string): Promise<(DeviceRow & { secretHash: string }) | null> {
    const r = this.db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as Row | undefined;
    return r ? toDevice(r) : null;
  }

  async listDevices(schoolId: string): Promise<DeviceRow[]> {
    return (this.db.prepare('SELECT * FROM devices WHERE school_id = ? ORDER BY created_at').all(schoolId) as Row[]).map((r) =>
      publicDevice(toDevice(r)),
    );
  }

  async revokeDevice(id: string): Promise<boolean> {
    return this.db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now(), id).changes > 0;
  }

  async touchDevice(deviceId: string, at: string, ip: string | null): Promise<void> {
    this.db.prepare('UPDATE devices SET last_seen_at = ?, last_ip = COALESCE(?, last_ip) WHERE id = ?').run(at, ip, deviceId);
  }

  async recordHeartbeat(h: HeartbeatUpdate): Promise<void> {
    this.db
      .prepare(
        `UPDATE devices SET last_seen_at = ?, version = ?, policy_version = ?, board_on = ?, user = COALESCE(?, user),
         last_ip = COALESCE(?, last_ip) WHERE id = ?`,
      )
      .run(h.at, h.version, h.policyVersion, h.boardOn ? 1 : 0, h.user ?? null, h.ip, h.deviceId);
  }

  async ingest(ctx: IngestContext, events: DeviceEvent[]): Promise<IngestResult> {
    const insertEvent = this.db.prepare(
      `INSERT INTO events (school_id, device_id, client_id, type, at, received_at, user, ip, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(device_id, client_id) DO NOTHING`,
    );
    const insertAlert = this.db.prepare(
      `INSERT INTO alerts (id, school_id, device_id, event_id, kind, category, severity, term, context, match_start, match_end,
         url, title, user, ip, at, received_at, status, screenshot)
       VALUES (@id, @schoolId, @deviceId, @eventId, @kind, @category, @severity, @term, @context, @matchStart, @matchEnd,
         @url, @title, @user, @ip, @at, @receivedAt, 'new', @screenshot) ON CONFLICT(device_id, event_id) DO NOTHING`,
    );
    const newAlerts: AlertRow[] = [];
    this.db.transaction(() => {
      for (const e of events) {
        const { screenshot, ...payload } = e as DeviceEvent & { screenshot?: string };
        const inserted = insertEvent.run(ctx.schoolId, ctx.deviceId, e.id, e.type, e.at, ctx.receivedAt, e.user ?? null, ctx.ip, JSON.stringify(payload));
        if (inserted.changes === 0) continue; // already stored by an earlier copy of this batch
        const alert = alertFromEvent(ctx, e);
        if (alert) {
          insertAlert.run({ ...alert, screenshot: screenshot ?? null });
          newAlerts.push(alert);
        }
      }
    })();
    return { stored: events.map((e) => e.id), newAlerts };
  }

  async listAlerts(f: AlertFilter): Promise<AlertRow[]> {
    const where = ['school_id = @schoolId'];
    if (f.status?.length) where.push(`status IN (${f.status.map((_, i) => `@s${i}`).join(', ')})`);
    if (f.minSeverity) where.push('severity >= @minSeverity');
    if (f.category) where.push('category = @category');
    if (f.deviceId) where.push('device_id = @deviceId');
    if (f.user) where.push('user = @user');
    if (f.since) where.push('at >= @since');
    if (f.until) where.push('at < @until');
    const params: Record<string, unknown> = { ...f, limit: f.limit ?? 100, offset: f.offset ?? 0 };
    delete params.status;
    f.status?.forEach((s, i) => (params[`s${i}`] = s));
    for (const k of Object.keys(params)) if (params[k] === undefined) delete params[k];
    const sql = `SELECT ${ALERT_COLUMNS} FROM alerts WHERE ${where.join(' AND ')} ORDER BY severity DESC, at DESC LIMIT @limit OFFSET @offset`;
    return (this.db.prepare(sql).all(params) as Row[]).map(toAlert);
  }

  async getAlert(schoolId: string, id: string): Promise<AlertRow | null> {
    const r = this.db.prepare(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE school_id = ? AND id = ?`).get(schoolId, id) as Row | undefined;
    return r ? toAlert(r) : null;
  }

  async countEvents(schoolId?: string): Promise<number> {
    return schoolId
      ? (this.db.prepare('SELECT count(*) FROM events WHERE school_id = ?').pluck().get(schoolId) as number)
      : (this.db.prepare('SELECT count(*) FROM events').pluck().get() as number);
  }

  async countStaff(): Promise<number> {
    return this.db.prepare('SELECT count(*) FROM staff').pluck().get() as number;
  }

  async createStaff(s: Omit<StaffRow, 'failedLogins' | 'lockedUntil' | 'createdAt'>): Promise<StaffRow> {
    this.db
      .prepare('INSERT INTO staff (id, school_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(s.id, s.schoolId, s.email.toLowerCase(), s.name, s.role, s.passwordHash, now());
    return (await this.getStaff(s.id))!;
  }

  async getStaffByEmail(email: string): Promise<StaffRow | null> {
    const r = this.db.prepare('SELECT * FROM staff WHERE email = ?').get(email.toLowerCase()) as Row | undefined;
    return r ? toStaff(r) : null;
  }

  async getStaff(id: string): Promise<StaffRow | null> {
    const r = this.db.prepare('SELECT * FROM staff WHERE id = ?').get(id) as Row | undefined;
    return r ? toStaff(r) : null;
  }

  async recordLoginFailure(id: string, lockedUntil: string | null): Promise<void> {
    this.db.prepare('UPDATE staff SET failed_logins = failed_logins + 1, locked_until = ? WHERE id = ?').run(lockedUntil, id);
  }

  async recordLoginSuccess(id: string): Promise<void> {
    this.db.prepare('UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(id);
  }

  async createSession(s: SessionRow): Promise<void> {
    this.db
      .prepare('INSERT INTO sessions (id_hash, staff_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(s.idHash, s.staffId, s.csrfToken, s.createdAt, s.expiresAt);
  }

  async getSession(idHash: string): Promise<SessionRow | null> {
    const r = this.db.prepare('SELECT * FROM sessions WHERE id_hash = ?').get(idHash) as Row | undefined;
    return r
      ? {
          idHash: r.id_hash as string,
          staffId: r.staff_id as string,
          csrfToken: r.csrf_token as string,
          createdAt: r.created_at as string,
          expiresAt: r.expires_at as string,
        }
      : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  async getPolicy(schoolId: string): Promise<PolicyVersionRow | null> {
    const r = this.db.prepare('SELECT * FROM policies WHERE school_id = ? ORDER BY version DESC LIMIT 1').get(schoolId) as Row | undefined;
    return r
      ? {
          schoolId: r.school_id as string,
          version: r.version as number,
          doc: JSON.parse(r.doc as string),
          createdAt: r.created_at as string,
          createdBy: r.created_by as string,
          reason: r.reason as string,
        }
      : null;
  }

  async savePolicy(row: PolicyVersionRow): Promise<void> {
    this.db.transaction(() => {
      const current = this.db.prepare('SELECT max(version) FROM policies WHERE school_id = ?').pluck().get(row.schoolId) as number | null;
      const expected = current === null ? 1 : current + 1;
      if (row.version !== expected || row.doc.version !== row.version) {
        throw new Error(`policy version conflict: expected version ${expected}, got ${row.version}`);
      }
      this.db
        .prepare('INSERT INTO policies (school_id, version, doc, created_at, created_by, reason) VALUES (?, ?, ?, ?, ?, ?)')
        .run(row.schoolId, row.version, JSON.stringify(row.doc), row.createdAt, row.createdBy, row.reason);
    })();
  }

  async listPolicyVersions(schoolId: string, limit = 100): Promise<Omit<PolicyVersionRow, 'doc'>[]> {
    return (
      this.db
        .prepare('SELECT school_id, version, created_at, created_by, reason FROM policies WHERE school_id = ? ORDER BY version DESC LIMIT ?')
        .all(schoolId, limit) as Row[]
    ).map((r) => ({
      schoolId: r.school_id as string,
      version: r.version as number,
      createdAt: r.created_at as string,
      createdBy: r.created_by as string,
      reason: r.reason as string,
    }));
  }
}
