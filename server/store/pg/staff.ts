import { nowIso, toSession, toStaff } from '../rows';
import type { Store } from '../types';
import type { PgDb } from './db';

type StaffMethods = Pick<
  Store,
  'countStaff' | 'createStaff' | 'getStaffByEmail' | 'getStaff' | 'recordLoginFailure' | 'recordLoginSuccess' | 'createSession' | 'getSession' | 'deleteSession'
>;

/** Staff accounts and their sessions. */
export function pgStaff(db: PgDb): StaffMethods {
  return {
    async countStaff() {
      return Number((await db.one('SELECT count(*) AS n FROM staff'))!.n);
    },
    async createStaff(s) {
      const r = await db.one(
        'INSERT INTO staff (id, school_id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
        [s.id, s.schoolId, s.email.toLowerCase(), s.name, s.role, s.passwordHash, nowIso()],
      );
      return toStaff(r!);
    },
    async getStaffByEmail(email) {
      const r = await db.one('SELECT * FROM staff WHERE email = $1', [email.toLowerCase()]);
      return r ? toStaff(r) : null;
    },
    async getStaff(id) {
      const r = await db.one('SELECT * FROM staff WHERE id = $1', [id]);
      return r ? toStaff(r) : null;
    },
    async recordLoginFailure(id, lockedUntil) {
      await db.query('UPDATE staff SET failed_logins = failed_logins + 1, locked_until = $1 WHERE id = $2', [lockedUntil, id]);
    },
    async recordLoginSuccess(id) {
      await db.query('UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = $1', [id]);
    },
    async createSession(s) {
      await db.query('INSERT INTO sessions (id_hash, staff_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
        s.idHash,
        s.staffId,
        s.csrfToken,
        s.createdAt,
        s.expiresAt,
      ]);
    },
    async getSession(idHash) {
      const r = await db.one('SELECT * FROM sessions WHERE id_hash = $1', [idHash]);
      return r ? toSession(r) : null;
    },
    async deleteSession(idHash) {
      await db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
    },
  };
}
