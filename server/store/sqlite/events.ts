import type Database from 'better-sqlite3';
import type { DeviceEvent } from '../../../shared/protocol/events';
import { alertFromEvent } from '../alert-from-event';
import { nowIso, toAlert, type Row } from '../rows';
import { systemAlertRow } from '../system-alert';
import type { AlertRow, IngestContext, IngestResult, Store } from '../types';
import type { CommitQueue } from './commit-queue';

export const ALERT_COLUMNS = `id, school_id, device_id, event_id, kind, category, severity, term, context, match_start,
  match_end, url, title, user, ip, at, received_at, status, (screenshot IS NOT NULL) AS has_screenshot`;

/**
 * Events and alerts. Ingest is group-committed through the CommitQueue: batches from many
 * devices share one transaction (one fsync), and every caller resolves only after that commit.
 */
export function sqliteEvents(db: Database.Database, queue: CommitQueue): Pick<Store, 'ingest' | 'listAlerts' | 'getAlert' | 'countEvents' | 'raiseSystemAlert'> {
  const insertEvent = db.prepare(
    `INSERT INTO events (school_id, device_id, client_id, type, at, received_at, user, ip, payload)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(device_id, client_id) DO NOTHING`,
  );
  const insertAlert = db.prepare(
    `INSERT INTO alerts (id, school_id, device_id, event_id, kind, category, severity, term, context, match_start, match_end,
       url, title, user, ip, at, received_at, status, screenshot)
     VALUES (@id, @schoolId, @deviceId, @eventId, @kind, @category, @severity, @term, @context, @matchStart, @matchEnd,
       @url, @title, @user, @ip, @at, @receivedAt, 'new', @screenshot) ON CONFLICT(device_id, event_id) DO NOTHING`,
  );

  const writeBatch = (ctx: IngestContext, events: DeviceEvent[]): IngestResult => {
    const newAlerts: AlertRow[] = [];
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
    return { stored: events.map((e) => e.id), newAlerts };
  };
  return {
    ingest(ctx, events) {
      return queue.enqueue(() => writeBatch(ctx, events));
    },
    async listAlerts(f) {
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
      const sql = `SELECT ${ALERT_COLUMNS} FROM alerts WHERE ${where.join(' AND ')} ORDER BY severity DESC, at DESC, id LIMIT @limit OFFSET @offset`;
      return (db.prepare(sql).all(params) as Row[]).map(toAlert);
    },
    async getAlert(schoolId, id) {
      const r = db.prepare(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE school_id = ? AND id = ?`).get(schoolId, id) as Row | undefined;
      return r ? toAlert(r) : null;
    },
    async raiseSystemAlert(a) {
      const alert = systemAlertRow(a, nowIso());
      const r = insertAlert.run({ ...alert, screenshot: null });
      return r.changes > 0 ? alert : null;
    },
    async countEvents(schoolId) {
      return schoolId
        ? (db.prepare('SELECT count(*) FROM events WHERE school_id = ?').pluck().get(schoolId) as number)
        : (db.prepare('SELECT count(*) FROM events').pluck().get() as number);
    },
  };
}
