import { toPolicyMeta } from '../rows';
import { PolicyVersionConflict, type Store } from '../types';
import type { PgDb } from './db';

/** Versioned school policies with who/when/why for every change (seed 004). */
export function pgPolicies(db: PgDb): Pick<Store, 'getPolicy' | 'savePolicy' | 'listPolicyVersions'> {
  return {
    async getPolicy(schoolId) {
      const r = await db.one('SELECT * FROM policies WHERE school_id = $1 ORDER BY version DESC LIMIT 1', [schoolId]);
      return r ? { ...toPolicyMeta(r), doc: JSON.parse(r.doc as string) } : null;
    },
    async savePolicy(row) {
      await db.tx(async (q) => {
        // Serialise writers for this school (several collector instances may race).
        await q("SELECT pg_advisory_xact_lock(hashtext('esafety_policy:' || $1))", [row.schoolId]);
        const current = (await q('SELECT max(version) AS v FROM policies WHERE school_id = $1', [row.schoolId]))[0]?.v;
        const expected = current === null || current === undefined ? 1 : Number(current) + 1;
        if (row.version !== expected || row.doc.version !== row.version) throw new PolicyVersionConflict(expected, row.version);
        await q('INSERT INTO policies (school_id, version, doc, created_at, created_by, reason) VALUES ($1, $2, $3, $4, $5, $6)', [
          row.schoolId,
          row.version,
          JSON.stringify(row.doc),
          row.createdAt,
          row.createdBy,
          row.reason,
        ]);
      });
    },
    async listPolicyVersions(schoolId, limit = 100) {
      return (
        await db.query('SELECT school_id, version, created_at, created_by, reason FROM policies WHERE school_id = $1 ORDER BY version DESC LIMIT $2', [
          schoolId,
          limit,
        ])
      ).map(toPolicyMeta);
    },
  };
}
