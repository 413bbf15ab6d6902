import type { DeviceEvent } from '../../../shared/protocol/events';
import { alertFromEvent } from '../alert-from-event';
import { nowIso, toAlert } from '../rows';
import { systemAlertRow } from '../system-alert';
import type { AlertRow, IngestContext, IngestResult, Store } from '../types';
import type { PgDb } from './db';

export const PG_ALERT_COLUMNS = `id, school_id, device_id, event_id, kind, category, severity, term, context, match_start,
  match_end, url, title, "user", ip, at, received_at, status, (screenshot IS NOT NULL) AS has_screenshot`;

interface Job {
  ctx: IngestContext;
  events: DeviceEvent[];
  resolve: (r: IngestResult) => void;
  reject: (e: unknown) => void;
}

/** Most events written in one transaction; more wait for the next. */
const MAX_GROUP_EVENTS = 10_000;
const MAX_IN_FLIGHT = 3;

const EVENT_INSERT = `INSERT INTO events (school_id, device_id, client_id, type, at, received_at, "user", ip, payload)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
  ON CONFLICT (device_id, client_id) DO NOTHING RETURNING device_id, client_id`;

const ALERT_FIELDS = ['id', 'schoolId', 'deviceId', 'eventId', 'kind', 'category', 'severity', 'term', 'context', 'matchStart', 'matchEnd', 'url', 'title', 'user', 'ip', 'at', 'receivedAt', 'screenshot'] as const;
const ALERT_INSERT = `INSERT INTO alerts (id, school_id, device_id, event_id, kind, category, severity, term, context, match_start, match_end,
    url, title, "user", ip, at, received_at, screenshot)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[],
    $10::int[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[])
  ON CONFLICT (device_id, event_id) DO NOTHING`;

/**
 * Events and alerts. Ingest is group-committed: batches that arrive while a transaction is in
 * flight are written together in the next one (array inserts via unnest, one commit), and each
 * caller resolves only after that commit. A failed group is retried batch by batch so one bad
 * batch cannot fail another device's.
 */
export function pgEvents(db: PgDb): Pick<Store, 'ingest' | 'listAlerts' | 'getAlert' | 'countEvents' | 'raiseSystemAlert'> {
  const writeGroup = (jobs: Job[]): Promise<IngestResult[]> =>
    db.tx(async (q) => {
      const cols: unknown[][] = Array.from({ length: 9 }, () => []);
      for (const { ctx, events } of jobs) {
        for (const e of events) {
          const { screenshot: _s, ...payload } = e as DeviceEvent & { screenshot?: string };
          const values = [ctx.schoolId, ctx.deviceId, e.id, e.type, e.at, ctx.receivedAt, e.user ?? null, ctx.ip, JSON.stringify(payload)];
          values.forEach((v, i) => cols[i]!.push(v));
        }
      }
      const inserted = new Set((await q(EVENT_INSERT, cols)).map((r) => `${r.device_id}\u0000${r.client_id}`));
      const alertCols: unknown[][] = ALERT_FIELDS.map(() => []);
      const results = jobs.map(({ ctx, events }) => {
        const newAlerts: AlertRow[] = [];
        for (const e of events) {
          const key = `${ctx.deviceId}\u0000${e.id}`;
          if (!inserted.delete(key)) continue; // stored before, or a repeat inside this group
          const alert = alertFromEvent(ctx, e);
          if (!alert) continue;
          const row = { ...alert, screenshot: (e as { screenshot?: string }).screenshot ?? null } as Record<string, unknown>;
          ALERT_FIELDS.forEach((f, i) => alertCols[i]!.push(row[f] ?? null));
          newAlerts.push(alert);
        }
        return { stored: events.map((e) => e.id), newAlerts };
      });
      if (alertCols[0]!.length) await q(ALERT_INSERT, alertCols);
      return results;
    });

  // Up to MAX_IN_FLIGHT group transactions at once (one pool connection each): while one
  // waits for its commit, the next group is already being written.
  let pending: Job[] = [];
  let inFlight = 0;
  const pump = async () => {
    if (inFlight >= MAX_IN_FLIGHT || pending.length === 0) return;
    inFlight++;
    let size = 0;
    let n = 0;
    while (n < pending.length && (n === 0 || size + pending[n]!.events.length <= MAX_GROUP_EVENTS)) size += pending[n++]!.events.length;
    const jobs = pending.slice(0, n);
    pending = pending.slice(n);
    try {
      const results = await writeGroup(jobs);
      jobs.forEach((j, i) => j.resolve(results[i]!));
    } catch {
      for (const j of jobs) {
        try {
          j.resolve((await writeGroup([j]))[0]!);
        } catch (err) {
          j.reject(err);
        }
      }
    } finally {
      inFlight--;
      void pump();
    }
  };

  return {
    ingest(ctx, events) {
      return new Promise<IngestResult>((resolve, reject) => {
        pending.push({ ctx, events, resolve, reject });
        if (inFlight < MAX_IN_FLIGHT) setImmediate(() => void pump());
      });
    },
    async listAlerts(f) {
      const params: unknown[] = [f.schoolId];
      const p = (v: unknown) => (params.push(v), `$${params.length}`);
      const where = [`school_id = $1`];
      if (f.status?.length) where.push(`status = ANY(${p(f.status)}::text[])`);
      if (f.minSeverity) where.push(`severity >= ${p(f.minSeverity)}`);
      if (f.category) where.push(`category = ${p(f.category)}`);
      if (f.deviceId) where.push(`device_id = ${p(f.deviceId)}`);
      if (f.user) where.push(`"user" = ${p(f.user)}`);
      if (f.since) where.push(`at >= ${p(f.since)}`);
      if (f.until) where.push(`at < ${p(f.until)}`);
      const sql = `SELECT ${PG_ALERT_COLUMNS} FROM alerts WHERE ${where.join(' AND ')}
        ORDER BY severity DESC, at DESC, id LIMIT ${p(f.limit ?? 100)} OFFSET ${p(f.offset ?? 0)}`;
      return (await db.query(sql, params)).map(toAlert);
    },
    async getAlert(schoolId, id) {
      const r = await db.one(`SELECT ${PG_ALERT_COLUMNS} FROM alerts WHERE school_id = $1 AND id = $2`, [schoolId, id]);
      return r ? toAlert(r) : null;
    },
    async raiseSystemAlert(a) {
      const alert = systemAlertRow(a, nowIso());
      const row = { ...alert, screenshot: null } as Record<string, unknown>;
      const rows = await db.query(`${ALERT_INSERT} RETURNING id`, ALERT_FIELDS.map((f) => [row[f] ?? null]));
      return rows.length > 0 ? alert : null;
    },
    async countEvents(schoolId) {
      const r = schoolId ? await db.one('SELECT count(*) AS n FROM events WHERE school_id = $1', [schoolId]) : await db.one('SELECT count(*) AS n FROM events');
      return Number(r!.n);
    },
  };
}
