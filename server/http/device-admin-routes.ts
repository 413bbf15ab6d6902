import { Hono } from 'hono';
import { z } from 'zod';
import { GroupId } from '../../shared/policy/schema';
import { describeZodError } from '../../shared/protocol/format';
import type { Collector } from '../collector';
import { hashToken, newId, newSecret } from '../security/secrets';
import { HttpError } from './errors';
import { readJson } from './read-json';
import { requireStaff, sessionOf, type StaffEnv } from './staff-auth';

const parse = <T>(schema: z.ZodType<T>, value: unknown): T => {
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(400, 'bad_request', describeZodError(r.error));
  return r.data;
};

const NewToken = z.object({ label: z.string().trim().min(1, 'a label is required').max(200) });
const GroupChange = z.object({ group: GroupId.nullable() });
const Suspend = z.object({
  user: z.string().trim().min(1).max(200),
  until: z.iso.datetime({ offset: true, message: 'until must be an ISO-8601 date-time' }),
  reason: z.string().trim().min(1, 'a reason is required').max(500),
});
const Lift = z.object({ user: z.string().trim().min(1).max(200), reason: z.string().trim().min(1, 'a reason is required').max(500) });
const Leaver = z.object({ user: z.string().trim().min(1).max(200), confirm: z.literal(true, { error: 'set confirm: true to delete this data' }) });

/**
 * Collector administration for signed-in staff: enrolment tokens, device revocation and
 * groups, per-user suspension (a policy action), leaver deletion, and the refusal counters.
 */
export function deviceAdminRoutes(c: Collector): Hono<StaffEnv> {
  const r = new Hono<StaffEnv>();
  const ownDevice = async (schoolId: string, id: string) => {
    const d = await c.store.getDevice(id);
    if (!d || d.schoolId !== schoolId) throw new HttpError(404, 'not_found', 'no such device');
    return d;
  };

  r.get('/api/collector/stats', requireStaff(c.store, 'devices:read'), (ctx) =>
    ctx.json({ store: c.store.kind, instance: c.bus.instanceId, startedAt: c.stats.startedAt, counters: c.stats.snapshot() }),
  );

  r.get('/api/collector/enrolment-tokens', requireStaff(c.store, 'devices:manage'), async (ctx) =>
    ctx.json({ tokens: await c.store.listEnrolmentTokens(sessionOf(ctx).staff.schoolId) }),
  );

  r.post('/api/collector/enrolment-tokens', requireStaff(c.store, 'devices:manage'), async (ctx) => {
    const { label } = parse(NewToken, await readJson(ctx, 10_000));
    const s = sessionOf(ctx);
    const token = newSecret(24);
    const id = `tok_${newId()}`;
    await c.store.createEnrolmentToken({ id, schoolId: s.staff.schoolId, tokenHash: hashToken(token), label });
    c.log.info('enrolment token created', { id, by: s.staff.email });
    // The token itself is shown once, here; only its hash is kept.
    return ctx.json({ id, label, token }, 201);
  });

  r.post('/api/collector/enrolment-tokens/:id/revoke', requireStaff(c.store, 'devices:manage'), async (ctx) => {
    const s = sessionOf(ctx);
    const id = ctx.req.param('id');
    const own = (await c.store.listEnrolmentTokens(s.staff.schoolId)).find((t) => t.id === id);
    if (!own) throw new HttpError(404, 'not_found', 'no such enrolment token');
    const revoked = await c.store.revokeEnrolmentToken(id);
    c.log.info('enrolment token revoked', { id, by: s.staff.email });
    return ctx.json({ revoked, alreadyRevoked: !revoked });
  });

  r.post('/api/collector/devices/:id/revoke', requireStaff(c.store, 'devices:manage'), async (ctx) => {
    const s = sessionOf(ctx);
    const d = await ownDevice(s.staff.schoolId, ctx.req.param('id'));
    const revoked = await c.revokeDevice(d.id);
    c.log.info('device revoked', { device: d.id, by: s.staff.email });
    return ctx.json({ revoked, alreadyRevoked: !revoked });
  });

  r.put('/api/collector/devices/:id/group', requireStaff(c.store, 'policy:write'), async (ctx) => {
    const s = sessionOf(ctx);
    const d = await ownDevice(s.staff.schoolId, ctx.req.param('id'));
    const { group } = parse(GroupChange, await readJson(ctx, 10_000));
    const policy = await c.policy.current(s.staff.schoolId);
    if (group !== null && !(group in policy.groups)) {
      throw new HttpError(422, 'unknown_group', `the policy has no group "${group}"; groups: ${Object.keys(policy.groups).join(', ')}`);
    }
    await c.store.setDeviceGroup(d.id, group);
    c.sockets.setGroup(d.id, group, policy);
    return ctx.json({ deviceId: d.id, group });
  });

  r.post('/api/collector/suspensions', requireStaff(c.store, 'policy:write'), async (ctx) => {
    const s = sessionOf(ctx);
    const body = parse(Suspend, await readJson(ctx, 10_000));
    const policy = await c.policy.suspend(s.staff.schoolId, body, s.staff.email);
    return ctx.json({ version: policy.version, suspensions: policy.suspensions }, 201);
  });

  r.post('/api/collector/suspensions/lift', requireStaff(c.store, 'policy:write'), async (ctx) => {
    const s = sessionOf(ctx);
    const { user, reason } = parse(Lift, await readJson(ctx, 10_000));
    const policy = await c.policy.lift(s.staff.schoolId, user, reason, s.staff.email);
    return ctx.json({ version: policy.version, suspensions: policy.suspensions });
  });

  r.post('/api/collector/leavers', requireStaff(c.store, 'staff:manage'), async (ctx) => {
    const s = sessionOf(ctx);
    const { user } = parse(Leaver, await readJson(ctx, 10_000));
    const deleted = await c.store.deleteUserData(s.staff.schoolId, user);
    c.log.info('leaver data deleted', { by: s.staff.email, ...deleted });
    return ctx.json({ user, deleted });
  });

  return r;
}
