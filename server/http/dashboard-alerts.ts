import { Hono } from 'hono';
import { z } from 'zod';
import { auditAccess } from '../audit/audit-log';
import { can } from '../staff/roles';
import type { AlertStatus } from '../store/types';
import { type Dashboard, parse } from './dashboard-context';
import { HttpError } from './errors';
import { readJson } from './read-json';
import { requireStaff, sessionOf, type StaffEnv } from './staff-auth';

const STATUSES = ['new', 'reviewed', 'escalated', 'false_positive', 'resolved'] as const;

export const AlertListQuery = z.object({
  status: z
    .string()
    .max(200)
    .optional()
    .transform((s) => (s ? s.split(',') : undefined))
    .pipe(z.array(z.enum(STATUSES)).optional()),
  minSeverity: z.coerce.number().int().min(1).max(5).optional(),
  category: z.string().max(40).optional(),
  kind: z.enum(['keyword', 'concern', 'url_report', 'tamper', 'device_silent']).optional(),
  deviceId: z.string().max(80).optional(),
  user: z.string().max(200).optional(),
  yearGroup: z.string().max(40).optional(),
  className: z.string().max(40).optional(),
  since: z.string().max(40).optional(),
  until: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

const StatusChange = z.object({
  status: z.enum(STATUSES),
  note: z.string().max(4000).default(''),
  /** False positive only: add this phrase to the school's allow-phrases in the same step. */
  allowPhrase: z.string().trim().min(1).max(200).optional(),
});

/** Repeated list refreshes of the same view within this window are one audited view. */
const LIST_AUDIT_WINDOW_MS = 5 * 60 * 1000;

export function dashboardAlertRoutes(d: Dashboard): Hono<StaffEnv> {
  const r = new Hono<StaffEnv>();
  const { c } = d;
  const lastListAudit = new Map<string, number>();

  r.get('/api/dashboard/alerts', requireStaff(c.store, 'alerts:read'), async (ctx) => {
    const q = parse(AlertListQuery, ctx.req.query());
    const s = sessionOf(ctx);
    const key = `${s.idHash}|${JSON.stringify(q)}`;
    if ((lastListAudit.get(key) ?? 0) < Date.now() - LIST_AUDIT_WINDOW_MS) {
      await auditAccess(d.store, s, 'view alert list', 'alerts', JSON.stringify(q));
      lastListAudit.set(key, Date.now());
      if (lastListAudit.size > 10_000) lastListAudit.clear();
    }
    return ctx.json({ alerts: await d.store.listDashboardAlerts({ ...q, schoolId: s.staff.schoolId }) });
  });

  r.get('/api/dashboard/filters', requireStaff(c.store, 'alerts:read'), async (ctx) => {
    const schoolId = sessionOf(ctx).staff.schoolId;
    const [devices, roster] = await Promise.all([c.store.listDevices(schoolId), d.store.listRoster(schoolId)]);
    return ctx.json({
      devices: devices.map((x) => ({ id: x.id, name: x.name ?? x.id })),
      yearGroups: [...new Set(roster.map((x) => x.yearGroup))].sort(),
      classes: [...new Set(roster.map((x) => x.className))].sort(),
    });
  });

  r.get('/api/dashboard/alerts/:id', requireStaff(c.store, 'alerts:read'), async (ctx) => {
    const s = sessionOf(ctx);
    const alert = await d.store.getDashboardAlert(s.staff.schoolId, ctx.req.param('id'));
    if (!alert) throw new HttpError(404, 'not_found', 'no such alert');
    await auditAccess(d.store, s, 'view alert', alert.id, alert.user ? `pupil ${alert.user}` : '');
    const [notes, timeline, device] = await Promise.all([
      d.store.listAlertNotes(s.staff.schoolId, alert.id),
      alert.user ? d.store.listDashboardAlerts({ schoolId: s.staff.schoolId, user: alert.user, limit: 200 }) : Promise.resolve([]),
      c.store.getDevice(alert.deviceId),
    ]);
    return ctx.json({
      alert,
      notes,
      device: device ? { id: device.id, name: device.name, kind: device.kind } : null,
      // The pupil's recent timeline, newest first.
      timeline: timeline.sort((a, b) => b.at.localeCompare(a.at)).slice(0, 20),
      canTriage: can(s.staff.role, 'alerts:triage'),
    });
  });

  r.get('/api/dashboard/alerts/:id/screenshot', requireStaff(c.store, 'alerts:read'), async (ctx) => {
    const s = sessionOf(ctx);
    const shot = await d.store.getAlertScreenshot(s.staff.schoolId, ctx.req.param('id'));
    if (!shot) throw new HttpError(404, 'not_found', 'this alert has no screenshot');
    const m = /^data:(image\/(?:png|jpeg|webp));base64,(.+)$/.exec(shot);
    if (!m) throw new HttpError(422, 'bad_screenshot', 'the stored screenshot is not an image');
    await auditAccess(d.store, s, 'view screenshot', ctx.req.param('id'));
    return ctx.body(Buffer.from(m[2]!, 'base64'), 200, { 'content-type': m[1]!, 'cache-control': 'no-store' });
  });

  r.post('/api/dashboard/alerts/:id/status', requireStaff(c.store, 'alerts:triage'), async (ctx) => {
    const s = sessionOf(ctx);
    const body = parse(StatusChange, await readJson(ctx, 20_000));
    const id = ctx.req.param('id');
    const alert = await d.store.getDashboardAlert(s.staff.schoolId, id);
    if (!alert) throw new HttpError(404, 'not_found', 'no such alert');
    if (body.allowPhrase && body.status !== 'false_positive') {
      throw new HttpError(422, 'allow_phrase_needs_false_positive', 'an allow-phrase can only be added when marking a false positive');
    }
    let policyVersion: number | null = null;
    if (body.allowPhrase) {
      // One step for the DSL, two records: the policy change log (why) and the triage note.
      const policy = await c.policy.current(s.staff.schoolId);
      const phrases = policy.keywords.allowPhrases;
      if (!phrases.some((p) => p.toLowerCase() === body.allowPhrase!.toLowerCase())) {
        const reason = `False positive on alert ${id} (term "${alert.term ?? ''}")${body.note ? `: ${body.note}` : ''}`;
        const doc = await c.policy.update(
          s.staff.schoolId,
          { ...policy, keywords: { ...policy.keywords, allowPhrases: [...phrases, body.allowPhrase] } },
          { by: s.staff.email, reason },
        );
        policyVersion = doc.version;
      }
    }
    const note = [body.note, body.allowPhrase ? `Allow-phrase added: "${body.allowPhrase}"` : ''].filter(Boolean).join('\n');
    const row = await d.store.setAlertStatus(s.staff.schoolId, id, {
      staffId: s.staff.id,
      staffName: s.staff.name,
      status: body.status as AlertStatus,
      note,
    });
    if (!row) throw new HttpError(404, 'not_found', 'no such alert');
    return ctx.json({ note: row, policyVersion });
  });

  return r;
}
