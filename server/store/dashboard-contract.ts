import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../shared/policy/defaults';
import { keywordEvent, type ContractTarget } from './store-contract';
import type { Store } from './types';

/** The dashboard area's behaviour, for every Store implementation (SQLite and PostgreSQL). */
export function dashboardContract(name: string, open: () => Promise<ContractTarget>): void {
  describe(`dashboard store contract: ${name}`, () => {
    let t: ContractTarget;
    let s: Store;
    const school = 'school-d';
    const ctx = { schoolId: school, deviceId: 'dev-d1', ip: '10.0.0.9', receivedAt: new Date().toISOString() };
    const day = (d: number) => new Date(Date.UTC(2026, 9, d, 10)).toISOString();

    beforeAll(async () => {
      t = await open();
      s = t.store;
      await s.migrate();
      await s.ensureSchool(school, 'Dashboard School');
      await s.createDevice({ id: 'dev-d1', schoolId: school, secretHash: 'h', kind: 'extension' });
      await s.ingest(ctx, [
        keywordEvent({ user: 'ava', at: day(3) }),
        keywordEvent({ user: 'ava', at: day(4), severity: 3, category: 'bullying', term: 'Loser' } as never),
        keywordEvent({ user: 'ben', at: day(4), severity: 2, category: 'gambling', term: 'bet' } as never),
        keywordEvent({ user: 'zed', at: day(20), severity: 4, category: 'bullying', term: 'loser' } as never),
        { id: 'tamper-0001', at: day(5), type: 'tamper', kind: 'extension_disabled', detail: 'off' },
      ]);
    });
    afterAll(() => t.cleanup());

    it('lists alerts by severity then time, joined to the roster, with every filter', async () => {
      await s.replaceRoster(school, [
        { user: 'ava', name: 'Ava Patel', className: '5B', yearGroup: 'Year 5' },
        { user: 'ben', name: 'Ben King', className: '3A', yearGroup: 'Year 3' },
      ]);
      const all = await s.listDashboardAlerts({ schoolId: school });
      expect(all.map((a) => a.severity)).toEqual([5, 4, 3, 3, 2]);
      expect(all[0]).toMatchObject({ pupilName: 'Ava Patel', yearGroup: 'Year 5', className: '5B', hasScreenshot: false });
      expect((await s.listDashboardAlerts({ schoolId: school, yearGroup: 'Year 5' })).map((a) => a.user)).toEqual(['ava', 'ava']);
      expect(await s.listDashboardAlerts({ schoolId: school, className: '3A' })).toHaveLength(1);
      expect(await s.listDashboardAlerts({ schoolId: school, user: 'Ben King' })).toHaveLength(1);
      expect(await s.listDashboardAlerts({ schoolId: school, kind: 'tamper' })).toHaveLength(1);
      expect(await s.listDashboardAlerts({ schoolId: school, category: 'bullying', minSeverity: 4 })).toHaveLength(1);
      expect(await s.listDashboardAlerts({ schoolId: school, since: day(4), until: day(6) })).toHaveLength(3);
      expect(await s.listDashboardAlerts({ schoolId: school, ids: [] })).toEqual([]);
      expect(await s.listDashboardAlerts({ schoolId: 'other-school' })).toEqual([]);
      expect((await s.listRoster(school)).map((r) => r.user)).toEqual(['ben', 'ava']);
    });

    it('changes status with a note and keeps the history; unknown alerts give null', async () => {
      const [a] = await s.listDashboardAlerts({ schoolId: school, category: 'gambling' });
      const n1 = await s.setAlertStatus(school, a!.id, { staffId: 'stf1', staffName: 'Mrs DSL', status: 'reviewed', note: 'spoke to pupil' });
      await s.setAlertStatus(school, a!.id, { staffId: 'stf1', staffName: 'Mrs DSL', status: 'resolved', note: '' });
      expect(n1).toMatchObject({ fromStatus: 'new', toStatus: 'reviewed', note: 'spoke to pupil' });
      expect((await s.listAlertNotes(school, a!.id)).map((n) => `${n.fromStatus}>${n.toStatus}`)).toEqual(['new>reviewed', 'reviewed>resolved']);
      expect((await s.getDashboardAlert(school, a!.id))?.status).toBe('resolved');
      expect(await s.setAlertStatus('other-school', a!.id, { staffId: 'x', staffName: 'x', status: 'new', note: '' })).toBeNull();
      expect(await s.getDashboardAlert('other-school', a!.id)).toBeNull();
    });

    it('aggregates by category, severity, year group and day, with top terms case-folded', async () => {
      const g = await s.aggregateAlerts(school, day(1), day(31), 'Europe/London');
      expect(g.total).toBe(5);
      expect(g.byCategory).toContainEqual({ key: 'bullying', count: 2 });
      expect(g.byCategory).toContainEqual({ key: 'tamper', count: 1 });
      expect(g.byYearGroup).toContainEqual({ key: 'Year 5', count: 2 });
      expect(g.byYearGroup).toContainEqual({ key: 'not on roster', count: 2 });
      expect(g.bySeverity).toContainEqual({ key: '3', count: 2 });
      // Severity is a scale: most serious first.
      expect(g.bySeverity.map((c) => Number(c.key))).toEqual([...g.bySeverity.map((c) => Number(c.key))].sort((a, b) => b - a));
      expect(g.topTerms[0]).toEqual({ key: 'loser', count: 2 });
      expect(g.byDay).toContainEqual({ day: '2026-10-04', category: 'bullying', count: 1 });
      expect((await s.aggregateAlerts(school, day(10), day(31), 'Europe/London')).total).toBe(1);
      const repeat = await s.repeatPupils(school, day(1), day(31), 2);
      expect(repeat).toEqual([{ user: 'ava', pupilName: 'Ava Patel', yearGroup: 'Year 5', count: 2, maxSeverity: 5 }]);
      expect(await s.tamperCounts(school, day(1))).toEqual([{ key: 'dev-d1', count: 1 }]);
    });

    it('counts alerts per day on the school\'s calendar, not UTC\'s', async () => {
      const other = 'school-tz';
      await s.ensureSchool(other, 'Zone School');
      await s.createDevice({ id: 'dev-tz1', schoolId: other, secretHash: 'h', kind: 'extension' });
      await s.ingest({ ...ctx, schoolId: other, deviceId: 'dev-tz1' }, [
        keywordEvent({ id: 'tz-bst-000001', user: 'ava', at: '2026-10-04T23:30:00.000Z' }), // 00:30 on the 5th, British Summer Time
        keywordEvent({ id: 'tz-gmt-000001', user: 'ava', at: '2026-12-04T23:30:00.000Z' }), // 23:30 on the 4th, GMT
      ]);
      const days = async (tz: string) => (await s.aggregateAlerts(other, '2026-09-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', tz)).byDay.map((d) => d.day);
      expect(await days('Europe/London')).toEqual(['2026-10-05', '2026-12-04']);
      expect(await days('UTC')).toEqual(['2026-10-04', '2026-12-04']);
      expect(await days('Pacific/Auckland')).toEqual(['2026-10-05', '2026-12-05']);
    });

    it('keeps an audit log newest first, and claims a report run only once', async () => {
      await s.addAudit({ schoolId: school, staffId: 'stf1', staffName: 'Mrs DSL', role: 'dsl', action: 'view alert', target: 'a1', detail: '' });
      await s.addAudit({ schoolId: school, staffId: 'stf1', staffName: 'Mrs DSL', role: 'dsl', action: 'export CSV', target: '2 alerts', detail: 'a1,a2' });
      expect((await s.listAudit(school)).map((a) => a.action)).toEqual(['export CSV', 'view alert']);
      expect(await s.claimReportRun(school, 'monthly', '2026-10')).toBe(true);
      expect(await s.claimReportRun(school, 'monthly', '2026-10')).toBe(false);
      await s.releaseReportRun(school, 'monthly', '2026-10');
      expect(await s.claimReportRun(school, 'monthly', '2026-10')).toBe(true);
    });

    it('lists, re-roles and removes staff (and their sessions), and returns policy history with documents', async () => {
      await s.createStaff({ id: 'stf-g', schoolId: school, email: 'Gov@x.invalid', name: 'Gov', role: 'governor', passwordHash: 'h' });
      await s.createSession({ idHash: 'sess-g', staffId: 'stf-g', csrfToken: 'c', createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 1e6).toISOString() });
      const staff = await s.listStaff(school);
      expect(staff.map((x) => x.email)).toEqual(['gov@x.invalid']);
      expect(staff[0]).not.toHaveProperty('passwordHash');
      expect(await s.updateStaffRole(school, 'stf-g', 'teacher')).toBe(true);
      expect((await s.getStaff('stf-g'))?.role).toBe('teacher');
      expect(await s.deleteStaff(school, 'stf-g')).toBe(true);
      expect(await s.getSession('sess-g')).toBeNull();
      expect(await s.deleteStaff(school, 'stf-g')).toBe(false);
      const doc = { ...defaultPolicy({ id: school, name: 'Dashboard School' }), version: 1 };
      await s.savePolicy({ schoolId: school, version: 1, doc, createdAt: new Date().toISOString(), createdBy: 'a', reason: 'first' });
      await s.savePolicy({ schoolId: school, version: 2, doc: { ...doc, version: 2 }, createdAt: new Date().toISOString(), createdBy: 'b', reason: 'second' });
      const h = await s.listPolicyHistory(school, 10);
      expect(h.map((v) => [v.version, v.reason, v.doc.version])).toEqual([[2, 'second', 2], [1, 'first', 1]]);
    });
  });
}
