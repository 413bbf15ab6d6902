import type Database from 'better-sqlite3';
import { nowIso, toSession, toStaff, type Row } from '../rows';
import type { Store } from '../types';

type StaffMethods = Pick<
  Store,
  'countStaff' | 'createStaff' | 'getStaffByEmail' | 'getStaff' | 'recordLoginFailure' | 'recordLoginSuccess' | 'createSession' | 'getSession' | 'deleteSession'
>;

/** Staff accounts and their sessions. */
export function sqliteStaff(db: Database.Database): StaffMethods {
  const getStaff = db.prepare('SELECT * FROM staff WHERE id = ?');
  return {
    async countStaff() {
      return db.prepare('SELECT count(*) FROM staff').pluck().get() as number;
    },
    async createStaff(s) {
      db.prepare('INSERT INTO staff (id, school_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        s.id,
        s.schoolId,
        s.email.toLowerCase(),
        s.name,
        s.role,
        s.passwordHash,
        nowIso(),
      );
      return toStaff(getStaff.get(s.id) as Row);
    },
    async getStaffByEmail(email) {
      const r = db.prepare('SELECT * FROM staff WHERE email = ?').get(email.toLowerCase()) as Row | undefined;
      return r ? toStaff(r) : null;
    },
    async getStaff(id) {
      const r = getStaff.get(id) as Row | undefined;
      return r ? toStaff(r) : null;
    },
    async recordLoginFailure(id, lockedUntil) {
      db.prepare('UPDATE staff SET failed_logins = failed_logins + 1, locked_until = ? WHERE id = ?').run(lockedUntil, id);
    },
    async recordLoginSuccess(id) {
      db.prepare('UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(id);
    },
    async createSession(s) {
      db.prepare('INSERT INTO sessions (id_hash, staff_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
        s.idHash,
        s.staffId,
        s.csrfToken,
        s.createdAt,
        s.expiresAt,
      );
    },
    async getSession(idHash) {
      const r = db.prepare('SELECT * FROM sessions WHERE id_hash = ?').get(idHash) as Row | undefined;
      return r ? toSession(r) : null;
    },
    async deleteSession(idHash) {
      db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
    },
  };
}
