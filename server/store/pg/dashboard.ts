import {
  AGG,
  ALERT_SELECT,
  alertWhere,
  toAudit,
  toCounts,
  toDashboardAlert,
  toNote,
  toPolicyVersion,
  toPublicStaff,
  toRoster,
} from '../dashboard-rows';
import { PERIOD_ROWS, aggregateRows } from '../dashboard-aggregate';
import type { DashboardStore } from '../dashboard-types';
import { nowIso } from '../rows';
import type { PgDb } from './db';

const AGG_PARAMS = { S: 1, F: 2, U: 3, M: 4 } as const;
const agg = (sql: string) => sql.replace(/\$([SFUM])/g, (_, k: keyof typeof AGG_PARAMS) => `$${AGG_PARAMS[k]}`);

/** The dashboard's area of the PostgreSQL store: same behaviour as sqlite/dashboard.ts. */
export function pgDashboard(db: PgDb): DashboardStore {
  return {
    async listDashboardAlerts(f) {
      const params: unknown[] = [];
      const where = alertWhere(f, (v) => (params.push(v), `$${params.length}`));
      params.push(f.limit ?? 200);
      const rows = await db.query(`${ALERT_SELECT} WHERE ${where} ORDER BY a.severity DESC, a.at DESC LIMIT $${params.length}`, params);
      return rows.map(toDashboardAlert);
    },
    async getDashboardAlert(schoolId, id) {
      const r = await db.one(`${ALERT_SELECT} WHERE a.school_id = $1 AND a.id = $2`, [schoolId, id]);
      return r ? toDashboardAlert(r) : null;
    },
    async getAlertScreenshot(schoolId, id) {
      const r = await db.one('SELECT screenshot FROM alerts WHERE school_id = $1 AND id = $2', [schoolId, id]);
      return (r?.screenshot as string | null) ?? null;
    },
    async setAlertStatus(schoolId, id, c) {
      return db.tx(async (q) => {
        const [cur] = await q('SELECT status FROM alerts WHERE school_id = $1 AND id = $2 FOR UPDATE', [schoolId, id]);
        if (!cur) return null;
        await q('UPDATE alerts SET status = $1 WHERE school_id = $2 AND id = $3', [c.status, schoolId, id]);
        const [row] = await q(
          `INSERT INTO alert_notes (alert_id, school_id, staff_id, staff_name, from_status, to_status, note, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
          [id, schoolId, c.staffId, c.staffName, cur.status, c.status, c.note, nowIso()],
        );
        return toNote(row!);
      });
    },
    async listAlertNotes(schoolId, alertId) {
      return (await db.query('SELECT * FROM alert_notes WHERE school_id = $1 AND alert_id = $2 ORDER BY id', [schoolId, alertId])).map(toNote);
    },
    async addAudit(a) {
      await db.query(
        'INSERT INTO audit_log (school_id, staff_id, staff_name, role, action, target, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [a.schoolId, a.staffId, a.staffName, a.role, a.action, a.target, a.detail, nowIso()],
      );
    },
    async listAudit(schoolId, limit = 500) {
      return (await db.query('SELECT * FROM audit_log WHERE school_id = $1 ORDER BY id DESC LIMIT $2', [schoolId, limit])).map(toAudit);
    },
    async replaceRoster(schoolId, rows) {
      await db.tx(async (q) => {
        await q('DELETE FROM roster WHERE school_id = $1', [schoolId]);
        if (!rows.length) return;
        await q(
          `INSERT INTO roster (school_id, "user", name, class_name, year_group)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])
           ON CONFLICT (school_id, "user") DO UPDATE SET name = EXCLUDED.name, class_name = EXCLUDED.class_name, year_group = EXCLUDED.year_group`,
          [schoolId, rows.map((r) => r.user), rows.map((r) => r.name), rows.map((r) => r.className), rows.map((r) => r.yearGroup)],
        );
      });
      return rows.length;
    },
    async listRoster(schoolId) {
      return (await db.query('SELECT * FROM roster WHERE school_id = $1 ORDER BY year_group, class_name, name', [schoolId])).map(toRoster);
    },
    async aggregateAlerts(schoolId, since, until, timeZone) {
      const params: unknown[] = [];
      const sql = PERIOD_ROWS((v) => (params.push(v), `$${params.length}`), schoolId, since, until);
      return aggregateRows(await db.query(sql, params), timeZone);
    },
    async repeatPupils(schoolId, since, until, minCount) {
      return (await db.query(agg(AGG.repeat), [schoolId, since, until, minCount])).map((r) => ({
        user: String(r.u),
        pupilName: (r.n as string) ?? null,
        yearGroup: (r.y as string) ?? null,
        count: Number(r.c),
        maxSeverity: Number(r.s),
      }));
    },
    async tamperCounts(schoolId, since) {
      const sql = "SELECT device_id AS k, count(*) AS c FROM alerts WHERE school_id = $1 AND kind = 'tamper' AND at >= $2 GROUP BY device_id";
      return toCounts(await db.query(sql, [schoolId, since]));
    },
    async listStaff(schoolId) {
      return (await db.query('SELECT * FROM staff WHERE school_id = $1 ORDER BY role, name', [schoolId])).map(toPublicStaff);
    },
    async updateStaffRole(schoolId, id, role) {
      return (await db.query('UPDATE staff SET role = $1 WHERE school_id = $2 AND id = $3 RETURNING id', [role, schoolId, id])).length > 0;
    },
    async deleteStaff(schoolId, id) {
      return db.tx(async (q) => {
        await q('DELETE FROM sessions WHERE staff_id = $1', [id]);
        return (await q('DELETE FROM staff WHERE school_id = $1 AND id = $2 RETURNING id', [schoolId, id])).length > 0;
      });
    },
    async claimReportRun(schoolId, kind, periodKey) {
      const sql = 'INSERT INTO report_runs (school_id, kind, period, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING period';
      return (await db.query(sql, [schoolId, kind, periodKey, nowIso()])).length > 0;
    },
    async releaseReportRun(schoolId, kind, periodKey) {
      await db.query('DELETE FROM report_runs WHERE school_id = $1 AND kind = $2 AND period = $3', [schoolId, kind, periodKey]);
    },
    async listPolicyHistory(schoolId, limit) {
      return (await db.query('SELECT * FROM policies WHERE school_id = $1 ORDER BY version DESC LIMIT $2', [schoolId, limit])).map(toPolicyVersion);
    },
  };
}
