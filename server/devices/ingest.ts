import type { DeviceEvent } from '../../shared/protocol/events';
import type { AckMessage, EventsMessage } from '../../shared/protocol/messages';
import type { LiveHub } from '../live-hub';
import type { Logger } from '../log';
import type { DeviceRow, Store } from '../store/types';

/**
 * Durable, idempotent ingest of one batch. The ack lists ids only after the store has
 * committed them; a re-sent batch is acknowledged again without creating duplicates.
 */
export class Ingest {
  constructor(
    private readonly store: Store,
    private readonly hub: LiveHub,
    private readonly log: Logger,
  ) {}

  async handle(device: DeviceRow, msg: EventsMessage, ip: string | null): Promise<AckMessage> {
    const receivedAt = new Date().toISOString();
    const heartbeats: Extract<DeviceEvent, { type: 'heartbeat' }>[] = [];
    const durable: DeviceEvent[] = [];
    for (const e of msg.events) (e.type === 'heartbeat' ? heartbeats : durable).push(e as never);

    // Only the newest heartbeat matters: it is device state, not history. It is written in
    // its own group alongside the events (both awaited before the ack).
    const latest = heartbeats.sort((a, b) => a.at.localeCompare(b.at)).at(-1);
    const seen = latest
      ? this.store.recordHeartbeat({
          deviceId: device.id,
          at: receivedAt,
          version: latest.version,
          policyVersion: latest.policyVersion,
          boardOn: latest.board.on,
          user: latest.user,
          ip,
        })
      : this.store.touchDevice(device.id, receivedAt, ip);
    const [result] = await Promise.all([
      durable.length ? this.store.ingest({ schoolId: device.schoolId, deviceId: device.id, ip, receivedAt }, durable) : { stored: [], newAlerts: [] },
      seen,
    ]);

    for (const alert of result.newAlerts) {
      this.hub.publish(device.schoolId, { type: 'alert', alert });
      // Tampering is also a device-health change for IT's device list.
      if (alert.kind === 'tamper') this.hub.publish(device.schoolId, { type: 'device', deviceId: device.id, schoolId: device.schoolId, change: 'tamper' });
    }
    if (result.newAlerts.length) this.log.info('alerts stored', { device: device.id, count: result.newAlerts.length });
    return {
      v: 1,
      type: 'ack',
      batchId: msg.batchId,
      stored: [...result.stored, ...heartbeats.map((h) => h.id)],
      rejected: [],
    };
  }
}
