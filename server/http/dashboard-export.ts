import { Hono } from 'hono';
import { z } from 'zod';
import { auditAccess } from '../audit/audit-log';
import { incidentsCsv } from '../export/csv-export';
import { incidentRecord, type IncidentRecord } from '../export/incident-record';
import type { StaffSession } from '../staff/sessions';
import { type Dashboard, parse } from './dashboard-context';
import { HttpError } from './errors';
import { readJson } from './read-json';
import { requireStaff, sessionOf, type StaffEnv } from './staff-auth';

const Selection = z.object({ ids: z.array(z.string().min(1).max(200)).min(1, 'select at least one alert').max(1000) });

async function records(d: Dashboard, s: StaffSession, ids: string[]): Promise<IncidentRecord[]> {
  const schoolId = s.staff.schoolId;
  const alerts = await d.store.listDashboardAlerts({ schoolId, ids, limit: ids.length });
  if (alerts.length !== new Set(ids).size) throw new HttpError(404, 'not_found', 'some selected alerts no longer exist; reload and try again');
  const devices = new Map((await d.c.store.listDevices(schoolId)).map((x) => [x.id, x.name]));
  const out: IncidentRecord[] = [];
  for (const a of alerts.sort((x, y) => x.at.localeCompare(y.at))) {
    out.push(incidentRecord(a, await d.store.listAlertNotes(schoolId, a.id), devices.get(a.deviceId) ?? null));
  }
  return out;
}

/** Exports for CPOMS / MyConcern: CSV download and printable incident records. Both audited. */
export function dashboardExportRoutes(d: Dashboard): Hono<StaffEnv> {
  const r = new Hono<StaffEnv>();

  r.post('/api/dashboard/export/csv', requireStaff(d.c.store, 'alerts:export'), async (ctx) => {
    const s = sessionOf(ctx);
    const { ids } = parse(Selection, await readJson(ctx, 200_000));
    const rows = await records(d, s, ids);
    await auditAccess(d.store, s, 'export CSV', `${rows.length} alerts`, ids.join(','));
    const stamp = new Date().toISOString().slice(0, 10);
    return ctx.body(incidentsCsv(rows), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="esafety-incidents-${stamp}.csv"`,
    });
  });

  r.post('/api/dashboard/export/records', requireStaff(d.c.store, 'alerts:export'), async (ctx) => {
    const s = sessionOf(ctx);
    const { ids } = parse(Selection, await readJson(ctx, 200_000));
    const rows = await records(d, s, ids);
    await auditAccess(d.store, s, 'print incident records', `${rows.length} alerts`, ids.join(','));
    return ctx.json({ records: rows, school: (await d.c.policy.current(s.staff.schoolId)).school.name });
  });

  return r;
}
