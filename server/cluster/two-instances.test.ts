import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceEvent } from '../../shared/protocol/events';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../../test/support/collector-process';
import { DeviceClient, enrol } from '../../test/support/device-client';
import { startCollector, type RunningCollector } from '../../test/support/in-process-collector';
import { createPgSchema, PG_BASE_URL, pgUnavailableReason, type PgTestSchema } from '../../test/support/pg';
import { openLive } from '../../test/support/live-client';
import { StaffClient } from '../../test/support/staff-client';
import { waitFor } from '../../test/support/wait';
import { openPgStore } from '../store/pg';
import type { PgBus } from './pg-bus';

const pgReason = await pgUnavailableReason();

/** Two collector instances behind a (notional) load balancer, one PostgreSQL database. */
describe.skipIf(!!pgReason)('two collector instances sharing PostgreSQL', () => {
  let schema: PgTestSchema;
  let a: RunningCollector;
  let b: RunningCollector;
  beforeAll(async () => {
    schema = await createPgSchema();
    a = await startCollector({ store: openPgStore(schema.url) });
    b = await startCollector({ store: openPgStore(schema.url) });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await schema?.drop();
  });

  it('shows an alert sent to instance A on a dashboard connected to instance B', async () => {
    const staff = await new StaffClient(b.url).signIn(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    const live = await openLive(b.url, staff.cookie);
    const d = await new DeviceClient(a.url, await enrol(a.url)).open();
    const e = {
      id: `two-${Date.now()}`,
      at: new Date().toISOString(),
      type: 'concern',
      message: 'someone at school is scaring me',
    } as DeviceEvent;
    await d.sendEvents([e]);
    const got = await waitFor('alert on B', () => live.messages.find((m) => m.type === 'alert' && m.alert.eventId === e.id), 5000);
    expect(got.alert).toMatchObject({ kind: 'concern', context: 'someone at school is scaring me', deviceId: d.creds.deviceId });
    live.ws.close();
    d.close();
  });

  it('delivers an alert too large for one NOTIFY by reference, read from the shared store', async () => {
    const staff = await new StaffClient(b.url).signIn(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    const live = await openLive(b.url, staff.cookie);
    const d = await new DeviceClient(a.url, await enrol(a.url)).open();
    const e = { id: `big-${Date.now()}`, at: new Date().toISOString(), type: 'concern', message: 'é'.repeat(2000), url: `https://example.org/${'a'.repeat(4000)}` } as DeviceEvent;
    await d.sendEvents([e]);
    const got = await waitFor('big alert on B', () => live.messages.find((m) => m.type === 'alert' && m.alert.eventId === e.id), 5000);
    expect(got.alert.context).toBe('é'.repeat(2000));
    live.ws.close();
    d.close();
  });

  it('pushes a policy changed on B to a device connected to A, and two instances saving one version at once cannot both win', async () => {
    const d = await new DeviceClient(a.url, await enrol(a.url)).open();
    const current = await b.collector.policy.current(d.creds.schoolId);
    d.send({ v: 1, type: 'hello', kind: 'extension', version: '1', policyVersion: current.version });
    await new Promise((r) => setTimeout(r, 100));
    const next = structuredClone(current);
    next.groups.pupil!.search.engine = 'kidrex';
    await b.collector.policy.update(d.creds.schoolId, next, { by: 'it@school', reason: 'KidRex trial' });
    const pushed = await d.next('policy', (m) => m.policy.version === current.version + 1);
    expect(pushed.policy.groups.pupil!.search.engine).toBe('kidrex');
    expect((await a.collector.policy.current(d.creds.schoolId)).version).toBe(current.version + 1);
    // Both instances saving the same next version: exactly one wins, the other is refused.
    const v = current.version + 2;
    const row = (by: string) => ({ schoolId: d.creds.schoolId, version: v, doc: { ...next, version: v }, createdAt: new Date().toISOString(), createdBy: by, reason: by });
    const both = await Promise.allSettled([a.collector.store.savePolicy(row('a')), b.collector.store.savePolicy(row('b'))]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(String((both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toMatch(/policy version conflict/);
    d.close();
  });

  it('closes a device socket on A when the device is revoked through B', async () => {
    const d = await new DeviceClient(a.url, await enrol(a.url)).open();
    expect(await b.collector.revokeDevice(d.creds.deviceId)).toBe(true);
    await waitFor('socket closed on A', () => d.closeCode !== null, 5000);
    expect(d.closeCode).toBe(4403);
  });

  it('routes a staff command through B to a device connected to A', async () => {
    const d = await new DeviceClient(a.url, await enrol(a.url)).open();
    expect(b.collector.sendCommand(d.creds.deviceId, { kind: 'sync' })).toBe(false);
    const cmd = await d.next('command');
    expect(cmd.command).toEqual({ kind: 'sync' });
    d.close();
  });

  it('after its bus connection is cut, B catches up from the store: a policy and a revocation published meanwhile, and dashboards told to refresh', async () => {
    const onB = await new DeviceClient(b.url, await enrol(b.url)).open();
    const revokedOnB = await new DeviceClient(b.url, await enrol(b.url)).open();
    const current = await b.collector.policy.current(onB.creds.schoolId);
    onB.send({ v: 1, type: 'hello', kind: 'extension', version: '1', policyVersion: current.version });
    await onB.next('policy');
    const staff = await new StaffClient(b.url).signIn(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    const live = await openLive(b.url, staff.cookie);

    const busB = b.collector.bus as PgBus;
    const pid = await busB.listenerPid();
    expect(pid).toBeGreaterThan(0);
    const admin = new pg.Client({ connectionString: PG_BASE_URL });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await waitFor("B's bus to notice its connection is gone", () => !busB.listening || null, 5000);
    // While B is deaf (it retries after 1 s), A changes the policy and revokes a device.
    const next = structuredClone(current);
    next.groups.pupil!.search.engine = 'kidzsearch';
    await a.collector.policy.update(onB.creds.schoolId, next, { by: 'it@school', reason: 'missed while B was deaf' });
    expect(await a.collector.revokeDevice(revokedOnB.creds.deviceId)).toBe(true);
    expect(busB.listening).toBe(false);

    const pushed = await onB.next('policy', (m) => m.policy.groups.pupil!.search.engine === 'kidzsearch');
    expect(pushed.policy.version).toBeGreaterThan(current.version);
    await waitFor('the revoked device closed on B', () => revokedOnB.closeCode !== null, 5000);
    expect(revokedOnB.closeCode).toBe(4403);
    await waitFor('the dashboard on B told to refresh', () => live.messages.some((m) => m.type === 'resync') || null, 5000);
    expect(b.collector.stats.snapshot()['cluster.resync']).toBe(1);
    live.ws.close();
    onB.close();
    await admin.end();
  });
});
