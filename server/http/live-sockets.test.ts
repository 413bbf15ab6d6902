import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../../test/support/collector-process';
import { DeviceClient, enrol } from '../../test/support/device-client';
import { startCollector, type RunningCollector } from '../../test/support/in-process-collector';
import { openLive } from '../../test/support/live-client';
import { StaffClient } from '../../test/support/staff-client';
import { waitFor } from '../../test/support/wait';
import { keywordEvent } from '../store/store-contract';

/**
 * A staff member's live feed follows their account: a role that may no longer read alerts stops
 * receiving them, and a removed account's socket is closed — not only their next HTTP request.
 */
describe('live dashboard sockets follow role changes and removed accounts', () => {
  let run: RunningCollector;
  let admin: StaffClient;
  let device: DeviceClient;

  beforeAll(async () => {
    run = await startCollector();
    admin = await new StaffClient(run.url).signIn(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    device = await new DeviceClient(run.url, await enrol(run.url, { name: 'Y6-01' })).open();
  });
  afterAll(async () => {
    device.close();
    await run.stop();
  });

  it('stops alerts to a demoted member of staff and closes a removed one', async () => {
    const password = 'three random words here';
    const { staff } = await admin.api<{ staff: { id: string } }>('POST', '/api/dashboard/staff', {
      email: 'deputy@school.example',
      name: 'Deputy DSL',
      role: 'dsl',
      password,
    });
    const deputy = await new StaffClient(run.url).signIn('deputy@school.example', password);
    const live = await openLive(run.url, deputy.cookie);
    const alerts = () => live.messages.filter((m) => m.type === 'alert').length;

    await device.sendEvents([keywordEvent()]);
    await waitFor('the first alert on the deputy DSL live feed', () => alerts() === 1);

    await admin.api('PATCH', `/api/dashboard/staff/${staff.id}`, { role: 'governor' });
    await run.collector.live.revalidate();
    await device.sendEvents([keywordEvent()]);
    // The admin's own view proves the second alert was stored and published.
    await waitFor('the second alert stored', async () => (await admin.api<{ alerts: unknown[] }>('GET', '/api/alerts')).alerts.length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(alerts()).toBe(1);

    const closed = new Promise<number>((r) => live.ws.once('close', (code) => r(code)));
    await admin.api('DELETE', `/api/dashboard/staff/${staff.id}`);
    await run.collector.live.revalidate();
    expect(await closed).toBe(4401);
  });
});
