import type { Store } from '../types';
import type { PgDb } from './db';

const count = async (rows: Promise<unknown[]>) => (await rows).length;

/** Retention purge and leaver deletion: each one transaction, so nothing is half-removed. */
export function pgRetention(db: PgDb): Pick<Store, 'purgeBefore' | 'deleteUserData'> {
  return {
    async purgeBefore(schoolId, before) {
      return db.tx(async (q) => ({
        // Triage notes can quote pupil text: they go with their alert.
        notes: await count(q('DELETE FROM alert_notes WHERE school_id = $1 AND alert_id IN (SELECT id FROM alerts WHERE school_id = $1 AND received_at < $2) RETURNING 1', [schoolId, before])),
        alerts: await count(q('DELETE FROM alerts WHERE school_id = $1 AND received_at < $2 RETURNING 1', [schoolId, before])),
        events: await count(q('DELETE FROM events WHERE school_id = $1 AND received_at < $2 RETURNING 1', [schoolId, before])),
      }));
    },
    async deleteUserData(schoolId, user) {
      return db.tx(async (q) => ({
        notes: await count(q('DELETE FROM alert_notes WHERE school_id = $1 AND alert_id IN (SELECT id FROM alerts WHERE school_id = $1 AND "user" = $2) RETURNING 1', [schoolId, user])),
        roster: await count(q('DELETE FROM roster WHERE school_id = $1 AND "user" = $2 RETURNING 1', [schoolId, user])),
        alerts: await count(q('DELETE FROM alerts WHERE school_id = $1 AND "user" = $2 RETURNING 1', [schoolId, user])),
        events: await count(q('DELETE FROM events WHERE school_id = $1 AND "user" = $2 RETURNING 1', [schoolId, user])),
        devices: await count(q('UPDATE devices SET "user" = NULL WHERE school_id = $1 AND "user" = $2 RETURNING 1', [schoolId, user])),
      }));
    },
  };
}
