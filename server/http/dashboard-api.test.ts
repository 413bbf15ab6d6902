import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCHOOL_HOURS } from '../../shared/policy/school-hours';
import type { DeviceEvent } from '../../shared/protocol/events';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../../test/support/collector-process';
import { DeviceClient, enrol } from '../../test/support/device-client';
import { startCollector, type RunningCollector } from '../../test/support/in-process-collector';
import { sampleKeywordAlert } from '../../test/support/sample-events';
import { createPgSchema, pgUnavailableReason } from '../../test/support/pg';
import { StaffClient } from '../../test/support/staff-client';
import { monthPeriod } from '../reports/periods';
import { openPgStore } from '../store/pg';
import type { Store } from '../store/types';

const keyword = (over: Record<string, unknown> = {}): DeviceEvent => sampleKeywordAlert({ user: 'ava.p', ...over });

/** The dashboard API over real HTTP on a real store: SQLite (file) and PostgreSQL (own schema). */
function dashboardApiSuite(name: string, makeStore: () => Promise<Store | undefined>, cleanup: () => Promise<void>): void {
  let c: RunningCollector;
  let dsl: StaffClient;
  let device: DeviceClient;
  beforeAll(async () => {
    const store = await makeStore();
    c = await startCollector(store ? { store } : {});
    dsl = await new StaffClient(c.url).signIn(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    device = await new DeviceClient(c.url, await enrol(c.url, { name: 'Y5-Laptop-3' })).open();
  }, 120_000);
  afterAll(async () => {
    device?.close();
    await c?.stop();
    await cleanup();
  });

  describe(`dashboard API over HTTP (${name})`, () => {
    it('imports a roster and shows year groups on alerts; a bad roster is refused whole', async () => {
      const bad = await dsl.raw('POST', '/api/dashboard/roster', { csv: 'user,name,class,year\nava.p,Ava P,5B,Year 5\n,No User,5B,Year 5\n' });
      expect(bad.status).toBe(422);
      expect((await bad.json()).message).toMatch(/line 3: no user name/);
      expect((await dsl.api('GET', '/api/dashboard/roster')).roster).toEqual([]);
      const ok = await dsl.api('POST', '/api/dashboard/roster', { csv: 'Username,Pupil Name,Class,Year Group\nava.p,Ava Patel,5B,Year 5\nben.k,Ben King,3A,Year 3\n' });
      expect(ok.imported).toBe(2);
      await device.sendEvents([keyword(), keyword({ user: 'ben.k', severity: 2, term: 'gamble', category: 'gambling', context: 'gamble', matchStart: 0, matchEnd: 6 })]);
      const { alerts } = await dsl.api('GET', '/api/dashboard/alerts?yearGroup=Year%205');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ pupilName: 'Ava Patel', yearGroup: 'Year 5', className: '5B', term: 'kill myself' });
      const all = (await dsl.api('GET', '/api/dashboard/alerts')).alerts;
      expect(all.map((a: { severity: number }) => a.severity)).toEqual([5, 2]);
    });

    it('marks a false positive with a note, adds the allow-phrase as a logged policy change', async () => {
      await device.sendEvents([keyword({ term: 'kill', category: 'violence', severity: 3, context: 'we had to kill time', matchStart: 11, matchEnd: 15, user: 'ben.k' })]);
      const { alerts } = await dsl.api('GET', '/api/dashboard/alerts?category=violence');
      const id = alerts[0].id;
      const res = await dsl.api('POST', `/api/dashboard/alerts/${encodeURIComponent(id)}/status`, { status: 'false_positive', note: 'idiom', allowPhrase: 'kill time' });
      expect(res.policyVersion).toBe(2);
      const detail = await dsl.api('GET', `/api/dashboard/alerts/${encodeURIComponent(id)}`);
      expect(detail.alert.status).toBe('false_positive');
      expect(detail.notes[0]).toMatchObject({ fromStatus: 'new', toStatus: 'false_positive', staffName: 'Designated Safeguarding Lead' });
      expect(detail.notes[0].note).toContain('Allow-phrase added: "kill time"');
      const policy = await dsl.api('GET', '/api/policy');
      expect(policy.policy.keywords.allowPhrases).toContain('kill time');
      const { log } = await dsl.api('GET', '/api/dashboard/policy/log');
      expect(log[0].by).toBe(TEST_ADMIN_EMAIL);
      expect(log[0].reason).toMatch(/False positive on alert/);
      expect(log[0].changes).toEqual(['keywords.allowPhrases: added "kill time"']);
    });

    it('exports CSV with formula cells neutralised, and audits the export', async () => {
      await device.sendEvents([keyword({ context: '=HYPERLINK("http://x")  kill myself', matchStart: 23, matchEnd: 34, user: '@evil' })]);
      const { alerts } = await dsl.api('GET', '/api/dashboard/alerts?user=%40evil');
      const res = await dsl.raw('POST', '/api/dashboard/export/csv', { ids: [alerts[0].id] });
      expect(res.headers.get('content-type')).toMatch(/text\/csv/);
      const csv = await res.text();
      expect(csv.split('\n')[0]).toContain('Date,Time,Pupil,User name,Year group,Class,Category,Sub-category');
      expect(csv).toContain(",'@evil,");
      expect(csv).toContain('Online Safety');
      expect(csv).not.toMatch(/,=HYPERLINK/);
      const { audit } = await dsl.api('GET', '/api/dashboard/audit');
      expect(audit.some((a: { action: string }) => a.action === 'export CSV')).toBe(true);
    });

    it('refuses state changes without the CSRF token', async () => {
      const res = await fetch(`${c.url}/api/dashboard/roster`, {
        method: 'POST',
        headers: { cookie: dsl.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ csv: 'user,name,class,year\na,b,c,d' }),
      });
      expect(res.status).toBe(403);
    });

    it('reads a device\'s time with an offset as that instant, and reports on the school\'s calendar', async () => {
      // 00:30 on 1 October 2025, British Summer Time: 23:30 UTC on 30 September.
      await device.sendEvents([keyword({ id: 'tz-offset-0001', at: '2025-10-01T00:30:00+01:00' })]);
      const { alerts } = await dsl.api('GET', '/api/dashboard/alerts?since=2025-09-01T00:00:00.000Z&until=2025-11-01T00:00:00.000Z');
      expect(alerts.map((a: { at: string }) => a.at)).toEqual(['2025-09-30T23:30:00.000Z']);
      const month = async (key: string) => (await dsl.api('GET', `/api/dashboard/reports/monthly?period=${key}`)).report;
      const oct = await month('2025-10');
      expect(oct.period).toMatchObject({ since: '2025-09-30T23:00:00.000Z', timeZone: 'Europe/London' });
      expect(oct.aggregates.total).toBe(1);
      expect(oct.aggregates.byDay.map((d: { day: string }) => d.day)).toEqual(['2025-10-01']);
      expect((await month('2025-09')).aggregates.total).toBe(0);
      // A school whose hours are on UTC: the same alert is September's, on the 30th.
      const { policy } = await dsl.api('GET', '/api/policy');
      await dsl.api('PUT', '/api/policy', { policy: { ...policy, schoolHours: { ...policy.schoolHours, timeZone: 'UTC' } }, reason: 'test: school on UTC' });
      try {
        expect((await month('2025-10')).aggregates.total).toBe(0);
        const sep = await month('2025-09');
        expect(sep.aggregates.byDay.map((d: { day: string }) => d.day)).toEqual(['2025-09-30']);
      } finally {
        const now = (await dsl.api('GET', '/api/policy')).policy;
        await dsl.api('PUT', '/api/policy', { policy: { ...now, schoolHours: policy.schoolHours }, reason: 'test: back to UK time' });
      }
    });

    it('calls a device silent after a school week without contact, holidays not counted', async () => {
      const school = c.first.schoolId;
      await c.collector.store.createDevice({ id: 'dev-quiet-01', schoolId: school, secretHash: 'h', kind: 'extension', name: 'Y6-Laptop-9' });
      const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
      await c.collector.store.touchDevice('dev-quiet-01', new Date(Date.now() - 30 * 86_400_000).toISOString(), null);
      const health = async () => (await dsl.api('GET', '/api/dashboard/devices')).devices.find((x: { id: string }) => x.id === 'dev-quiet-01').health;
      const inTrends = async () => (await dsl.api('GET', '/api/dashboard/trends')).silentDevices.some((x: { id: string }) => x.id === 'dev-quiet-01');
      const reportCount = async () => (await dsl.api('GET', '/api/dashboard/reports/monthly')).report.devices.longSilent;
      // 30 days of term: four school weeks missed.
      expect(await health()).toBe('silent for a school week');
      expect(await inTrends()).toBe(true);
      const before = await reportCount();
      expect(before).toBeGreaterThanOrEqual(1);
      // The same 30 days as a holiday: nothing missed.
      const { policy } = await dsl.api('GET', '/api/policy');
      const closed = [{ from: day(-31), to: day(1), label: 'holiday' }];
      await dsl.api('PUT', '/api/policy', { policy: { ...policy, schoolHours: { ...policy.schoolHours, closed } }, reason: 'test: a holiday' });
      try {
        expect(await health()).toBe('reporting');
        expect(await inTrends()).toBe(false);
        expect(await reportCount()).toBe(before - 1);
      } finally {
        const now = (await dsl.api('GET', '/api/policy')).policy;
        await dsl.api('PUT', '/api/policy', { policy: { ...now, schoolHours: policy.schoolHours }, reason: 'test: term again' });
        await c.collector.store.revokeDevice('dev-quiet-01');
      }
    });

    it('keeps governors to aggregates and teachers away from policy', async () => {
      await dsl.api('POST', '/api/dashboard/staff', { email: 'gov@school.invalid', name: 'A Governor', role: 'governor', password: 'governor-password-1' });
      await dsl.api('POST', '/api/dashboard/staff', { email: 'teach@school.invalid', name: 'A Teacher', role: 'teacher', password: 'teacher-password-1' });
      const gov = await new StaffClient(c.url).signIn('gov@school.invalid', 'governor-password-1');
      expect((await gov.raw('GET', '/api/dashboard/alerts')).status).toBe(403);
      expect((await gov.raw('GET', '/api/dashboard/alerts/x')).status).toBe(403);
      expect((await gov.raw('GET', '/api/dashboard/reports/monthly')).status).toBe(403);
      const { report } = await gov.api('GET', '/api/dashboard/reports/governors');
      expect(report.aggregates.total).toBeGreaterThan(0);
      expect(JSON.stringify(report)).not.toMatch(/Ava|ava\.p|kill myself/);
      const teacher = await new StaffClient(c.url).signIn('teach@school.invalid', 'teacher-password-1');
      const teacherId = (await dsl.api('GET', '/api/dashboard/staff')).staff.find((x: { email: string }) => x.email === 'teach@school.invalid').id;
      expect((await teacher.raw('PATCH', `/api/dashboard/staff/${teacherId}`, { role: 'dsl' })).status).toBe(403);
      expect((await teacher.raw('PUT', '/api/policy', { policy: {}, reason: 'x' })).status).toBe(403);
      expect((await teacher.raw('GET', '/api/dashboard/alerts')).status).toBe(403);
    }, 90_000);
  });

  describe('sign-in lock-out', () => {
    it('locks an account after 5 wrong passwords, even for the right one, with a clear message', async () => {
      await dsl.api('POST', '/api/dashboard/staff', { email: 'it@school.invalid', name: 'IT', role: 'it', password: 'it-password-12345' });
      const login = (password: string) =>
        fetch(`${c.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'it@school.invalid', password }) });
      for (let i = 0; i < 5; i++) expect((await login(`wrong-${i}`)).status).toBe(401);
      const locked = await login('it-password-12345');
      expect(locked.status).toBe(423);
      expect((await locked.json()).message).toMatch(/too many failed sign-ins: try again after/);
    }, 90_000);
  });

  describe('monthly report job', () => {
    it('e-mails last month\'s report to the coordinator once, however often it runs', async () => {
      const { SmtpCapture } = await import('../../test/support/smtp-capture');
      const { createMailer } = await import('../email/mailer');
      const { startMonthlyJob } = await import('../reports/monthly-report');
      const { createLogger } = await import('../log');
      const smtp = await new SmtpCapture().start();
      const mailer = createMailer({ SMTP_URL: smtp.url, MAIL_FROM: 'E-safety <esafety@school.invalid>' }, createLogger('silent'));
      // The 15th of last month on the school's calendar (UK time), the month the job reports on.
      const lastMonth = new Date(Date.parse(monthPeriod().since) + 14.5 * 86_400_000).toISOString();
      await device.sendEvents([keyword({ at: lastMonth, user: 'ava.p' })]);
      const stop = startMonthlyJob(
        { store: c.collector.store, dash: c.collector.store, mailer, coordinator: 'coord@school.invalid', publicUrl: 'https://esafety.school.example', schoolHoursOf: async () => DEFAULT_SCHOOL_HOURS },
        createLogger('silent'),
        { firstMs: 0, everyMs: 100 },
      );
      try {
        const mail = await smtp.waitForMail((m) => m.to.includes('coord@school.invalid'), 'the monthly report');
        expect(mail.raw).toContain('Alerts: 1');
        expect(mail.raw).toContain('https://esafety.school.example/#/reports/monthly?period=');
        expect(mail.raw).not.toContain('ava.p');
        await new Promise((r) => setTimeout(r, 600));
        expect(smtp.mails).toHaveLength(1);
      } finally {
        stop();
        mailer.close();
        await smtp.stop();
      }
    });
  });
}

dashboardApiSuite('sqlite', async () => undefined, async () => undefined);

if (!(await pgUnavailableReason())) {
  let drop = async () => {};
  dashboardApiSuite(
    'postgres',
    async () => {
      const schema = await createPgSchema('dashapi');
      drop = schema.drop;
      return openPgStore(schema.url);
    },
    () => drop(),
  );
}
