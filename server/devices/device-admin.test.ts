import type { PolicyDocument } from '../../shared/policy/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceEvent } from '../../shared/protocol/events';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../../test/support/collector-process';
import { DeviceClient, enrol } from '../../test/support/device-client';
import { startCollector, type RunningCollector } from '../../test/support/in-process-collector';
import { openLive } from '../../test/support/live-client';
import { StaffClient } from '../../test/support/staff-client';
import { waitFor } from '../../test/support/wait';
import { hashPassword } from '../security/secrets';

let seq = 0;
const alert = (over: Partial<DeviceEvent> = {}): DeviceEvent =>
  ({
    id: `adm-${Date.now()}-${++seq}`,
    at: new Date().toISOString(),
    type: 'keyword_alert',
    term: 'hate you',
    category: 'bullying',
    severity: 3,
    context: 'i hate you',
    matchStart: 2,
    matchEnd: 10,
    source: 'input',
    ...over,
  }) as DeviceEvent;

const enrolStatus = async (url: string, token: string) =>
  (
    await fetch(`${url}/api/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ v: 1, token, kind: 'agent', version: '1.0.0' }),
    })
  ).status;

describe('collector administration over real HTTP', () => {
  let c: RunningCollector;
  let clock = Date.now();
  let dsl: StaffClient;
  let it_: StaffClient;
  let teacher: StaffClient;
  beforeAll(async () => {
    c = await startCollector({ now: () => new Date(clock) });
    const mk = async (role: 'it' | 'teacher', email: string) => {
      await c.collector.store.createStaff({ id: `stf_${role}`, schoolId: c.first.schoolId, email, name: role, role, passwordHash: await hashPassword('a-long-test-password') });
      return new StaffClient(c.url).signIn(email, 'a-long-test-password');
    };
    dsl = await new StaffClient(c.url).signIn(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    it_ = await mk('it', 'it@school.invalid');
    teacher = await mk('teacher', 'teacher@school.invalid');
  }, 60_000); // six scrypt hashes (N=2^17) on a busy machine
  afterAll(() => c.stop());

  it('creates an enrolment token shown once, enrols with it, and refuses it after revocation', async () => {
    const created = await it_.api('POST', '/api/collector/enrolment-tokens', { label: 'Year 5 laptops' });
    expect(created.token.length).toBeGreaterThanOrEqual(32);
    const listed = await it_.api('GET', '/api/collector/enrolment-tokens');
    const row = listed.tokens.find((t: { id: string }) => t.id === created.id);
    expect(row).toMatchObject({ label: 'Year 5 laptops', revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(await enrolStatus(c.url, created.token)).toBe(201);
    expect((await it_.api('POST', `/api/collector/enrolment-tokens/${created.id}/revoke`)).revoked).toBe(true);
    expect(await enrolStatus(c.url, created.token)).toBe(403);
    expect((await teacher.raw('POST', '/api/collector/enrolment-tokens', { label: 'x' })).status).toBe(403);
    expect((await it_.raw('POST', '/api/collector/enrolment-tokens', { label: '' })).status).toBe(400);
  });

  it('revokes a device: its open socket closes with 4403 and it can neither reconnect nor post', async () => {
    const creds = await enrol(c.url);
    const d = await new DeviceClient(c.url, creds).open();
    expect((await it_.api('POST', `/api/collector/devices/${creds.deviceId}/revoke`)).revoked).toBe(true);
    await waitFor('socket closed', () => d.closeCode !== null, 5000);
    expect(d.closeCode).toBe(4403);
    await expect(new DeviceClient(c.url, creds).open()).rejects.toThrow(/403/);
    const res = await fetch(`${c.url}/api/v1/device/policy`, { headers: { authorization: `Bearer ${creds.deviceId}.${creds.secret}` } });
    expect(res.status).toBe(403);
    expect((await it_.raw('POST', '/api/collector/devices/dev_nobody/revoke')).status).toBe(404);
  });

  it('moves a device to another group and sends it the policy with that group at once', async () => {
    const d = await new DeviceClient(c.url, await enrol(c.url)).open();
    const policy = await c.collector.policy.current(d.creds.schoolId);
    const group = Object.keys(policy.groups).find((g) => g !== 'pupil')!;
    await it_.api('PUT', `/api/collector/devices/${d.creds.deviceId}/group`, { group });
    expect((await d.next('policy', (m) => m.group === group)).group).toBe(group);
    expect((await c.collector.store.getDevice(d.creds.deviceId))?.group).toBe(group);
    expect((await it_.raw('PUT', `/api/collector/devices/${d.creds.deviceId}/group`, { group: 'no-such-group' })).status).toBe(422);
    d.close();
  });

  it('suspends a user as a versioned policy change with who and why, pushed to devices, and lifts it', async () => {
    const d = await new DeviceClient(c.url, await enrol(c.url)).open();
    const before = await c.collector.policy.current(d.creds.schoolId);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const res = await dsl.api('POST', '/api/collector/suspensions', { user: 'pupil7@school.example', until, reason: 'Repeated attempts to reach blocked sites' });
    expect(res.version).toBe(before.version + 1);
    const pushed = await d.next('policy', (m) => m.policy.version === before.version + 1);
    expect(pushed.policy.suspensions).toContainEqual({ user: 'pupil7@school.example', until, reason: 'Repeated attempts to reach blocked sites' });
    const [latest] = await c.collector.store.listPolicyVersions(d.creds.schoolId, 1);
    expect(latest).toMatchObject({ createdBy: TEST_ADMIN_EMAIL, reason: expect.stringMatching(/Suspend pupil7@school.example until .*Repeated attempts/) });
    expect((await dsl.raw('POST', '/api/collector/suspensions', { user: 'x', until: '2000-01-01T00:00:00Z', reason: 'r' })).status).toBe(422);
    expect((await teacher.raw('POST', '/api/collector/suspensions', { user: 'x', until, reason: 'r' })).status).toBe(403);
    await dsl.api('POST', '/api/collector/suspensions/lift', { user: 'pupil7@school.example', reason: 'Spoke with parents' });
    const lifted = await d.next('policy', (m) => m.policy.version === before.version + 2);
    expect(lifted.policy.suspensions.some((s) => s.user === 'pupil7@school.example')).toBe(false);
    d.close();
  });

  it('raises one IT alert for a device that went silent, shown live on the dashboard', async () => {
    const live = await openLive(c.url, dsl.cookie);
    const creds = await enrol(c.url, { name: 'Y6-laptop-3' });
    const d = await new DeviceClient(c.url, creds).open();
    await d.sendEvents([alert()]);
    d.close();
    await waitFor('disconnected', () => !c.collector.sockets.isConnected(creds.deviceId), 5000);
    clock = Date.now() + 3 * 3_600_000;
    // Three hours of wall time, but school hours are one minute a day: not silent yet.
    const withHours = async (schoolHours: PolicyDocument['schoolHours'], reason: string) => {
      const doc = structuredClone(await c.collector.policy.current(creds.schoolId));
      await c.collector.policy.update(creds.schoolId, { ...doc, schoolHours }, { by: 'it@school', reason });
    };
    await withHours({ timeZone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6], start: '03:00', end: '03:01', closed: [] }, 'one-minute school day');
    const during = (await c.collector.jobs.runNow('silent-devices')) as { deviceId: string }[];
    expect(during.filter((a) => a.deviceId === creds.deviceId)).toHaveLength(0);
    // Open all day every day, but the school is shut for a holiday around now: not silent either.
    const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const holiday = [{ from: date(Date.now() - 86_400_000), to: date(clock + 86_400_000), label: 'Half term' }];
    await withHours({ timeZone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '23:59', closed: holiday }, 'half term');
    const holidays = (await c.collector.jobs.runNow('silent-devices')) as { deviceId: string }[];
    expect(holidays.filter((a) => a.deviceId === creds.deviceId)).toHaveLength(0);
    await withHours(null, 'count every hour');
    const raised = (await c.collector.jobs.runNow('silent-devices')) as { deviceId: string; context: string }[];
    const mine = raised.filter((a) => a.deviceId === creds.deviceId);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.context).toMatch(/Y6-laptop-3 \(extension\) has not reported for 1[89]\d minutes/);
    await waitFor('live alert', () => live.messages.some((m) => m.type === 'alert' && m.alert.kind === 'device_silent' && m.alert.deviceId === creds.deviceId), 5000);
    const again = (await c.collector.jobs.runNow('silent-devices')) as { deviceId: string }[];
    expect(again.filter((a) => a.deviceId === creds.deviceId)).toHaveLength(0);
    live.ws.close();
    clock = Date.now();
  });

  it('purges alerts older than the school retention period with the scheduled job, and keeps newer ones', async () => {
    const d = await new DeviceClient(c.url, await enrol(c.url)).open();
    await d.sendEvents([alert(), alert()]);
    const alertsOf = async () => (await dsl.api('GET', `/api/alerts?deviceId=${d.creds.deviceId}`)).alerts as unknown[];
    expect(await alertsOf()).toHaveLength(2);
    const { retentionDays } = await c.collector.policy.current(d.creds.schoolId);
    clock = Date.now() + (retentionDays - 1) * 86_400_000;
    await c.collector.jobs.runNow('retention');
    expect(await alertsOf()).toHaveLength(2);
    clock = Date.now() + (retentionDays + 1) * 86_400_000;
    const purged = (await c.collector.jobs.runNow('retention')) as Record<string, { alerts: number; events: number }>;
    expect(purged[d.creds.schoolId]!.alerts).toBeGreaterThanOrEqual(2);
    expect(await alertsOf()).toHaveLength(0);
    clock = Date.now();
    d.close();
  });

  it("deletes a leaver's data on request (DSL only, with confirmation)", async () => {
    const d = await new DeviceClient(c.url, await enrol(c.url, { user: 'leaver@school.example' })).open();
    await d.sendEvents([alert({ user: 'leaver@school.example' }), alert({ user: 'stays@school.example' })]);
    expect((await dsl.raw('POST', '/api/collector/leavers', { user: 'leaver@school.example' })).status).toBe(400);
    expect((await it_.raw('POST', '/api/collector/leavers', { user: 'leaver@school.example', confirm: true })).status).toBe(403);
    const res = await dsl.api('POST', '/api/collector/leavers', { user: 'leaver@school.example', confirm: true });
    expect(res.deleted).toEqual({ alerts: 1, events: 1, devices: 1, notes: 0, roster: 0 });
    const left = (await dsl.api('GET', `/api/alerts?deviceId=${d.creds.deviceId}`)).alerts as { user: string }[];
    expect(left.map((a) => a.user)).toEqual(['stays@school.example']);
    d.close();
  });

  it('shows refusal counters to staff who may see devices, and to nobody else', async () => {
    await fetch(`${c.url}/api/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    const stats = await it_.api('GET', '/api/collector/stats');
    expect(stats.store).toBe('sqlite');
    expect(stats.counters['http.400.malformed_json']).toBeGreaterThanOrEqual(1);
    expect(stats.counters['ws.refused']).toBeGreaterThanOrEqual(1);
    expect((await fetch(`${c.url}/api/collector/stats`)).status).toBe(401);
    await c.collector.store.createStaff({ id: 'stf_gov', schoolId: c.first.schoolId, email: 'gov@school.invalid', name: 'gov', role: 'governor', passwordHash: await hashPassword('a-long-test-password') });
    const gov = await new StaffClient(c.url).signIn('gov@school.invalid', 'a-long-test-password');
    expect((await gov.raw('GET', '/api/collector/stats')).status).toBe(403);
  });
});
