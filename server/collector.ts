import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Hono } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { CloseCode } from '../shared/protocol/messages';
import { type ClusterBus, SingleInstanceBus } from './cluster/bus';
import { type CollectorConfig, silentJobIntervalMs } from './config';
import { extensionDirOf, extensionDistribution } from './deploy/distribution';
import { publishedVersion } from './deploy/published-version';
import { DeviceSockets } from './devices/device-sockets';
import { EnrolGuard } from './devices/enrol-guard';
import { Ingest } from './devices/ingest';
import { DeviceRateLimiter } from './devices/rate-limit';
import { CollectorStats } from './devices/stats';
import { bareDashboard } from './http/bare-dashboard';
import { deviceAdminRoutes } from './http/device-admin-routes';
import { mountDashboard } from './http/dashboard-mount';
import { deviceRoutes } from './http/device-routes';
import { deviceTimelineRoutes } from './http/device-timeline-routes';
import { HttpError } from './http/errors';
import { LiveSockets } from './http/live-sockets';
import { securityHeaders } from './http/security-headers';
import { staffRoutes } from './http/staff-routes';
import { runRetention } from './jobs/retention';
import { Scheduler } from './jobs/scheduler';
import { runSilentDevices } from './jobs/silent-devices';
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
  bus: ClusterBus;
  stats: CollectorStats;
  limiter: DeviceRateLimiter;
  /** Wrong enrolment tokens per client address. */
  enrolGuard: EnrolGuard;
  ingest: Ingest;
  policy: PolicyService;
  /** The extension version this collector publishes (undefined while none is built). */
  extensionVersion: () => string | undefined;
  sockets: DeviceSockets;
  live: LiveSockets;
  jobs: Scheduler;
  app: Hono<{ Bindings: HttpBindings }>;
  /** Revoke a device everywhere: stored, its sockets closed on every instance. */
  revokeDevice(deviceId: string): Promise<boolean>;
  /** Deliver a command to a device connected to any instance. */
  sendCommand(deviceId: string, command: Parameters<DeviceSockets['sendCommand']>[1]): boolean;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

export interface CollectorOptions {
  /** Instance-to-instance messages (PostgreSQL LISTEN/NOTIFY); none for a single instance. */
  bus?: ClusterBus;
  /** The clock jobs use (tests move it forward). */
  now?: () => Date;
}

