import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { monthPeriod, termOf, termPeriod } from '../../server/reports/periods';
import type { DeviceEvent } from '../../shared/protocol/events';
import { ROOT } from '../support/build-extension';
import { TEST_ADMIN_EMAIL } from '../support/collector-process';
import { COORDINATOR_EMAIL, DashboardStack, screenshot } from '../support/dashboard-stack';
import { enrol } from '../support/device-client';

let seq = 0;
/**
 * A time in the month the monthly report opens on: last month on the school's calendar (UK
 * time, the policy's default), which in the last hour of a summer-time month is already a
 * month on from UTC's.
 */
const lastMonth = (day: number, hour = 10) => new Date(Date.parse(monthPeriod().since) + (day - 1) * 86_400_000 + hour * 3_600_000).toISOString();
/** Tamper reports sent by this file: last month's in the setup, then one per attempt of the devices test. */
const tamperTimes = [lastMonth(21)];
const alertAt = (at: string, user: string, term: string, category: string, severity: number): DeviceEvent =>
  ({
    id: `rep-${Date.now()}-${++seq}`,
    at,
    type: 'keyword_alert',
    source: 'input',
    term,
    category,
    severity,
    context: `they said ${term} to me`,
    matchStart: 10,
    matchEnd: 10 + term.length,
    url: 'https://forum.example.org/',
    user,
  }) as DeviceEvent;

const runCli = (args: string[], env: Record<string, string>) =>
  new Promise<{ code: number; out: string }>((resolve) => {
    const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
    for (const [k, v] of Object.entries(env)) if (v === '') delete merged[k];
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'cli', 'main.ts'), ...args], { cwd: ROOT, env: merged });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });

/**
 * Reports, policy and roles in a real Chromium against a real collector: roster import, the
 * monthly report (browser and CLI, e-mailed), the governors' report, trends, a policy change
 * with a reason in the log, devices; a governor cannot open pupil detail, a teacher cannot
 * change policy. Takes the screenshots of the main screens.
 */
