import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../shared/policy/defaults';
import type { DeviceEvent } from '../../shared/protocol/events';
import { PolicyVersionConflict, type Store } from './types';
import { sampleKeywordAlert } from '../../test/support/sample-events';

export interface ContractTarget {
  store: Store;
  cleanup(): Promise<void>;
}

let seq = 0;
const id = (p: string) => `${p}-${Date.now().toString(36)}-${(++seq).toString().padStart(4, '0')}`;

export const keywordEvent = (over: Partial<DeviceEvent> = {}): DeviceEvent =>
  sampleKeywordAlert({ id: id('evt'), user: 'pupil1@school.example', ...over });

export const blockedEvent = (): DeviceEvent => ({ id: id('blk'), at: new Date().toISOString(), type: 'blocked', url: 'https://bad.example/', rule: 'policy' });

/**
 * The behaviour every Store implementation must have. Run against SQLite (temp file) and
 * PostgreSQL (a fresh schema) from store-contract.test.ts; other areas add their own suites.
 */
export function storeContract(name: string, open: () => Promise<ContractTarget>): void {
  describe(`store contract: ${name}`, () => {
    let t: ContractTarget;
    let s: Store;
    const school = 'school-a';
    const ctx = (deviceId: string) => ({ schoolId: school, deviceId, ip: '10.0.0.5', receivedAt: new Date().toISOString() });
    const newDevice = async (over: Record<string, string> = {}) =>
      s.createDevice({ id: id('dev'), schoolId: school, secretHash: 'hash-' + id('h'), kind: 'extension', version: '1.0.0', ...over });

    beforeAll(async () => {
      t = await open();
      s = t.store;
      await s.migrate();
      await s.migrate(); // a second run is a no-op
      await s.ensureSchool(school, 'School A');
    });
    afterAll(async () => t?.cleanup());

    it('ensures schools idempotently and lists them', async () => {
      const again = await s.ensureSchool(school, 'Renamed');
      expect(again.name).toBe('School A');
      await s.ensureSchool('school-b', 'School B');
      expect((await s.listSchools()).map((x) => x.id)).toEqual(expect.arrayContaining([school, 'school-b']));
    });

    it('creates, finds, lists and revokes enrolment tokens by hash', async () => {
      const tokId = id('tok');
      await s.createEnrolmentToken({ id: tokId, schoolId: school, tokenHash: `th-${tokId}`, label: 'Year 4 laptops' });
      const found = await s.findEnrolmentToken(`th-${tokId}`);
      expect(found).toMatchObject({ id: tokId, schoolId: school, label: 'Year 4 laptops', revokedAt: null });
      expect(await s.findEnrolmentToken('no-such-hash')).toBeNull();
      expect(await s.revokeEnrolmentToken(tokId)).toBe(true);
      expect(await s.revokeEnrolmentToken(tokId)).toBe(false);
      expect((await s.findEnrolmentToken(`th-${tokId}`))?.revokedAt).toBeTruthy();
      expect((await s.listEnrolmentTokens(school)).some((x) => x.id === tokId)).toBe(true);
    });

    it('creates devices, records heartbeats and revokes them; secrets never leave through listings', async () => {
      const d = await newDevice({ name: 'Y4-01', group: 'year-4', user: 'pupil1' });
      expect(d).toMatchObject({ schoolId: school, kind: 'extension', name: 'Y4-01', group: 'year-4', boardOn: false, revokedAt: null });
      expect((await s.getDevice(d.id))?.secretHash).toMatch(/^hash-/);
      const listed = await s.listDevices(school);
      expect(listed.find((x) => x.id === d.id)).not.toHaveProperty('secretHash');
      const at = new Date().toISOString();
      await s.recordHeartbeat({ deviceId: d.id, at, version: '1.2.3', policyVersion: 7, boardOn: true, ip: '10.1.1.1' });
      expect(await s.getDevice(d.id)).toMatchObject({ lastSeenAt: at, version: '1.2.3', policyVersion: 7, boardOn: true, lastIp: '10.1.1.1', user: 'pupil1' });
      await s.touchDevice(d.id, at, null);
      expect((await s.getDevice(d.id))?.lastIp).toBe('10.1.1.1');
      expect(await s.revokeDevice(d.id)).toBe(true);
      expect(await s.revokeDevice(d.id)).toBe(false);
      expect((await s.getDevice(d.id))?.revokedAt).toBeTruthy();
      expect(await s.getDevice('dev-missing')).toBeNull();
    });

    it('merges a heartbeat and a later touch from one device arriving together', async () => {
      const d = await newDevice();
      const t1 = new Date(Date.now() - 1000).toISOString();
      const t2 = new Date().toISOString();
      await Promise.all([
        s.recordHeartbeat({ deviceId: d.id, at: t1, version: '9.9.9', policyVersion: 3, boardOn: true, user: 'u@school', ip: '10.9.9.9' }),
        s.touchDevice(d.id, t2, '10.8.8.8'),
        s.touchDevice('dev-missing', t2, null),
      ]);
      expect(await s.getDevice(d.id)).toMatchObject({ lastSeenAt: t2, lastIp: '10.8.8.8', version: '9.9.9', policyVersion: 3, boardOn: true, user: 'u@school' });
    });

    it('ingests idempotently: a re-sent batch stores nothing twice and raises no second alert', async () => {
      const d = await newDevice();
      const batch = [keywordEvent(), blockedEvent(), keywordEvent({ severity: 3, term: 'hate you', category: 'bullying' } as Partial<DeviceEvent>)];
      const first = await s.ingest(ctx(d.id), batch);
      expect(first.stored).toEqual(batch.map((e) => e.id));
      expect(first.newAlerts).toHaveLength(2);
      const again = await s.ingest(ctx(d.id), batch);
      expect(again.stored).toEqual(batch.map((e) => e.id));
      expect(again.newAlerts).toHaveLength(0);
      expect(await s.listAlerts({ schoolId: school, deviceId: d.id })).toHaveLength(2);
    });

    it('keeps concurrent copies of one batch to one row each, and two devices may reuse a client id', async () => {
      const a = await newDevice();
      const b = await newDevice();
      const e = keywordEvent();
      const results = await Promise.all([s.ingest(ctx(a.id), [e]), s.ingest(ctx(a.id), [e]), s.ingest(ctx(b.id), [e])]);
      expect(results.map((r) => r.newAlerts.length).sort()).toEqual([0, 1, 1]);
      expect(await s.listAlerts({ schoolId: school, deviceId: a.id })).toHaveLength(1);
      expect(await s.listAlerts({ schoolId: school, deviceId: b.id })).toHaveLength(1);
    });

    it('stores alert fields as sent and filters alerts', async () => {
      const d = await newDevice();
      const e = keywordEvent({ term: 'self harm', category: 'self-harm', severity: 4, context: 'thinking about self harm', matchStart: 14, matchEnd: 23 } as Partial<DeviceEvent>);
      const c = ctx(d.id);
      await s.ingest(c, [e, { id: id('con'), at: new Date().toISOString(), type: 'concern', message: 'someone is being mean <script>' }]);
      const [alert] = await s.listAlerts({ schoolId: school, deviceId: d.id, category: 'self-harm' });
      expect(alert).toMatchObject({
        id: `${d.id}:${e.id}`,
        kind: 'keyword',
        severity: 4,
        term: 'self harm',
        context: 'thinking about self harm',
        matchStart: 14,
        matchEnd: 23,
        url: 'https://example.org/',
        user: 'pupil1@school.example',
        ip: '10.0.0.5',
        at: e.at,
        receivedAt: c.receivedAt,
        status: 'new',
        hasScreenshot: false,
      });
      expect(await s.getAlert(school, alert!.id)).toEqual(alert);
      expect(await s.getAlert('school-b', alert!.id)).toBeNull();
      const concern = await s.listAlerts({ schoolId: school, deviceId: d.id, minSeverity: 4, status: ['new'] });
      expect(concern.map((a) => a.kind).sort()).toEqual(['concern', 'keyword']);
      expect(concern.find((a) => a.kind === 'concern')?.context).toBe('someone is being mean <script>');
      expect(await s.listAlerts({ schoolId: school, deviceId: d.id, status: ['resolved'] })).toHaveLength(0);
      expect(await s.listAlerts({ schoolId: school, deviceId: d.id, limit: 1 })).toHaveLength(1);
      expect(await s.listAlerts({ schoolId: school, deviceId: d.id, user: 'nobody' })).toHaveLength(0);
    });

    it('counts events per school and in total', async () => {
      const before = await s.countEvents(school);
      const d = await newDevice();
      await s.ingest(ctx(d.id), [blockedEvent(), blockedEvent()]);
      expect(await s.countEvents(school)).toBe(before + 2);
      expect(await s.countEvents()).toBeGreaterThanOrEqual(before + 2);
    });

    it('stores staff with lower-cased e-mail, counts login failures, and keeps sessions', async () => {
      const staffId = id('stf');
      const created = await s.createStaff({ id: staffId, schoolId: school, email: `DSL-${staffId}@School.Example`, name: 'Ms DSL', role: 'dsl', passwordHash: 'x' });
      expect(created).toMatchObject({ failedLogins: 0, lockedUntil: null, email: `dsl-${staffId}@school.example` });
      expect((await s.getStaffByEmail(`dsl-${staffId}@SCHOOL.example`))?.id).toBe(staffId);
      const until = new Date(Date.now() + 60_000).toISOString();
      await s.recordLoginFailure(staffId, until);
      expect(await s.getStaff(staffId)).toMatchObject({ failedLogins: 1, lockedUntil: until });
      await s.recordLoginSuccess(staffId);
      expect(await s.getStaff(staffId)).toMatchObject({ failedLogins: 0, lockedUntil: null });
      expect(await s.countStaff()).toBeGreaterThanOrEqual(1);
      const session = { idHash: id('sess'), staffId, csrfToken: 'csrf', createdAt: new Date().toISOString(), expiresAt: until };
      await s.createSession(session);
      expect(await s.getSession(session.idHash)).toEqual(session);
      await s.deleteSession(session.idHash);
      expect(await s.getSession(session.idHash)).toBeNull();
    });

    it('versions policies strictly, keeping who/when/why', async () => {
      const sid = id('school');
      await s.ensureSchool(sid, 'Policy School');
      expect(await s.getPolicy(sid)).toBeNull();
      const doc = (v: number) => ({ ...defaultPolicy({ id: sid, name: 'Policy School' }), version: v });
      const row = (v: number, reason: string) => ({ schoolId: sid, version: v, doc: doc(v), createdAt: new Date().toISOString(), createdBy: 'dsl@x', reason });
      await s.savePolicy(row(1, 'initial'));
      await expect(s.savePolicy(row(1, 'again'))).rejects.toBeInstanceOf(PolicyVersionConflict);
      await expect(s.savePolicy(row(3, 'skip'))).rejects.toBeInstanceOf(PolicyVersionConflict);
      await s.savePolicy(row(2, 'KidRex for KS1'));
      const current = await s.getPolicy(sid);
      expect(current).toMatchObject({ version: 2, reason: 'KidRex for KS1', createdBy: 'dsl@x' });
      expect(current!.doc).toEqual(doc(2));
      expect((await s.listPolicyVersions(sid)).map((v) => v.version)).toEqual([2, 1]);
      expect(await s.listPolicyVersions(sid, 1)).toHaveLength(1);
    });
    it('assigns device groups and finds devices silent since a time (not revoked, seen at least once)', async () => {
      const sid = id('school');
      await s.ensureSchool(sid, 'Silent School');
      const mk = () => s.createDevice({ id: id('dev'), schoolId: sid, secretHash: 'h', kind: 'agent' });
      const [quiet, recent, never, revoked] = [await mk(), await mk(), await mk(), await mk()];
      const old = new Date(Date.now() - 3_600_000).toISOString();
      await s.touchDevice(quiet.id, old, null);
      await s.touchDevice(revoked.id, old, null);
      await s.revokeDevice(revoked.id);
      await s.touchDevice(recent.id, new Date().toISOString(), null);
      const silent = await s.listSilentDevices(sid, new Date(Date.now() - 600_000).toISOString());
      expect(silent.map((d) => d.id)).toEqual([quiet.id]);
      expect(never.lastSeenAt).toBeNull();
      expect(await s.setDeviceGroup(quiet.id, 'year-6')).toBe(true);
      expect((await s.getDevice(quiet.id))?.group).toBe('year-6');
      expect(await s.setDeviceGroup(quiet.id, null)).toBe(true);
      expect((await s.getDevice(quiet.id))?.group).toBeNull();
      expect(await s.setDeviceGroup('dev-missing', 'x')).toBe(false);
    });

    it('raises a system alert once per key', async () => {
      const d = await newDevice();
      const a = { schoolId: school, deviceId: d.id, key: 'silent:2026-01-01T00:00:00.000Z', kind: 'device_silent' as const, severity: 3, category: 'silent', context: 'no contact for 2 hours', at: new Date().toISOString() };
      const first = await s.raiseSystemAlert(a);
      expect(first).toMatchObject({ kind: 'device_silent', severity: 3, context: 'no contact for 2 hours' });
      expect(await s.raiseSystemAlert(a)).toBeNull();
      expect(await s.getAlert(school, first!.id)).toMatchObject({ kind: 'device_silent', status: 'new' });
    });

    it('purges events and alerts received before a time, in one school only', async () => {
      const sid = id('school');
      await s.ensureSchool(sid, 'Retention School');
      const d = await s.createDevice({ id: id('dev'), schoolId: sid, secretHash: 'h', kind: 'extension' });
      const old = new Date(Date.now() - 500 * 86_400_000).toISOString();
      const c = (receivedAt: string) => ({ schoolId: sid, deviceId: d.id, ip: null, receivedAt });
      await s.ingest(c(old), [keywordEvent(), blockedEvent()]);
      await s.ingest(c(new Date().toISOString()), [keywordEvent(), blockedEvent()]);
      const otherDevice = await newDevice();
      await s.ingest({ ...ctx(otherDevice.id), receivedAt: old }, [keywordEvent()]);
      const otherBefore = await s.countEvents(school);
      const cut = new Date(Date.now() - 400 * 86_400_000).toISOString();
      const oldAlert = (await s.listAlerts({ schoolId: sid })).find((a) => a.receivedAt === old)!;
      await s.setAlertStatus(sid, oldAlert.id, { staffId: 'st', staffName: 'DSL', status: 'reviewed', note: 'spoke to pupil' });
      expect(await s.purgeBefore(sid, cut)).toEqual({ events: 2, alerts: 1, notes: 1 });
      expect(await s.listAlertNotes(sid, oldAlert.id)).toEqual([]);
      expect(await s.countEvents(sid)).toBe(2);
      expect(await s.listAlerts({ schoolId: sid })).toHaveLength(1);
      expect(await s.countEvents(school)).toBe(otherBefore);
      expect(await s.purgeBefore(sid, cut)).toEqual({ events: 0, alerts: 0, notes: 0 });
    });

    it("deletes a leaver's events and alerts and makes devices forget them", async () => {
      const sid = id('school');
      await s.ensureSchool(sid, 'Leaver School');
      const d = await s.createDevice({ id: id('dev'), schoolId: sid, secretHash: 'h', kind: 'extension', user: 'leaver@school' });
      const c = { schoolId: sid, deviceId: d.id, ip: null, receivedAt: new Date().toISOString() };
      await s.ingest(c, [keywordEvent({ user: 'leaver@school' }), keywordEvent({ user: 'stayer@school' }), { ...blockedEvent(), user: 'leaver@school' }]);
      await s.replaceRoster(sid, [
        { user: 'leaver@school', name: 'Lee Aver', className: '6A', yearGroup: 'Year 6' },
        { user: 'stayer@school', name: 'Stella Ayer', className: '5B', yearGroup: 'Year 5' },
      ]);
      const leaverAlert = (await s.listAlerts({ schoolId: sid })).find((a) => a.user === 'leaver@school')!;
      await s.setAlertStatus(sid, leaverAlert.id, { staffId: 'st', staffName: 'DSL', status: 'reviewed', note: 'Lee said it was a joke' });
      expect(await s.deleteUserData(sid, 'leaver@school')).toEqual({ events: 2, alerts: 1, devices: 1, notes: 1, roster: 1 });
      expect(await s.listAlertNotes(sid, leaverAlert.id)).toEqual([]);
      expect((await s.listRoster(sid)).map((r) => r.user)).toEqual(['stayer@school']);
      expect((await s.listAlerts({ schoolId: sid })).map((a) => a.user)).toEqual(['stayer@school']);
      expect(await s.countEvents(sid)).toBe(1);
      expect((await s.getDevice(d.id))?.user).toBeNull();
    });
  });
}
