import { Hono } from 'hono';
import { z } from 'zod';
import { auditAccess } from '../audit/audit-log';
import { monthPeriod, reportTimeZone, termPeriod } from '../reports/periods';
import { sendMonthlyReport } from '../reports/monthly-report';
import { isLongSilent } from '../reports/device-silence';
import { buildReport } from '../reports/school-report';
import { can } from '../staff/roles';
import { type Dashboard, parse } from './dashboard-context';
import { HttpError } from './errors';
import { readJson } from './read-json';
import { requireStaff, sessionOf, type StaffEnv } from './staff-auth';

const PeriodQuery = z.object({ period: z.string().max(20).optional() });
const TrendsQuery = z.object({ days: z.coerce.number().int().min(7).max(730).default(90) });

const period = (kind: 'monthly' | 'governors', key: string | undefined, timeZone: string) => {
  try {
    return kind === 'monthly' ? monthPeriod(key, new Date(), timeZone) : termPeriod(key, new Date(), timeZone);
  } catch (err) {
    throw new HttpError(400, 'bad_period', (err as Error).message);
  }
};

/** Monthly and governors' reports (aggregates, no names) and the DSL's trends. */
export function dashboardReportRoutes(d: Dashboard): Hono<StaffEnv> {
  const r = new Hono<StaffEnv>();
  const { c } = d;
  /** Reports and trends count days on the school's calendar (its policy's time zone), and device silence in its school hours. */
  const hoursOf = (schoolId: string) => c.policy.schoolHours(schoolId);

  r.get('/api/dashboard/reports/:kind', requireStaff(c.store, 'reports:read'), async (ctx) => {
    const kind = ctx.req.param('kind');
    if (kind !== 'monthly' && kind !== 'governors') throw new HttpError(404, 'not_found', 'reports are "monthly" or "governors"');
    const s = sessionOf(ctx);
    // Governors see the governors' report only (it leaves out the terms pupils typed).
    if (kind === 'monthly' && s.staff.role === 'governor') throw new HttpError(403, 'forbidden', 'governors see the termly governors\' report');
    const { period: key } = parse(PeriodQuery, ctx.req.query());
    const hours = await hoursOf(s.staff.schoolId);
    return ctx.json({ report: await buildReport(c.store, d.store, s.staff.schoolId, kind, period(kind, key, reportTimeZone(hours)), hours) });
  });

  r.post('/api/dashboard/reports/monthly/send', requireStaff(c.store, 'reports:read'), async (ctx) => {
    const s = sessionOf(ctx);
    if (s.staff.role !== 'dsl' && s.staff.role !== 'it') throw new HttpError(403, 'forbidden', 'only the DSL or IT can send the monthly report');
    const { period: key } = parse(PeriodQuery, await readJson(ctx, 1000));
    const p = period('monthly', key, reportTimeZone(await hoursOf(s.staff.schoolId)));
    try {
      const report = await sendMonthlyReport(
        { store: c.store, dash: d.store, mailer: d.mailer, coordinator: c.config.ESAFETY_COORDINATOR_EMAIL, publicUrl: d.publicUrl(), schoolHoursOf: hoursOf },
        s.staff.schoolId,
        p.key,
      );
      return ctx.json({ sent: true, to: c.config.ESAFETY_COORDINATOR_EMAIL, period: report.period });
    } catch (err) {
      throw new HttpError(503, 'mail_failed', `the report was not sent: ${(err as Error).message}`);
    }
  });

  r.get('/api/dashboard/trends', requireStaff(c.store, 'alerts:read'), async (ctx) => {
    const s = sessionOf(ctx);
    const { days } = parse(TrendsQuery, ctx.req.query());
    const until = new Date(Date.now() + 60_000).toISOString();
    const since = new Date(Date.now() - days * 86_400_000).toISOString();
    const schoolId = s.staff.schoolId;
    const pupils = can(s.staff.role, 'trends:pupils');
    if (pupils) await auditAccess(d.store, s, 'view repeat pupils', 'trends', `last ${days} days`);
    const hours = await hoursOf(schoolId);
    const [aggregates, repeat, devices] = await Promise.all([
      d.store.aggregateAlerts(schoolId, since, until, reportTimeZone(hours)),
      pupils ? d.store.repeatPupils(schoolId, since, until, 2) : Promise.resolve([]),
      c.store.listDevices(schoolId),
    ]);
    const now = Date.now();
    return ctx.json({
      since,
      until,
      aggregates,
      repeatPupils: repeat,
      silentDevices: devices
        .filter((x) => !x.revokedAt && (!x.lastSeenAt || isLongSilent(x.lastSeenAt, now, hours)))
        .map((x) => ({ id: x.id, name: x.name, lastSeenAt: x.lastSeenAt })),
    });
  });

  return r;
}
