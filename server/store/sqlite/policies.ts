import type Database from 'better-sqlite3';
import { toPolicyMeta, type Row } from '../rows';
import type { Store } from '../types';
import { PolicyVersionConflict } from '../types';

/** Versioned school policies with who/when/why for every change (seed 004). */
export function sqlitePolicies(db: Database.Database): Pick<Store, 'getPolicy' | 'savePolicy' | 'listPolicyVersions'> {
  return {
    async getPolicy(schoolId) {
      const r = db.prepare('SELECT * FROM policies WHERE school_id = ? ORDER BY version DESC LIMIT 1').get(schoolId) as Row | undefined;
      return r ? { ...toPolicyMeta(r), doc: JSON.parse(r.doc as string) } : null;
    },
    async savePolicy(row) {
      db.transaction(() => {
        const current = db.prepare('SELECT max(version) FROM policies WHERE school_id = ?').pluck().get(row.schoolId) as number | null;
        const expected = current === null ? 1 : current + 1;
        if (row.version !== expected || row.doc.version !== row.version) throw new PolicyVersionConflict(expected, row.version);
        db.prepare('INSERT INTO policies (school_id, version, doc, created_at, created_by, reason) VALUES (?, ?, ?, ?, ?, ?)').run(
          row.schoolId,
          row.version,
          JSON.stringify(row.doc),
          row.createdAt,
          row.createdBy,
          row.reason,
        );
      })();
    },
    async listPolicyVersions(schoolId, limit = 100) {
      return (
        db
          .prepare('SELECT school_id, version, created_at, created_by, reason FROM policies WHERE school_id = ? ORDER BY version DESC LIMIT ?')
          .all(schoolId, limit) as Row[]
      ).map(toPolicyMeta);
    },
  };
}
