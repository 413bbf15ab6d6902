import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Hono } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { CollectorConfig } from './config';
import { DeviceSockets } from './devices/device-sockets';
import { Ingest } from './devices/ingest';
import { bareDashboard } from './http/bare-dashboard';
import { deviceRoutes } from './http/device-routes';
import { HttpError } from './http/errors';
import { LiveSockets } from './http/live-sockets';
import { securityHeaders } from './http/security-headers';
import { staffRoutes } from './http/staff-routes';
import { LiveHub } from './live-hub';
import type { Logger } from './log';
import { PolicyService } from './policy/policy-service';
import type { Store } from './store/types';

/**
 * The collector's parts wired together, without listening on anything: `main.ts` listens,
 * tests start it on an ephemeral port. (fastify/demo, Hono: createApp separate from listen.)
 */
export interface Collector {
  config: CollectorConfig;
  store: Store;
  log: Logger;
  hub: LiveHub;
  ingest: Ingest;
  policy: PolicyService;
  sockets: DeviceSockets;
  live: LiveSockets;
  app: Hono<{ Bindings: HttpBindings }>;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

export function createCollector(config: CollectorConfig, store: Store, log: Logger): Collector {
  const hub = new LiveHub();
  const ingest = new Ingest(store, hub, log);
  const policy = new PolicyService(store);
  const sockets = new DeviceSockets({ store, ingest, log, trustProxy: config.TRUST_PROXY, policyFor: (id) => policy.current(id) });
  const live = new LiveSockets(store, hub, log);
  policy.onChange((schoolId, doc) => {
    const n = sockets.pushPolicy(schoolId, doc);
    log.info('policy pushed', { school: schoolId, version: doc.version, devices: n });
  });

  const app = new Hono<{ Bindings: HttpBindings }>();
  const collector: Collector = {
    config,
    store,
    log,
    hub,
    ingest,
    policy,
    sockets,
    live,
    app,
    handleUpgrade(req, socket, head) {
      const path = (req.url ?? '').split('?')[0];
      const route =
        path === '/api/v1/device/ws' ? sockets.handleUpgrade(req, socket, head) : path === '/api/live' ? live.handleUpgrade(req, socket, head) : null;
      if (!route) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      route.catch((err) => {
        log.error('upgrade failed', { err: String(err) });
        socket.destroy();
      });
    },
    async close() {
      await sockets.close();
      live.close();
    },
  };

  app.use('*', securityHeaders());
  app.onError((err, ctx) => {
    if (err instanceof HttpError) return ctx.json({ error: err.code, message: err.message }, err.status);
    log.error('request failed', { path: ctx.req.path, err: err instanceof Error ? err.stack : String(err) });
    return ctx.json({ error: 'server_error', message: 'the collector hit an unexpected error; it has been logged' }, 500);
  });
  app.notFound((ctx) => ctx.json({ error: 'not_found', message: `no route for ${ctx.req.method} ${ctx.req.path}` }, 404));
  app.get('/healthz', async (ctx) => ctx.json({ ok: true, store: store.kind }));
  app.route('/', deviceRoutes(collector));
  app.route('/', staffRoutes(collector) as never);
  app.route('/', bareDashboard());
  return collector;
}
