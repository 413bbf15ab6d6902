import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, hashToken } from '../../server/security/secrets';
import { DeviceClient, enrol } from '../support/device-client';
import { keywordEvent } from '../support/fault-events';
import { rawHttp, rawWs } from '../support/fault-raw';
import { startCollector, type RunningCollector } from '../support/in-process-collector';
import { StaffClient } from '../support/staff-client';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../support/collector-process';
import { wsProtocols } from '../../shared/protocol/messages';

/**
 * Attacks over real HTTP and WebSocket against a collector with two schools: unauthenticated,
 * revoked and replayed device credentials, cross-school reads and writes, wrong-role staff,
 * session fixation, CSRF, password brute force, and path traversal on static files.
 */
const OTHER_PASSWORD = 'other-school-dsl-password-123';

describe('attacks: authentication, authorisation, sessions, traversal', () => {
  let srv: RunningCollector;
  let dslA: StaffClient;
  let dslB: StaffClient;
  let itA: StaffClient;
  let alertA: string;
  let deviceA: string;
  const port = () => Number(new URL(srv.url).port);

  beforeAll(async () => {
    srv = await startCollector({ env: { DASHBOARD_DIR: '/nonexistent-dashboard-dir' } });
    const store = srv.collector.store;
    await store.ensureSchool('school-b', 'Other Primary');
    await store.createStaff({ id: 'stf_other_dsl', schoolId: 'school-b', email: 'dsl@other.invalid', name: 'Other DSL', role: 'dsl', passwordHash: await hashPassword(OTHER_PASSWORD) });
    await store.createEnrolmentToken({ id: 'tok_b', schoolId: 'school-b', tokenHash: hashToken('school-b-enrolment-token-000'), label: 'b' });
    dslA = await new StaffClient(srv.url).signIn(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    dslB = await new StaffClient(srv.url).signIn('dsl@other.invalid', OTHER_PASSWORD);
    await store.createStaff({ id: 'stf_a_it', schoolId: 'school-1', email: 'it-admin@school.invalid', name: 'IT', role: 'it', passwordHash: await hashPassword(OTHER_PASSWORD) });
    itA = await new StaffClient(srv.url).signIn('it-admin@school.invalid', OTHER_PASSWORD);
    const dev = await new DeviceClient(srv.url, await enrol(srv.url, { name: 'A-laptop' })).open();
    deviceA = dev.creds.deviceId;
    await dev.sendEvents([keywordEvent('attack-alert-0001')]);
    dev.close();
    const { alerts } = await dslA.api<{ alerts: { id: string }[] }>('GET', '/api/alerts');
    alertA = alerts[0]!.id;
  });

  afterAll(async () => {
    await srv?.stop();
  });

  it('unauthenticated requests to every staff API are refused with 401', async () => {
    const anon = new StaffClient(srv.url);
    const routes: [string, string][] = [
      ['GET', '/api/alerts'],
      ['GET', `/api/alerts/${alertA}`],
      ['GET', '/api/dashboard/alerts'],
      ['GET', `/api/dashboard/alerts/${alertA}`],
      ['GET', `/api/dashboard/alerts/${alertA}/screenshot`],
      ['POST', `/api/dashboard/alerts/${alertA}/status`],
      ['POST', '/api/dashboard/export/csv'],
      ['GET', '/api/dashboard/staff'],
      ['POST', '/api/dashboard/staff'],
      ['GET', '/api/dashboard/audit'],
      ['GET', '/api/devices'],
      ['POST', `/api/devices/${deviceA}/command`],
      ['GET', '/api/policy'],
      ['PUT', '/api/policy'],
      ['GET', '/api/collector/stats'],
      ['POST', `/api/collector/devices/${deviceA}/revoke`],
      ['POST', '/api/collector/enrolment-tokens'],
      ['GET', `/api/devices/${deviceA}/timeline`],
      ['GET', '/api/session'],
    ];
    for (const [m, p] of routes) {
      const res = await anon.raw(m, p, m === 'GET' ? undefined : {});
      expect(res.status, `${m} ${p}`).toBe(401);
    }
    // A forged or stale cookie is no better than none.
    const forged = new StaffClient(srv.url);
    forged.cookie = 'esafety_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect((await forged.raw('GET', '/api/alerts')).status).toBe(401);
    // The live socket refuses without a session too.
    expect((await rawHttp(port(), `GET /api/live HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${Buffer.alloc(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`)).slice(0, 12)).toMatch(/^HTTP\/1\.1 4\d\d/);
  });

  it('a revoked device is refused on WebSocket and HTTP, its open socket closed, its replayed credentials useless', async () => {
    const creds = await enrol(srv.url, { name: 'to-be-revoked' });
    const dev = await new DeviceClient(srv.url, creds).open();
    await dev.sendEvents([keywordEvent('before-revoke-01')]);
    const closed = new Promise<number>((r) => dev.ws.once('close', (code) => r(code)));
    await itA.api('POST', `/api/collector/devices/${creds.deviceId}/revoke`, {});
    expect(await closed).toBe(4403);
    // Replaying the captured credentials: upgrade, HTTPS batch, policy fetch.
    const ws = await rawWs(port(), wsProtocols(creds.deviceId, creds.secret), []);
    expect(ws.status).toBe(403);
    const auth = { authorization: `Bearer ${creds.deviceId}.${creds.secret}`, 'content-type': 'application/json' };
    const post = await fetch(`${srv.url}/api/v1/device/events`, { method: 'POST', headers: auth, body: JSON.stringify({ v: 1, type: 'events', batchId: 'replay0001', events: [keywordEvent('after-revoke-01')] }) });
    expect(post.status).toBe(403);
    expect(((await post.json()) as { error: string }).error).toBe('revoked');
    expect((await fetch(`${srv.url}/api/v1/device/policy`, { headers: auth })).status).toBe(403);
    // Nothing from after the revocation was stored.
    const { alerts } = await dslA.api<{ alerts: { id: string }[] }>('GET', '/api/alerts');
    expect(alerts.some((a) => a.id.includes('after-revoke-01'))).toBe(false);
    // Credentials of one device with another's id are refused as unauthenticated.
    const other = await enrol(srv.url);
    expect((await rawWs(port(), wsProtocols(other.deviceId, creds.secret), [])).status).toBe(401);
  });

  it('another school’s staff cannot read, change, export or command anything of this school', async () => {
    const notFound: [string, string, unknown?][] = [
      ['GET', `/api/alerts/${alertA}`],
      ['GET', `/api/dashboard/alerts/${alertA}`],
      ['GET', `/api/dashboard/alerts/${alertA}/screenshot`],
      ['POST', `/api/dashboard/alerts/${alertA}/status`, { status: 'resolved', note: 'not mine' }],
      ['POST', `/api/devices/${deviceA}/command`, { kind: 'sync' }],
      ['POST', `/api/collector/devices/${deviceA}/revoke`, {}],
      ['GET', `/api/devices/${deviceA}/timeline`],
    ];
    for (const [m, p, body] of notFound) {
      const res = await dslB.raw(m, p, body);
      expect([403, 404], `${m} ${p} -> ${res.status}`).toContain(res.status);
    }
    expect((await dslB.api<{ alerts: unknown[] }>('GET', '/api/alerts')).alerts).toEqual([]);
    expect((await dslB.api<{ alerts: unknown[] }>('GET', '/api/dashboard/alerts')).alerts).toEqual([]);
    expect((await dslB.api<{ devices: { id: string }[] }>('GET', '/api/devices')).devices.map((d) => d.id)).not.toContain(deviceA);
    const csv = await dslB.raw('POST', '/api/dashboard/export/csv', { ids: [alertA] });
    expect([403, 404]).toContain(csv.status);
    // School A's alert is untouched and its device not revoked.
    const a = await dslA.api<{ alert: { status: string } }>('GET', `/api/dashboard/alerts/${alertA}`);
    expect(a.alert.status).not.toBe('resolved');
    expect((await srv.collector.store.getDevice(deviceA))?.revokedAt ?? null).toBeNull();
  });

  it('wrong-role staff are refused with 403 (teacher: no alerts or policy; governor: aggregates only; IT: no export)', async () => {
    const roles = { teacher: 'teacher@school.invalid', governor: 'governor@school.invalid', it: 'it@school.invalid' } as const;
    const clients: Record<string, StaffClient> = {};
    for (const [role, email] of Object.entries(roles)) {
      await dslA.api('POST', '/api/dashboard/staff', { email, name: `A ${role}`, role, password: 'a-long-enough-password-for-staff' });
      clients[role] = await new StaffClient(srv.url).signIn(email, 'a-long-enough-password-for-staff');
    }
    const refused: [string, string, string, unknown?][] = [
      ['teacher', 'GET', '/api/alerts'],
      ['teacher', 'GET', `/api/dashboard/alerts/${alertA}`],
      ['teacher', 'PUT', '/api/policy', {}],
      ['teacher', 'POST', '/api/dashboard/export/csv', { ids: [alertA] }],
      ['teacher', 'POST', '/api/dashboard/staff', { email: 'x@y.invalid', name: 'x', role: 'dsl', password: 'a-long-enough-password' }],
      ['governor', 'GET', '/api/alerts'],
      ['governor', 'GET', '/api/dashboard/alerts'],
      ['governor', 'GET', '/api/devices'],
      ['governor', 'POST', `/api/devices/${deviceA}/command`, { kind: 'sync' }],
      ['governor', 'GET', '/api/dashboard/audit'],
      ['it', 'GET', '/api/dashboard/alerts'],
      ['it', 'POST', '/api/dashboard/export/csv', { ids: [alertA] }],
      ['it', 'POST', `/api/dashboard/alerts/${alertA}/status`, { status: 'resolved' }],
      ['it', 'POST', '/api/dashboard/staff', { email: 'x@y.invalid', name: 'x', role: 'dsl', password: 'a-long-enough-password' }],
    ];
    for (const [role, m, p, body] of refused) {
      const res = await clients[role]!.raw(m, p, body);
      expect(res.status, `${role} ${m} ${p}`).toBe(403);
    }
    // No one escalated themselves.
    expect((await srv.collector.store.getStaffByEmail('x@y.invalid')) ?? null).toBeNull();
  });

  it('session fixation: a session id planted before sign-in is never adopted; sign-in issues a fresh one; sign-out kills it', async () => {
    const planted = 'esafety_session=attacker-chosen-session-id-0000000000';
    const login = (cookie?: string) =>
      fetch(`${srv.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify({ email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD }),
      });
    const res = await login(planted);
    const issued = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(issued).toMatch(/^esafety_session=/);
    expect(issued).not.toBe(planted);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(res.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
    const attacker = new StaffClient(srv.url);
    attacker.cookie = planted;
    expect((await attacker.raw('GET', '/api/alerts')).status).toBe(401);
    // Signing in again (already signed in) rotates the id.
    const again = (await login(issued).then((r) => r.headers.get('set-cookie') ?? '')).split(';')[0]!;
    expect(again).not.toBe(issued);
    // Sign-out ends the session on the server: the old cookie is dead even if replayed.
    const s = new StaffClient(srv.url);
    s.cookie = again;
    s.csrf = (await (await s.raw('GET', '/api/session')).json()).csrfToken;
    expect((await s.raw('POST', '/api/auth/logout', {})).status).toBeLessThan(300);
    expect((await s.raw('GET', '/api/alerts')).status).toBe(401);
  });

  it('CSRF: state-changing requests without, or with another session’s, token are refused with 403 and change nothing', async () => {
    const policyBefore = await dslA.api<{ policy: { version: number } }>('GET', '/api/policy');
    const attempts: [string, string, unknown][] = [
      ['PUT', '/api/policy', policyBefore.policy],
      ['POST', `/api/dashboard/alerts/${alertA}/status`, { status: 'resolved', note: 'csrf' }],
      ['POST', '/api/dashboard/staff', { email: 'csrf@evil.invalid', name: 'csrf', role: 'dsl', password: 'a-long-enough-password' }],
      ['POST', `/api/collector/devices/${deviceA}/revoke`, {}],
      ['POST', '/api/collector/enrolment-tokens', { label: 'csrf' }],
    ];
    const other = await new StaffClient(srv.url).signIn(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    for (const [m, p, body] of attempts) {
      for (const token of ['', 'wrong-token', other.csrf]) {
        const res = await fetch(`${srv.url}${p}`, {
          method: m,
          headers: { cookie: dslA.cookie, 'content-type': 'application/json', ...(token ? { 'x-csrf-token': token } : {}), origin: 'https://evil.example' },
          body: JSON.stringify(body),
        });
        expect(res.status, `${m} ${p} token="${token.slice(0, 6)}"`).toBe(403);
      }
    }
    expect((await dslA.api<{ policy: { version: number } }>('GET', '/api/policy')).policy.version).toBe(policyBefore.policy.version);
    expect((await srv.collector.store.getStaffByEmail('csrf@evil.invalid')) ?? null).toBeNull();
    expect((await srv.collector.store.getDevice(deviceA))?.revokedAt ?? null).toBeNull();
  });

  it('brute force: five wrong passwords lock the account (even the right password is refused), unknown e-mails answer the same', async () => {
    const email = 'target@school.invalid';
    const password = 'the-real-password-of-the-target';
    await dslA.api('POST', '/api/dashboard/staff', { email, name: 'Target', role: 'teacher', password });
    const attempt = (pw: string, em = email) =>
      fetch(`${srv.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: em, password: pw }) });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await attempt(`guess-${i}-password`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([423, 423, 423]);
    const right = await attempt(password);
    expect(right.status).toBe(423);
    expect(right.headers.get('set-cookie')).toBeNull();
    const unknown = await attempt('whatever', 'nobody@school.invalid');
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as { message: string }).message).toBe('e-mail or password not recognised');
  });

  it('path traversal on static files (dashboard, assets, extension downloads) never leaves the served folders', async () => {
    const paths = [
      '/..%2f..%2fpackage.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/..%252f..%252fpackage.json',
      '/assets/%c0%ae%c0%ae%2fpackage.json',
      '/assets/..\\..\\package.json',
      '/assets/.env',
      '/assets/....//....//package.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/assets/%2fetc%2fpasswd',
      '/extension/..%2f..%2fpackage.json',
      '/extension/updates.xml/..%2f..%2fpackage.json',
      '/api/..%2f..%2fpackage.json',
      '/bare.js/..%2f..%2fpackage.json',
    ];
    for (const p of paths) {
      // Raw request line: fetch() would normalise the dots away before they reach the server.
      const out = await rawHttp(port(), `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      const status = Number(out.slice(9, 12));
      expect(status, `${p}: ${out.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(status, p).toBeLessThan(500);
      expect(out, p).not.toMatch(/root:x:0:0|"name":\s*"esafety"|devDependencies/);
    }
  });
});
