import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { Command } from '../../shared/protocol/messages';
import { describeZodError } from '../../shared/protocol/format';
import type { Collector } from '../collector';
import { SESSION_COOKIE, signIn } from '../staff/sessions';
import { hashToken } from '../security/secrets';
import { auditAccess } from '../audit/audit-log';
import { HttpError } from './errors';
import { readJson } from './read-json';
import { requireStaff, sessionOf, type StaffEnv } from './staff-auth';

const Login = z.object({ email: z.string().min(3).max(200), password: z.string().min(1).max(500) });
const AlertQuery = z.object({
  status: z.string().max(200).optional(),
  minSeverity: z.coerce.number().int().min(1).max(5).optional(),
  category: z.string().max(40).optional(),
  deviceId: z.string().max(80).optional(),
  user: z.string().max(200).optional(),
  since: z.string().max(40).optional(),
  until: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});
const PolicyUpdate = z.object({ policy: z.unknown(), reason: z.string().min(1, 'a reason is required').max(2000) });

const parse = <T>(schema: z.ZodType<T>, value: unknown): T => {
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(400, 'bad_request', describeZodError(r.error));
  return r.data;
};

/** The staff (dashboard) API. Every route is session-authenticated and role-checked. */
export function staffRoutes(c: Collector): Hono<StaffEnv> {
  const r = new Hono<StaffEnv>();
  const secure = (url: string) => url.startsWith('https:') || c.config.PUBLIC_URL?.startsWith('https:') === true;

  r.post('/api/auth/login', async (ctx) => {
    const { email, password } = parse(Login, await readJson(ctx, 10_000));
    const { sessionId, session } = await signIn(c.store, email, password);
    setCookie(ctx, SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: secure(ctx.req.url),
      path: '/',
    });
    return ctx.json({ csrfToken: session.csrfToken, staff: { name: session.staff.name, email: session.staff.email, role: session.staff.role } });
  });

  r.post('/api/auth/logout', requireStaff(c.store), async (ctx) => {
    const sid = getCookie(ctx, SESSION_COOKIE);
    if (sid) await c.store.deleteSession(hashToken(sid));
    deleteCookie(ctx, SESSION_COOKIE, { path: '/' });
    return ctx.json({ ok: true });
  });

  r.get('/api/session', requireStaff(c.store), (ctx) => {
    const s = sessionOf(ctx);
    return ctx.json({ csrfToken: s.csrfToken, staff: { name: s.staff.name, email: s.staff.email, role: s.staff.role, schoolId: s.staff.schoolId } });
  });

  r.get('/api/alerts', requireStaff(c.store, 'alerts:read'), async (ctx) => {
    const q = parse(AlertQuery, ctx.req.query());
    const s = sessionOf(ctx);
    const alerts = await c.store.listAlerts({
      ...q,
      schoolId: s.staff.schoolId,
      status: q.status ? (q.status.split(',') as never) : undefined,
    });
    await auditAccess(c.store, s, 'list alerts (API)', 'alerts', JSON.stringify(q));
    return ctx.json({ alerts });
  });

  r.get('/api/alerts/:id', requireStaff(c.store, 'alerts:read'), async (ctx) => {
    const alert = await c.store.getAlert(sessionOf(ctx).staff.schoolId, ctx.req.param('id'));
    if (!alert) throw new HttpError(404, 'not_found', 'no such alert');
    await auditAccess(c.store, sessionOf(ctx), 'view alert (API)', alert.id);
    return ctx.json({ alert });
  });

  r.get('/api/devices', requireStaff(c.store, 'devices:read'), async (ctx) => {
    const devices = await c.store.listDevices(sessionOf(ctx).staff.schoolId);
    return ctx.json({ devices: devices.map((d) => ({ ...d, connected: c.sockets.isConnected(d.id) })) });
  });

  r.post('/api/devices/:id/command', requireStaff(c.store, 'devices:command'), async (ctx) => {
    const s = sessionOf(ctx);
    const device = await c.store.getDevice(ctx.req.param('id'));
    if (!device || device.schoolId !== s.staff.schoolId) throw new HttpError(404, 'not_found', 'no such device');
    const command = parse(Command, await readJson(ctx, 10_000));
    const withBy = 'by' in command || command.kind === 'board' || command.kind === 'board-auto' ? { ...command, by: s.staff.name } : command;
    const delivered = c.sockets.sendCommand(device.id, withBy);
    return ctx.json({ delivered });
  });

  r.get('/api/policy', requireStaff(c.store, 'policy:read'), async (ctx) => {
    const schoolId = sessionOf(ctx).staff.schoolId;
    return ctx.json({ policy: await c.policy.current(schoolId), history: await c.store.listPolicyVersions(schoolId, 50) });
  });

  r.put('/api/policy', requireStaff(c.store, 'policy:write'), async (ctx) => {
    const s = sessionOf(ctx);
    const { policy, reason } = parse(PolicyUpdate, await readJson(ctx));
    const doc = await c.policy.update(s.staff.schoolId, policy, { by: s.staff.email, reason });
    return ctx.json({ policy: doc });
  });

  return r;
}
