import { schoolTimeBetween } from '../../shared/policy/school-hours';
import type { PolicyDocument } from '../../shared/policy/schema';
import type { LiveHub } from '../live-hub';
import type { Logger } from '../log';
import type { AlertRow, Store } from '../store/types';

/**
 * Raise an IT alert for each device silent longer than expected (seed: monitoring must not be
 * quietly switched off). One alert per silence: the key is the last time it was heard from, so a
 * device that comes back and goes quiet again raises a new one. Only school hours count (the
 * school's policy; null = always): a laptop put away at 15:30 is not silent, one that stays
 * off for two hours of a school day is.
 */
export async function runSilentDevices(
  store: Store,
  hub: LiveHub,
  log: Logger,
  opts: { now: Date; silentAfterMs: number; isConnected: (deviceId: string) => boolean; policyFor: (schoolId: string) => Promise<PolicyDocument> },
): Promise<AlertRow[]> {
  const raised: AlertRow[] = [];
  const seenBefore = new Date(opts.now.getTime() - opts.silentAfterMs).toISOString();
  for (const school of await store.listSchools()) {
    const silent = await store.listSilentDevices(school.id, seenBefore);
    if (!silent.length) continue;
    const hours = (await opts.policyFor(school.id)).schoolHours;
    for (const d of silent) {
      if (opts.isConnected(d.id)) continue;
      const schoolMs = schoolTimeBetween(Date.parse(d.lastSeenAt!), opts.now.getTime(), hours);
      if (schoolMs < opts.silentAfterMs) continue;
      const minutes = Math.round(schoolMs / 60_000);
      const alert = await store.raiseSystemAlert({
        schoolId: school.id,
        deviceId: d.id,
        key: `silent:${d.lastSeenAt}`,
        kind: 'device_silent',
        severity: 3,
        category: 'device_silent',
        context: `${d.name ?? d.id} (${d.kind}) has not reported for ${minutes} minutes${hours ? ' of school hours' : ''}; last seen ${d.lastSeenAt}${d.lastIp ? ` from ${d.lastIp}` : ''}`,
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
