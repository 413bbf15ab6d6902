import { Hono } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { describeZodError } from '../../shared/protocol/format';
import { EnrolRequest, EventsMessage } from '../../shared/protocol/messages';
import { authenticateDevice, enrolDevice, parseBearer } from '../devices/enrol';
import type { Collector } from '../collector';
import { clientIp } from './client-ip';
import { HttpError } from './errors';
import { readJson } from './read-json';

/** Device-facing HTTP: enrolment, and the HTTPS batch fallback when a WebSocket cannot be held open. */
export function deviceRoutes(c: Collector): Hono<{ Bindings: HttpBindings }> {
  const r = new Hono<{ Bindings: HttpBindings }>();

  r.post('/api/v1/enrol', async (ctx) => {
    const body = await readJson(ctx);
    const v = (body as { v?: unknown } | null)?.v;
    if (typeof v === 'number' && v !== 1) {
      throw new HttpError(426, 'unsupported_version', `protocol version ${v} is not supported by this collector; update it or the device`);
    }
    const parsed = EnrolRequest.safeParse(body);
    if (!parsed.success) throw new HttpError(400, 'bad_request', describeZodError(parsed.error));
    const ip = clientIp(ctx.env.incoming, c.config.TRUST_PROXY);
    const allowed = c.enrolGuard.check(ip);
    if (!allowed.ok) {
      c.stats.count('enrol.rate_limited');
      const seconds = Math.ceil(allowed.retryAfterMs / 1000);
      ctx.header('Retry-After', String(seconds));
      throw new HttpError(429, 'enrol_rate_limited', `too many wrong enrolment tokens from this address; try again in ${seconds} s`);
    }
    const { response, device } = await enrolDevice(c.store, parsed.data).catch((err: unknown) => {
      if (err instanceof HttpError && err.status === 401) {
        c.stats.count('enrol.bad_token');
        c.enrolGuard.fail(ip);
        if (!c.enrolGuard.check(ip).ok) c.log.warn('enrolment refused: too many wrong tokens from one address', { ip });
      }
      throw err;
    });
    c.stats.count('enrol.ok');
    c.hub.publish(device.schoolId, { type: 'device', deviceId: device.id, schoolId: device.schoolId, change: 'enrolled' });
    c.log.info('device enrolled', { device: device.id, kind: device.kind, school: device.schoolId });
    return ctx.json(response, 201);
  });

  const deviceFrom = async (authorization: string | undefined) => {
    const { deviceId, secret } = parseBearer(authorization);
    const auth = await authenticateDevice(c.store, deviceId, secret);
    if (!auth.ok) {
      throw auth.reason === 'revoked'
        ? new HttpError(403, 'revoked', 'device revoked: re-enrol with a current enrolment token')
        : new HttpError(401, 'unauthenticated', 'device not authenticated');
    }
    return auth.device;
  };

  r.post('/api/v1/device/events', async (ctx) => {
    const device = await deviceFrom(ctx.req.header('authorization'));
    const body = await readJson(ctx);
    const v = (body as { v?: unknown } | null)?.v;
    if (typeof v === 'number' && v !== 1) {
      throw new HttpError(426, 'unsupported_version', `protocol version ${v} is not supported by this collector; update it or the device`);
    }
    const parsed = EventsMessage.safeParse(body);
    if (!parsed.success) throw new HttpError(400, 'bad_request', describeZodError(parsed.error));
    const allowed = c.limiter.take(device.id, parsed.data.events.length);
    if (!allowed.ok) {
      c.stats.count('http.rate_limited');
      ctx.header('Retry-After', String(Math.ceil(allowed.retryAfterMs / 1000)));
      throw new HttpError(429, 'rate_limited', `too many messages from this device; retry in ${allowed.retryAfterMs} ms`);
    }
    c.stats.count('ingest.batches');
    c.stats.count('ingest.events_received', parsed.data.events.length);
    const ack = await c.ingest.handle(device, parsed.data, clientIp(ctx.env.incoming, c.config.TRUST_PROXY));
    return ctx.json(ack);
  });

  r.get('/api/v1/device/policy', async (ctx) => {
    const device = await deviceFrom(ctx.req.header('authorization'));
    const policy = await c.policy.current(device.schoolId);
    return ctx.json({ v: 1, type: 'policy', policy, group: device.group ?? undefined, extensionVersion: c.extensionVersion() });
  });

  return r;
}