export function createCollector(config: CollectorConfig, store: Store, log: Logger, opts: CollectorOptions = {}): Collector {
  const bus = opts.bus ?? new SingleInstanceBus();
  const now = opts.now ?? (() => new Date());
  const stats = new CollectorStats();
  const hub = new LiveHub(bus);
  const limiter = new DeviceRateLimiter({
    messagesPerSec: config.DEVICE_MESSAGES_PER_SEC,
    messageBurst: config.DEVICE_MESSAGE_BURST,
    eventsPerSec: config.DEVICE_EVENTS_PER_SEC,
    eventBurst: config.DEVICE_EVENT_BURST,
  });
  const enrolGuard = new EnrolGuard({ failures: config.ENROL_FAILURES_PER_IP, windowMs: config.ENROL_FAILURE_WINDOW_SECONDS * 1000 });
  const ingest = new Ingest(store, hub, log);
  const policy = new PolicyService(store, log);
  const extensionVersion = publishedVersion(extensionDirOf(config));
  const sockets = new DeviceSockets({
    store,
    ingest,
    log,
    stats,
    limiter,
    trustProxy: config.TRUST_PROXY,
    pingIntervalMs: config.WS_PING_SECONDS * 1000,
    policyFor: (id) => policy.current(id),
    extensionVersion,
  });
  const live = new LiveSockets(store, hub, log);
  policy.onChange((schoolId, doc) => {
    const n = sockets.pushPolicy(schoolId, doc);
    bus.publish({ t: 'policy', schoolId, version: doc.version });
    log.info('policy pushed', { school: schoolId, version: doc.version, devices: n });
  });

  // What other instances tell us.
  const unsubscribeBus = bus.subscribe((msg) => {
    switch (msg.t) {
      case 'live':
        hub.deliver(msg.schoolId, msg.event);
        break;
      case 'alert-ref':
        void store.getAlert(msg.schoolId, msg.alertId).then((alert) => alert && hub.deliver(msg.schoolId, { type: 'alert', alert }));
        break;
      case 'policy':
        policy.invalidate(msg.schoolId);
        void policy.current(msg.schoolId).then((doc) => sockets.pushPolicy(msg.schoolId, doc));
        break;
      case 'command':
        sockets.sendCommand(msg.deviceId, msg.command);
        break;
      case 'revoke':
        sockets.disconnect(msg.deviceId, CloseCode.revoked, 'device revoked');
        break;
      case 'resync':
        void resync().catch((err) => log.error('cluster resync failed', { err: String(err) }));
        break;
    }
  });

  /**
   * Our bus listener was down for a while: what other instances published meanwhile is lost,
   * so re-read it from the shared store. Policy changes reach our devices, revoked devices are
   * closed, and dashboards re-fetch their lists (alerts they missed live are in the store).
   */
  async function resync(): Promise<void> {
    let pushed = 0;
    for (const schoolId of sockets.connectedSchools()) {
      policy.invalidate(schoolId);
      pushed += sockets.pushPolicy(schoolId, await policy.current(schoolId), { onlyIfBehind: true });
    }
    let revoked = 0;
    for (const deviceId of sockets.connectedDeviceIds()) {
      const device = await store.getDevice(deviceId);
      if (device && !device.revokedAt) continue;
      if (sockets.disconnect(deviceId, CloseCode.revoked, 'device revoked')) revoked++;
    }
    const dashboards = live.askToRefresh();
    stats.count('cluster.resync');
    log.info('cluster resync done', { policyPushes: pushed, revokedClosed: revoked, dashboards });
  }

  const jobs = new Scheduler(
    [
      { name: 'retention', everyMs: 6 * 3_600_000, run: () => runRetention(store, policy, log, now()) },
      {
        name: 'silent-devices',
        everyMs: silentJobIntervalMs(config.silentAfterMs),
        run: () => runSilentDevices(store, hub, log, { now: now(), silentAfterMs: config.silentAfterMs, isConnected: (id) => sockets.isConnected(id), policyFor: (id) => policy.current(id) }),
      },
    ],
    log,
  );
  if (config.JOBS) jobs.start();

  const app = new Hono<{ Bindings: HttpBindings }>();
  const collector: Collector = {
    config,
    store,
    log,
    hub,
    bus,
    stats,
    limiter,
    enrolGuard,
    ingest,
    policy,
    extensionVersion,
    sockets,
    live,
    jobs,
    app,
    async revokeDevice(deviceId) {
      const device = await store.getDevice(deviceId);
      if (!device) return false;
      const changed = await store.revokeDevice(deviceId);
      sockets.disconnect(deviceId, CloseCode.revoked, 'device revoked');
      bus.publish({ t: 'revoke', deviceId });
      hub.publish(device.schoolId, { type: 'device', deviceId, schoolId: device.schoolId, change: 'revoked' });
      return changed;
    },
    sendCommand(deviceId, command) {
      const here = sockets.sendCommand(deviceId, command);
      if (!here) bus.publish({ t: 'command', deviceId, command });
      return here;
    },
    handleUpgrade(req, socket, head) {
      const path = (req.url ?? '').split('?')[0];
      const route =
        path === '/api/v1/device/ws' ? sockets.handleUpgrade(req, socket, head) : path === '/api/live' ? live.handleUpgrade(req, socket, head) : null;
      if (!route) {
        stats.count('ws.refused.not_found');
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      route.catch((err) => {
        log.error('upgrade failed', { err: String(err) });
        socket.destroy();
      });
    },
    async close() {
      unsubscribeBus();
      await jobs.stop();
      stopDashboard();
      await sockets.close();
      live.close();
      await bus.close();
    },
  };

  app.use('*', securityHeaders());
  app.onError((err, ctx) => {
    if (err instanceof HttpError) {
      stats.count(`http.${err.status}`);
      stats.count(`http.${err.status}.${err.code}`);
      return ctx.json({ error: err.code, message: err.message }, err.status);
    }
    stats.count('http.500');
    log.error('request failed', { path: ctx.req.path, err: err instanceof Error ? err.stack : String(err) });
    return ctx.json({ error: 'server_error', message: 'the collector hit an unexpected error; it has been logged' }, 500);
  });
  app.notFound((ctx) => ctx.json({ error: 'not_found', message: `no route for ${ctx.req.method} ${ctx.req.path}` }, 404));
  app.get('/healthz', async (ctx) => ctx.json({ ok: true, store: store.kind }));
  app.route('/', deviceRoutes(collector));
  app.route('/', deviceAdminRoutes(collector) as never);
  app.route('/', staffRoutes(collector) as never);
  app.route('/', deviceTimelineRoutes(collector) as never);
  app.route('/', extensionDistribution(config));
  let stopDashboard = () => {};
  try {
    stopDashboard = mountDashboard(collector);
  } catch (err) {
    // The collector (devices, ingest, policy) keeps running; staff see the bare page.
    log.error('dashboard not available with this store', { store: store.kind, err: err instanceof Error ? err.message : String(err) });
  }
  app.route('/', bareDashboard());
  return collector;
}
