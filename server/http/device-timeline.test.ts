import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomId } from '../../shared/outbox/outbox';
import type { DeviceEvent } from '../../shared/protocol/events';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../../test/support/collector-process';
import { DeviceClient, enrol } from '../../test/support/device-client';
import { startCollector, type RunningCollector } from '../../test/support/in-process-collector';
import { createPgSchema, pgUnavailableReason, type PgTestSchema } from '../../test/support/pg';
import { StaffClient } from '../../test/support/staff-client';
import { deviceTimelineFor } from '../store/device-timeline';
import { openPgStore } from '../store/pg';

const boardChange = (on: boolean, at: string, by: string): DeviceEvent => ({
  id: randomId(),
  at,
  type: 'board_change',
  on,
  reason: on ? 'display' : 'teacher',
  by,
});

function timelineSuite(name: string, start: () => Promise<{ running: RunningCollector; cleanup?: () => Promise<void> }>): void {
  describe(`device timeline API (${name})`, () => {
    let running: RunningCollector;
    let cleanup: (() => Promise<void>) | undefined;
    let staff: StaffClient;
    let device: DeviceClient;

    beforeAll(async () => {
      ({ running, cleanup } = await start());
      staff = await new StaffClient(running.url).signIn(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
      device = await new DeviceClient(running.url, await enrol(running.url, { name: 'Class-4-Board' })).open();
    });
    afterAll(async () => {
      device?.close();
      await running?.stop();
      await cleanup?.();
    });

    it('lists board switches newest first with on/off, why and by whom, and no pupil text', async () => {
      await device.sendEvents([
        boardChange(true, '2026-11-23T09:00:00.000Z', 'display'),
        boardChange(false, '2026-11-23T09:40:00.000Z', 'Mrs Patel'),
        { id: randomId(), at: '2026-11-23T09:10:00.000Z', type: 'keyword_alert', term: 'kill myself', category: 'suicide', severity: 5, context: 'i want to kill myself', matchStart: 10, matchEnd: 21, source: 'input' },
      ]);
      const r = await staff.api<{ device: { name: string }; timeline: { type: string; at: string; detail: Record<string, unknown> }[] }>('GET', `/api/devices/${device.creds.deviceId}/timeline`);
      expect(r.device.name).toBe('Class-4-Board');
      expect(r.timeline.map((e) => [e.type, e.at, e.detail])).toEqual([
        ['board_change', '2026-11-23T09:40:00.000Z', { on: false, reason: 'teacher', by: 'Mrs Patel' }],
        ['board_change', '2026-11-23T09:00:00.000Z', { on: true, reason: 'display', by: 'display' }],
      ]);
      expect(JSON.stringify(r)).not.toContain('kill myself');
    });

    it('refuses anonymous callers, unknown devices and bad filters clearly', async () => {
      expect((await fetch(`${running.url}/api/devices/${device.creds.deviceId}/timeline`)).status).toBe(401);
      const missing = await staff.raw('GET', '/api/devices/dev_nope/timeline');
      expect(missing.status).toBe(404);
      const bad = await staff.raw('GET', `/api/devices/${device.creds.deviceId}/timeline?type=keyword_alert`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toMatch(/type/);
    });
  });
}

timelineSuite('sqlite', async () => ({ running: await startCollector() }));

/** The query itself on PostgreSQL (the full collector's PostgreSQL mode is tested by its owners). */
const pgReason = await pgUnavailableReason();
describe.skipIf(!!pgReason)('device timeline query (postgres)', () => {
  it('returns the same entries as on SQLite', async () => {
    const schema: PgTestSchema = await createPgSchema();
    const store = openPgStore(schema.url);
    try {
      await store.migrate();
      await store.ensureSchool('s1', 'School');
      const ctx = { schoolId: 's1', deviceId: 'dev_1', ip: null, receivedAt: '2026-11-23T10:00:00.000Z' };
      await store.ingest(ctx, [boardChange(true, '2026-11-23T09:00:00.000Z', 'display'), boardChange(false, '2026-11-23T09:40:00.000Z', 'Mrs Patel')]);
      const entries = await deviceTimelineFor(store)({ schoolId: 's1', deviceId: 'dev_1' });
      expect(entries.map((e) => [e.type, e.at, e.detail])).toEqual([
        ['board_change', '2026-11-23T09:40:00.000Z', { on: false, reason: 'teacher', by: 'Mrs Patel' }],
        ['board_change', '2026-11-23T09:00:00.000Z', { on: true, reason: 'display', by: 'display' }],
      ]);
      expect(await deviceTimelineFor(store)({ schoolId: 's2', deviceId: 'dev_1' })).toEqual([]);
    } finally {
      await store.close();
      await schema.drop();
    }
  });
});
