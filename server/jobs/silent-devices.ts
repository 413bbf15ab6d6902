import type { LiveHub } from '../live-hub';
import type { Logger } from '../log';
import type { AlertRow, Store } from '../store/types';

/**
 * Raise an IT alert for each device silent longer than expected (seed: monitoring must not be
 * quietly switched off). One alert per silence: the key is the last time it was heard from, so a
 * device that comes back and goes quiet again raises a new one.
 */
export async function runSilentDevices(
  store: Store,
  hub: LiveHub,
  log: Logger,
  opts: { now: Date; silentAfterMs: number; isConnected: (deviceId: string) => boolean },
): Promise<AlertRow[]> {
  const raised: AlertRow[] = [];
  const seenBefore = new Date(opts.now.getTime() - opts.silentAfterMs).toISOString();
  for (const school of await store.listSchools()) {
    for (const d of await store.listSilentDevices(school.id, seenBefore)) {
      if (opts.isConnected(d.id)) continue;
      const minutes = Math.round((opts.now.getTime() - Date.parse(d.lastSeenAt!)) / 60_000);
      const alert = await store.raiseSystemAlert({
        schoolId: school.id,
        deviceId: d.id,
        key: `silent:${d.lastSeenAt}`,
        kind: 'device_silent',
        severity: 3,
        category: 'device_silent',
        context: `${d.name ?? d.id} (${d.kind}) has not reported for ${minutes} minutes; last seen ${d.lastSeenAt}${d.lastIp ? ` from ${d.lastIp}` : ''}`,
        at: opts.now.toISOString(),
      });
      if (!alert) continue;
      raised.push(alert);
      hub.publish(school.id, { type: 'alert', alert });
      hub.publish(school.id, { type: 'device', deviceId: d.id, schoolId: school.id, change: 'silent' });
      log.warn('device silent', { device: d.id, minutes });
    }
  }
  return raised;
}
