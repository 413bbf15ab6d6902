import { Hono } from 'hono';
import { z } from 'zod';
import { describeZodError } from '../../shared/protocol/format';
import type { Collector } from '../collector';
import { deviceTimelineFor, TIMELINE_TYPES } from '../store/device-timeline';
import { HttpError } from './errors';
import { requireStaff, sessionOf, type StaffEnv } from './staff-auth';

const Query = z.object({
  type: z.enum(TIMELINE_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** GET /api/devices/:id/timeline: board mode switches (on/off, why, by whom) and tampering. */
export function deviceTimelineRoutes(c: Collector): Hono<StaffEnv> {
  const r = new Hono<StaffEnv>();
  const timeline = deviceTimelineFor(c.store);
  r.get('/api/devices/:id/timeline', requireStaff(c.store, 'devices:read'), async (ctx) => {
    const q = Query.safeParse(ctx.req.query());
    if (!q.success) throw new HttpError(400, 'bad_request', describeZodError(q.error));
    const schoolId = sessionOf(ctx).staff.schoolId;
    const device = await c.store.getDevice(ctx.req.param('id'));
    if (!device || device.schoolId !== schoolId) throw new HttpError(404, 'not_found', 'no such device');
    const entries = await timeline({ schoolId, deviceId: device.id, types: q.data.type ? [q.data.type] : undefined, limit: q.data.limit });
    return ctx.json({ device: { id: device.id, name: device.name, boardOn: device.boardOn }, timeline: entries });
  });
  return r;
}
