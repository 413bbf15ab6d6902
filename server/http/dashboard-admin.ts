import { Hono } from 'hono';
import { z } from 'zod';
import { compareVersions } from '../../shared/protocol/version';
import { auditAccess } from '../audit/audit-log';
import { policyDiff } from '../audit/policy-diff';
import { RosterError, parseRoster } from '../roster/roster-import';
import { isLongSilent, LONG_SILENCE_LABEL } from '../reports/device-silence';
import { hashPassword, newId } from '../security/secrets';
import { type Dashboard, parse } from './dashboard-context';
import { HttpError } from './errors';
import { readJson } from './read-json';
import { requireStaff, sessionOf, type StaffEnv } from './staff-auth';

const ROLES = ['dsl', 'it', 'teacher', 'governor'] as const;
const NewStaff = z.object({
  email: z.string().trim().email('a valid e-mail address is required').max(200),
  name: z.string().trim().min(1, 'a name is required').max(200),
  role: z.enum(ROLES),
  password: z.string().min(12, 'passwords must be at least 12 characters (NCSC: three random words)').max(500),
});
const RosterUpload = z.object({ csv: z.string().min(1, 'the file is empty').max(5_000_000, 'the file is larger than 5 MB') });

/** Devices fleet, roster import, staff accounts, the audit log and the policy change log. */
export function dashboardAdminRoutes(d: Dashboard): Hono<StaffEnv> {
  const r = new Hono<StaffEnv>();
  const { c } = d;

  r.get('/api/dashboard/devices', requireStaff(c.store, 'devices:read'), async (ctx) => {
    const { staff } = sessionOf(ctx);
    const schoolId = staff.schoolId;
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const [devices, tamper] = await Promise.all([c.store.listDevices(schoolId), d.store.tamperCounts(schoolId, since)]);
    const tamperBy = new Map(tamper.map((t) => [t.key, t.count]));
    // Teachers see the classroom and staff PCs they use, not pupils' devices (a device with no
    // group is a pupil device: the fail-closed default).
    const { groups, schoolHours } = await c.policy.current(schoolId);
    const now = Date.now();
    // The extension version this collector serves: extensions on an older one are still updating.
    const published = c.extensionVersion() ?? null;
    const visible = staff.role === 'teacher' ? devices.filter((x) => x.group && ['board', 'staff'].includes(groups[x.group]?.role ?? '')) : devices;
    return ctx.json({
      publishedExtension: published,
      devices: visible.map((x) => ({
        id: x.id,
        name: x.name,
        kind: x.kind,
        group: x.group,
        version: x.version,
        updatePending: !!(published && x.kind === 'extension' && x.version && compareVersions(x.version, published) < 0),
        lastSeenAt: x.lastSeenAt,
        boardOn: x.boardOn,
        policyVersion: x.policyVersion,
        revoked: !!x.revokedAt,
        connected: c.sockets.isConnected(x.id),
        tamperAlerts30d: tamperBy.get(x.id) ?? 0,
        health: x.revokedAt ? 'revoked' : !x.lastSeenAt ? 'never reported' : isLongSilent(x.lastSeenAt, now, schoolHours) ? LONG_SILENCE_LABEL : 'reporting',
      })),
    });
  });

  r.get('/api/dashboard/roster', requireStaff(c.store, 'roster:manage'), async (ctx) => {
    const s = sessionOf(ctx);
    await auditAccess(d.store, s, 'view roster', 'roster');
    return ctx.json({ roster: await d.store.listRoster(s.staff.schoolId) });
  });

  r.post('/api/dashboard/roster', requireStaff(c.store, 'roster:manage'), async (ctx) => {
    const s = sessionOf(ctx);
    const { csv } = parse(RosterUpload, await readJson(ctx, 6_000_000));
    let rows;
    try {
      rows = parseRoster(csv);
    } catch (err) {
      if (err instanceof RosterError) throw new HttpError(422, 'bad_roster', err.message);
      throw err;
    }
    const count = await d.store.replaceRoster(s.staff.schoolId, rows);
    await auditAccess(d.store, s, 'import roster', 'roster', `${count} pupils`);
    return ctx.json({ imported: count });
  });

  r.get('/api/dashboard/staff', requireStaff(c.store, 'staff:manage'), async (ctx) => {
    return ctx.json({ staff: await d.store.listStaff(sessionOf(ctx).staff.schoolId) });
  });

  r.post('/api/dashboard/staff', requireStaff(c.store, 'staff:manage'), async (ctx) => {
    const s = sessionOf(ctx);
    const body = parse(NewStaff, await readJson(ctx, 10_000));
    if (await c.store.getStaffByEmail(body.email)) throw new HttpError(409, 'exists', `there is already an account for ${body.email}`);
    const row = await c.store.createStaff({
      id: `stf_${newId()}`,
      schoolId: s.staff.schoolId,
      email: body.email,
      name: body.name,
      role: body.role,
      passwordHash: await hashPassword(body.password),
    });
    await auditAccess(d.store, s, 'create staff account', row.email, row.role);
    return ctx.json({ staff: { id: row.id, email: row.email, name: row.name, role: row.role } }, 201);
  });

  r.patch('/api/dashboard/staff/:id', requireStaff(c.store, 'staff:manage'), async (ctx) => {
    const s = sessionOf(ctx);
    const id = ctx.req.param('id');
    const { role } = parse(z.object({ role: z.enum(ROLES) }), await readJson(ctx, 1000));
    // Keep at least the DSL making the change: nobody can demote themselves out of the dashboard.
    if (id === s.staff.id) throw new HttpError(409, 'self', 'you cannot change your own role; ask another DSL');
    if (!(await d.store.updateStaffRole(s.staff.schoolId, id, role))) throw new HttpError(404, 'not_found', 'no such staff account');
    await auditAccess(d.store, s, 'change staff role', id, role);
    return ctx.json({ ok: true });
  });

  r.delete('/api/dashboard/staff/:id', requireStaff(c.store, 'staff:manage'), async (ctx) => {
    const s = sessionOf(ctx);
    const id = ctx.req.param('id');
    if (id === s.staff.id) throw new HttpError(409, 'self', 'you cannot remove your own account');
    if (!(await d.store.deleteStaff(s.staff.schoolId, id))) throw new HttpError(404, 'not_found', 'no such staff account');
    await auditAccess(d.store, s, 'remove staff account', id);
    return ctx.json({ ok: true });
  });

  r.get('/api/dashboard/audit', requireStaff(c.store, 'audit:read'), async (ctx) => {
    return ctx.json({ audit: await d.store.listAudit(sessionOf(ctx).staff.schoolId, 500) });
  });

  r.get('/api/dashboard/policy/log', requireStaff(c.store, 'policy:read'), async (ctx) => {
    const history = await d.store.listPolicyHistory(sessionOf(ctx).staff.schoolId, 101);
    return ctx.json({
      log: history.slice(0, 100).map((v, i) => ({
        version: v.version,
        at: v.createdAt,
        by: v.createdBy,
        reason: v.reason,
        changes: history[i + 1] ? policyDiff(history[i + 1]!.doc, v.doc) : ['first version'],
      })),
    });
  });

  return r;
}
