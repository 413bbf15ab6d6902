import type Database from 'better-sqlite3';
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
import { nowIso, type Row } from '../rows';
import type { AlertStatus } from '../types';

/** The dashboard's area of the SQLite store: triage, audit, roster, aggregates, staff admin. */
export function sqliteDashboard(db: Database.Database): DashboardStore {
  const agg = (sql: string) => sql.replace(/\$([SFUM])/g, '@$1');
  return {
    async listDashboardAlerts(f) {
      const params: unknown[] = [];
      const where = alertWhere(f, (v) => (params.push(v), '?'));
      const sql = `${ALERT_SELECT} WHERE ${where} ORDER BY a.severity DESC, a.at DESC LIMIT ?`;
      return (db.prepare(sql).all(...params, f.limit ?? 200) as Row[]).map(toDashboardAlert);
    },
    async getDashboardAlert(schoolId, id) {
      const r = db.prepare(`${ALERT_SELECT} WHERE a.school_id = ? AND a.id = ?`).get(schoolId, id) as Row | undefined;
      return r ? toDashboardAlert(r) : null;
    },
    async getAlertScreenshot(schoolId, id) {
      return (db.prepare('SELECT screenshot FROM alerts WHERE school_id = ? AND id = ?').pluck().get(schoolId, id) as string | null) ?? null;
    },
    async setAlertStatus(schoolId, id, c) {
      return db.transaction(() => {
        const from = db.prepare('SELECT status FROM alerts WHERE school_id = ? AND id = ?').pluck().get(schoolId, id) as AlertStatus | undefined;
        if (!from) return null;
        db.prepare('UPDATE alerts SET status = ? WHERE school_id = ? AND id = ?').run(c.status, schoolId, id);
        const info = db
          .prepare('INSERT INTO alert_notes (alert_id, school_id, staff_id, staff_name, from_status, to_status, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(id, schoolId, c.staffId, c.staffName, from, c.status, c.note, nowIso());
        return toNote(db.prepare('SELECT * FROM alert_notes WHERE id = ?').get(info.lastInsertRowid) as Row);
      })();
    },
    async listAlertNotes(schoolId, alertId) {
      return (db.prepare('SELECT * FROM alert_notes WHERE school_id = ? AND alert_id = ? ORDER BY id').all(schoolId, alertId) as Row[]).map(toNote);
    },
    async addAudit(a) {
      db.prepare('INSERT INTO audit_log (school_id, staff_id, staff_name, role, action, target, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        a.schoolId,
        a.staffId,
        a.staffName,
        a.role,
        a.action,
        a.target,
        a.detail,
        nowIso(),
      );
    },
    async listAudit(schoolId, limit = 500) {
      return (db.prepare('SELECT * FROM audit_log WHERE school_id = ? ORDER BY id DESC LIMIT ?').all(schoolId, limit) as Row[]).map(toAudit);
    },
    async replaceRoster(schoolId, rows) {
      const insert = db.prepare('INSERT OR REPLACE INTO roster (school_id, "user", name, class_name, year_group) VALUES (?, ?, ?, ?, ?)');
      db.transaction(() => {
        db.prepare('DELETE FROM roster WHERE school_id = ?').run(schoolId);
        for (const r of rows) insert.run(schoolId, r.user, r.name, r.className, r.yearGroup);
      })();
      return rows.length;
    },
    async listRoster(schoolId) {
      return (db.prepare('SELECT * FROM roster WHERE school_id = ? ORDER BY year_group, class_name, name').all(schoolId) as Row[]).map(toRoster);
    },
    async aggregateAlerts(schoolId, since, until, timeZone) {
      const params: unknown[] = [];
      const sql = PERIOD_ROWS((v) => (params.push(v), '?'), schoolId, since, until);
      return aggregateRows(db.prepare(sql).all(...params) as Row[], timeZone);
    },
    async repeatPupils(schoolId, since, until, minCount) {
      return (db.prepare(agg(AGG.repeat)).all({ S: schoolId, F: since, U: until, M: minCount }) as Row[]).map((r) => ({
        user: String(r.u),
        pupilName: (r.n as string) ?? null,
        yearGroup: (r.y as string) ?? null,
        count: Number(r.c),
        maxSeverity: Number(r.s),
      }));
    },
    async tamperCounts(schoolId, since) {
      const sql = "SELECT device_id AS k, count(*) AS c FROM alerts WHERE school_id = ? AND kind = 'tamper' AND at >= ? GROUP BY device_id";
      return toCounts(db.prepare(sql).all(schoolId, since) as Row[]);
    },
    async listStaff(schoolId) {
      return (db.prepare('SELECT * FROM staff WHERE school_id = ? ORDER BY role, name').all(schoolId) as Row[]).map(toPublicStaff);
    },
    async updateStaffRole(schoolId, id, role) {
      return db.prepare('UPDATE staff SET role = ? WHERE school_id = ? AND id = ?').run(role, schoolId, id).changes > 0;
    },
    async deleteStaff(schoolId, id) {
      return db.transaction(() => {
        db.prepare('DELETE FROM sessions WHERE staff_id = ?').run(id);
        return db.prepare('DELETE FROM staff WHERE school_id = ? AND id = ?').run(schoolId, id).changes > 0;
      })();
    },
    async claimReportRun(schoolId, kind, periodKey) {
      const sql = 'INSERT INTO report_runs (school_id, kind, period, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING';
      return db.prepare(sql).run(schoolId, kind, periodKey, nowIso()).changes > 0;
    },
    async releaseReportRun(schoolId, kind, periodKey) {
      db.prepare('DELETE FROM report_runs WHERE school_id = ? AND kind = ? AND period = ?').run(schoolId, kind, periodKey);
    },
    async listPolicyHistory(schoolId, limit) {
      return (db.prepare('SELECT * FROM policies WHERE school_id = ? ORDER BY version DESC LIMIT ?').all(schoolId, limit) as Row[]).map(toPolicyVersion);
    },
  };
}
