import type Database from 'better-sqlite3';
import type { Store } from '../types';

/** Retention purge and leaver deletion: each one transaction, so nothing is half-removed. */
export function sqliteRetention(db: Database.Database): Pick<Store, 'purgeBefore' | 'deleteUserData'> {
  return {
    async purgeBefore(schoolId, before) {
      return db.transaction(() => ({
        // Triage notes can quote pupil text: they go with their alert.
        notes: db.prepare('DELETE FROM alert_notes WHERE school_id = ? AND alert_id IN (SELECT id FROM alerts WHERE school_id = ? AND received_at < ?)').run(schoolId, schoolId, before).changes,
        alerts: db.prepare('DELETE FROM alerts WHERE school_id = ? AND received_at < ?').run(schoolId, before).changes,
        events: db.prepare('DELETE FROM events WHERE school_id = ? AND received_at < ?').run(schoolId, before).changes,
      }))();
    },
    async deleteUserData(schoolId, user) {
      return db.transaction(() => ({
        notes: db.prepare('DELETE FROM alert_notes WHERE school_id = ? AND alert_id IN (SELECT id FROM alerts WHERE school_id = ? AND user = ?)').run(schoolId, schoolId, user).changes,
        roster: db.prepare('DELETE FROM roster WHERE school_id = ? AND user = ?').run(schoolId, user).changes,
        alerts: db.prepare('DELETE FROM alerts WHERE school_id = ? AND user = ?').run(schoolId, user).changes,
        events: db.prepare('DELETE FROM events WHERE school_id = ? AND user = ?').run(schoolId, user).changes,
        devices: db.prepare('UPDATE devices SET user = NULL WHERE school_id = ? AND user = ?').run(schoolId, user).changes,
      }))();
    },
  };
}