describe('dashboard: reports, policy, devices and roles', () => {
  const stack = new DashboardStack();
  let dsl: Page;
  let alertId = '';

  beforeAll(async () => {
    await stack.start({ chromiumPath: inject('chromiumPath'), dashboardDir: inject('dashboardDir'), deviceName: 'Y6-Board-PC', deviceGroup: 'board' });
    await stack.collector.signIn();
    await stack.device.sendEvents([
      alertAt(lastMonth(3), 'ava.patel', 'loser', 'bullying', 3),
      alertAt(lastMonth(4), 'ava.patel', 'nobody likes you', 'bullying', 4),
      alertAt(lastMonth(9), 'ava.patel', 'kill myself', 'suicide', 5),
      alertAt(lastMonth(12), 'ben.king', 'casino', 'gambling', 2),
      alertAt(lastMonth(20), 'cara.jones', 'knife', 'weapons', 3),
      { id: `tmp-${Date.now()}`, at: tamperTimes[0]!, type: 'tamper', kind: 'extension_disabled', detail: 'The e-safety extension was turned off' },
      { id: `con-${Date.now()}`, at: lastMonth(22), type: 'concern', message: 'Someone in a game keeps messaging me', user: 'cara.jones' },
    ]);
    alertId = (await stack.collector.api<{ alerts: { id: string }[] }>('GET', '/api/alerts')).alerts[0]!.id;
    const signIn = await stack.tb.browser.newPage();
    await signIn.goto(stack.collector.url, { waitUntil: 'domcontentloaded' });
    await signIn.waitForSelector('#login');
    await screenshot(signIn, 'sign-in');
    await signIn.close();
    dsl = await stack.signedInPage();
  });
  afterAll(() => stack.stop());

  it('imports a roster CSV from the Roster page so alerts show year groups', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'roster-')), 'pupils.csv');
    fs.writeFileSync(file, 'UPN Login,Legal Name,Reg Group,NC Year\nava.patel,Ava Patel,5B,Year 5\nben.king,Ben King,3A,Year 3\ncara.jones,Cara Jones,6C,Year 6\n');
    await dsl.goto(`${stack.collector.url}/#/roster`, { waitUntil: 'domcontentloaded' });
    const input = await dsl.waitForSelector('#roster-form input[type=file]');
    await (input as any).uploadFile(file);
    await dsl.click('#roster-form button[type=submit]');
    await dsl.waitForFunction(() => document.querySelector('#roster caption')?.textContent === '3 pupils', { polling: 200 });
    expect(await dsl.$eval('#roster-form [role=status]', (p) => p.textContent)).toContain('Imported 3 pupils');
    const bad = path.join(path.dirname(file), 'bad.csv');
    fs.writeFileSync(bad, 'name,class\nAva,5B\n');
    await (input as any).uploadFile(bad);
    await dsl.click('#roster-form button[type=submit]');
    await dsl.waitForSelector('#roster-form [role=alert]');
    expect(await dsl.$eval('#roster-form [role=alert]', (p) => p.textContent)).toMatch(/missing columns: user .*year/);
    expect(await dsl.$eval('#roster caption', (c) => c.textContent)).toBe('3 pupils');
  });

  it('shows last month\'s report with charts and e-mails it to the e-safety coordinator (no names)', async () => {
    await dsl.goto(`${stack.collector.url}/#/reports/monthly`, { waitUntil: 'domcontentloaded' });
    await dsl.waitForSelector('#total-alerts');
    expect(await dsl.$eval('#total-alerts', (e) => e.textContent)).toBe('7');
    const tables = await dsl.$$eval('table.counts', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(tables.join()).toContain('Year 5');
    expect(tables.join()).toContain('Bullying');
    const drawn = await dsl.$$eval('.chart canvas', (cs) => cs.map((c) => (c as HTMLCanvasElement).width > 0 && (c as HTMLCanvasElement).getAttribute('aria-label')));
    expect(drawn).toHaveLength(4);
    await screenshot(dsl, 'monthly-report');
    await dsl.click('#send-monthly');
    await dsl.waitForSelector('#sent');
    const mail = await stack.smtp.waitForMail((m) => m.to.includes(COORDINATOR_EMAIL), 'the monthly report e-mail');
    expect(mail.raw).toContain('Alerts: 7');
    expect(mail.raw).toMatch(/Bullying[^\n]*: 2/);
    expect(mail.raw).toMatch(/Year 5: 3/);
    for (const name of ['Ava', 'ava.patel', 'Cara', 'kill myself', 'Someone in a game']) expect(mail.raw).not.toContain(name);
  });

  it('sends the monthly report from the command line too (npm run -s cli -- report monthly)', async () => {
    const before = stack.smtp.mails.length;
    const r = await runCli(['report', 'monthly'], { DATA_DIR: stack.collector.dataDir, SMTP_URL: stack.smtp.url, ESAFETY_COORDINATOR_EMAIL: COORDINATOR_EMAIL, LOG_LEVEL: 'error' });
    expect(r.out).toMatch(/Sent the .* report for Our School to esafety\.coordinator@school\.invalid \(7 alerts\)/);
    expect(r.code).toBe(0);
    expect(stack.smtp.mails.length).toBe(before + 1);
    const noSmtp = await runCli(['report', 'monthly'], { DATA_DIR: stack.collector.dataDir, SMTP_URL: '', ESAFETY_COORDINATOR_EMAIL: COORDINATOR_EMAIL, LOG_LEVEL: 'error' });
    expect(noSmtp.code).toBe(1);
    expect(noSmtp.out).toMatch(/set SMTP_URL/);
  });

  it('changes a policy with a reason and shows it in the change log; no reason, no change', async () => {
    await dsl.goto(`${stack.collector.url}/#/policy`, { waitUntil: 'domcontentloaded' });
    await dsl.waitForSelector('#policy-form');
    await dsl.click('input[name=category-gambling]');
    await dsl.type('textarea[name=allowPhrases]', 'sussex\nscunthorpe');
    await dsl.type('input[name=suspend-user]', 'cara.jones');
    await dsl.$eval('input[name=suspend-until]', (i) => {
      const input = i as HTMLInputElement;
      input.value = '2030-01-31';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await dsl.type('input[name=suspend-reason]', 'Repeated attempts to reach gaming chat');
    await dsl.click('#add-suspension');
    await dsl.waitForFunction(() => document.querySelector('#suspensions')?.textContent?.includes('cara.jones'), { polling: 200 });
    // This school closes at 15:15 (the silent-device alert counts only school hours).
    await dsl.$eval('input[name=hours-end]', (i) => {
      const input = i as HTMLInputElement;
      input.value = '15:15';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    // And is shut over Christmas and for an INSET day (silence then does not count either).
    await dsl.type('textarea[name=hours-closed]', '21/12/2026 Christmas');
    await dsl.type('textarea[name=reason]', 'Term dates');
    await dsl.click('#save-policy');
    await dsl.waitForFunction(() => document.querySelector('#policy-form [role=alert]')?.textContent?.includes('Closed days, line 1'), { polling: 200 });
    expect(await dsl.$eval('#policy-form [role=alert]', (p) => p.textContent)).toContain('a date as YYYY-MM-DD');
    await dsl.$eval('textarea[name=reason]', (t) => {
      const area = t as HTMLTextAreaElement;
      area.value = '';
      area.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await dsl.$eval('textarea[name=hours-closed]', (t) => {
      const area = t as HTMLTextAreaElement;
      area.value = '2026-12-21 to 2027-01-01 Christmas holiday\n2027-01-04 INSET day';
      area.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await dsl.click('#save-policy');
    // The browser will not submit without a reason (required), and the server refuses one too.
    expect(await dsl.$eval('textarea[name=reason]', (t) => (t as HTMLTextAreaElement).validity.valueMissing)).toBe(true);
    const noReason = await dsl.evaluate(async () => (await fetch('/api/policy', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
    expect(noReason).toBe(403); // and without the CSRF token it is refused before anything else
    await dsl.type('textarea[name=reason]', 'Nursery and infants: gambling terms raised only false positives (risk assessment RA-12)');
    await dsl.click('#save-policy');
    await dsl.waitForFunction(() => document.querySelector('#policy-form [role=status]')?.textContent?.includes('Saved as version 2'), { polling: 200 });
    await dsl.waitForFunction(() => document.querySelector('#policy-log tbody tr td')?.textContent === '2', { polling: 200 });
    const top = await dsl.$eval('#policy-log tbody tr', (tr) => tr.textContent ?? '');
    expect(top).toContain('RA-12');
    expect(top).toContain(TEST_ADMIN_EMAIL);
    expect(top).toContain('keywords.disabledCategories: added "gambling"');
    expect(top).toContain('keywords.allowPhrases: added "sussex"');
    expect(top).toContain('schoolHours.end: "16:30" → "15:15"');
    expect(top).toContain('schoolHours.closed: added {"from":"2026-12-21","to":"2027-01-01","label":"Christmas holiday"}');
    expect(top).toContain('schoolHours.closed: added {"from":"2027-01-04","to":"2027-01-04","label":"INSET day"}');
    expect(top).toMatch(/suspensions: added \{"user":"cara.jones","until":"2030-01-31T[^"]+","reason":"Repeated attempts to reach gaming chat"\}/);
    await screenshot(dsl, 'policy');
  });

  it('shows trends, devices and the audit log', async () => {
    await dsl.goto(`${stack.collector.url}/#/trends`, { waitUntil: 'domcontentloaded' });
    await dsl.waitForSelector('#repeat-pupils');
    const repeat = await dsl.$eval('#repeat-pupils tbody tr', (tr) => tr.textContent ?? '');
    expect(repeat).toContain('Ava Patel');
    expect(repeat).toContain('Year 5');
    await screenshot(dsl, 'trends');
    tamperTimes.push(new Date().toISOString());
    await stack.device.sendEvents([{ id: `tmp2-${Date.now()}`, at: tamperTimes.at(-1)!, type: 'tamper', kind: 'policy_edited', detail: 'managed policy file changed' }]);
    await dsl.goto(`${stack.collector.url}/#/devices`, { waitUntil: 'domcontentloaded' });
    await dsl.waitForSelector('#devices tbody tr');
    const row = await dsl.$eval('#devices tbody tr', (tr) => tr.textContent ?? '');
    expect(row).toContain('Y6-Board-PC');
    expect(row).toContain('online');
    // The last column counts tamper alerts of the last 30 days: the one just sent (once per
    // attempt) and last month's when that is recent enough, which depends on today's date.
    const recent = tamperTimes.filter((at) => Date.now() - Date.parse(at) < 30 * 86_400_000).length;
    expect(row).toMatch(new RegExp(`\\D${recent}$`));
    await screenshot(dsl, 'devices');
    await dsl.goto(`${stack.collector.url}/#/audit`, { waitUntil: 'domcontentloaded' });
    await dsl.waitForSelector('#audit tbody tr');
    const audit = await dsl.$$eval('#audit tbody tr', (trs) => trs.map((t) => t.textContent ?? ''));
    expect(audit.some((a) => a.includes('import roster'))).toBe(true);
    expect(audit.some((a) => a.includes('view repeat pupils'))).toBe(true);
    await screenshot(dsl, 'audit-log');
  });

  it('lets a governor see the governors\' report but not open pupil detail', async () => {
    await dsl.goto(`${stack.collector.url}/#/staff`, { waitUntil: 'domcontentloaded' });
    await dsl.waitForSelector('#staff-form');
    await dsl.type('#staff-form input[name=name]', 'Mr Governor');
    await dsl.type('#staff-form input[name=email]', 'governor@school.invalid');
    await dsl.select('#staff-form select[name=role]', 'governor');
    await dsl.type('#staff-form input[name=password]', 'governor-pass-phrase');
    await dsl.click('#staff-form button[type=submit]');
    await dsl.waitForFunction(() => document.querySelector('#staff')?.textContent?.includes('governor@school.invalid'), { polling: 200 });
    await screenshot(dsl, 'staff');

    const gov = await stack.signedInPage('governor@school.invalid', 'governor-pass-phrase', { ownContext: true });
    const nav = await gov.$$eval('header nav a', (as) => as.map((a) => a.textContent));
    expect(nav).toEqual(["Governors' report"]);
    await gov.waitForSelector('#total-alerts');
    // It opens on the term to date; the alerts are last month's, which in a term's first month
    // (January, April, September) is the term before: open that one.
    const { term, year } = termOf(new Date(lastMonth(10)));
    const { label } = termPeriod(`${year}-${term}`);
    await gov.goto(`${stack.collector.url}/#/reports/governors?period=${year}-${term}`, { waitUntil: 'domcontentloaded' });
    await gov.waitForFunction((l) => document.querySelector('#report-period')?.textContent?.includes(l) && document.querySelector('#total-alerts'), { polling: 100 }, label);
    const text = await gov.$eval('main', (m) => m.textContent ?? '');
    expect(text).toContain('Year 5');
    for (const name of ['Ava', 'ava.patel', 'Cara', 'kill myself', 'loser']) expect(text).not.toContain(name);
    await screenshot(gov, 'governors-report');
    await gov.goto(`${stack.collector.url}/#/alerts/${encodeURIComponent(alertId)}`, { waitUntil: 'domcontentloaded' });
    await gov.waitForSelector('main [role=alert]');
    expect(await gov.$eval('main', (m) => m.textContent)).toContain('Not available');
    const status = await gov.evaluate(async (id) => (await fetch(`/api/dashboard/alerts/${encodeURIComponent(id)}`)).status, alertId);
    expect(status).toBe(403);
    expect(await gov.evaluate(async () => (await fetch('/api/dashboard/reports/monthly')).status)).toBe(403);
    await gov.browserContext().close();
  });

  it('lets a teacher see devices but not change policy', async () => {
    await enrol(stack.collector.url, { name: 'Y2-Chromebook-01' });
    await stack.collector.api('POST', '/api/dashboard/staff', { email: 'teacher@school.invalid', name: 'Miss Teacher', role: 'teacher', password: 'teacher-pass-phrase' });
    const t = await stack.signedInPage('teacher@school.invalid', 'teacher-pass-phrase', { ownContext: true });
    const nav = await t.$$eval('header nav a', (as) => as.map((a) => a.textContent));
    expect(nav).toEqual(['Devices']);
    await t.waitForSelector('#devices tbody tr');
    // The board PC, not the pupils' Chromebook enrolled alongside it.
    expect(await t.$$eval('#devices tbody tr', (trs) => trs.map((tr) => tr.querySelector('td')!.firstChild!.textContent))).toEqual(['Y6-Board-PC']);
    await t.goto(`${stack.collector.url}/#/policy`, { waitUntil: 'domcontentloaded' });
    await t.waitForFunction(() => document.querySelector('main')?.textContent?.includes('Not available'), { polling: 200 });
    const put = await t.evaluate(async () => {
      const s = await (await fetch('/api/session')).json();
      const r = await fetch('/api/policy', { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrfToken }, body: JSON.stringify({ policy: {}, reason: 'let me' }) });
      return { status: r.status, body: await r.json() };
    });
    expect(put.status).toBe(403);
    expect(put.body.message).toMatch(/your role \(teacher\) may not do this/);
    await t.browserContext().close();
  });
});
