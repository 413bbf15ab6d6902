import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DeviceEvent } from '../../shared/protocol/events';
import { TEST_ADMIN_EMAIL } from '../support/collector-process';
import { DashboardStack, screenshot } from '../support/dashboard-stack';
import { waitFor } from '../support/wait';

let seq = 0;
const keyword = (over: Record<string, unknown>): DeviceEvent =>
  ({
    id: `dash-${Date.now()}-${++seq}`,
    at: new Date().toISOString(),
    type: 'keyword_alert',
    source: 'input',
    url: 'https://homework.example.org/diary',
    title: 'My diary',
    ...over,
  }) as DeviceEvent;

/** A keyword alert whose context is `before + term + after`, offsets computed. */
const typed = (before: string, term: string, after: string, over: Record<string, unknown> = {}) =>
  keyword({ term, context: before + term + after, matchStart: before.length, matchEnd: before.length + term.length, ...over });

/**
 * The DSL's daily triage in a real Chromium against a real collector: sign in, a live alert
 * arrives (and is e-mailed without pupil text), open it, mark a false positive with an
 * allow-phrase, export CSV and print an incident record; pupil-typed HTML stays inert.
 */
describe('dashboard: live alerts, triage and exports', () => {
  const stack = new DashboardStack();
  let page: Page;

  beforeAll(async () => {
    await stack.start({ chromiumPath: inject('chromiumPath'), dashboardDir: inject('dashboardDir') });
    await stack.collector.signIn();
    await stack.collector.api('POST', '/api/dashboard/roster', {
      csv: 'user,name,class,year\nava.patel,Ava Patel,5B,Year 5\nben.king,Ben King,3A,Year 3\n',
    });
    page = await stack.signedInPage();
  });
  afterAll(() => stack.stop());

  it('shows a new alert live, sorted by severity, and e-mails the DSL a link with no pupil text', async () => {
    await page.waitForSelector('#rows');
    await stack.device.sendEvents([typed('we were playing a ', 'bet', ' on the game', { category: 'gambling', severity: 2, user: 'ben.king' })]);
    await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 1, { timeout: 15_000, polling: 200 });
    // Nothing reloads the page: the next alert arrives over the live socket.
    await page.evaluate(() => ((window as any).__sameDocument = true));
    await stack.device.sendEvents([typed('Today was awful and I want to ', 'kill myself', ' tonight', { category: 'suicide', severity: 5, user: 'ava.patel' })]);
    await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 2, { timeout: 15_000, polling: 200 });
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
    const rows = await page.$$eval('#rows tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows[0]).toContain('kill myself');
    expect(rows[0]).toContain('Ava Patel');
    expect(rows[0]).toContain('Year 5');
    expect(rows[1]).toContain('bet');
    expect(await page.$eval('#rows tr:first-child mark', (m) => m.textContent)).toBe('kill myself');
    expect(await page.$eval('#live-announce', (p) => p.textContent)).toMatch(/New severity 5 alert/);

    const mail = await stack.smtp.waitForMail((m) => m.raw.includes('severity 5'), 'the high-severity e-mail');
    expect(mail.to).toEqual([TEST_ADMIN_EMAIL]);
    expect(mail.raw).toMatch(/\/#\/alerts\/dev_[^\s]+/);
    for (const secret of ['kill myself', 'Ava', 'ava.patel', 'homework.example.org', 'awful']) expect(mail.raw).not.toContain(secret);
    // The severity-2 alert is below the school's e-mail threshold (4).
    expect(stack.smtp.mails.filter((m) => m.raw.includes('severity 2'))).toEqual([]);
    await screenshot(page, 'alerts');
  });

  it('filters by year group and severity', async () => {
    await page.select('select[name=yearGroup]', 'Year 3');
    await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 1 && document.querySelector('#rows')!.textContent!.includes('bet'), { polling: 200 });
    await page.select('select[name=yearGroup]', '');
    await page.select('select[name=minSeverity]', '4');
    await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 1 && document.querySelector('#rows')!.textContent!.includes('kill myself'), { polling: 200 });
    await page.select('select[name=minSeverity]', '');
    await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 2, { polling: 200 });
  });

  it('puts pupil concerns and reported URLs in the same queue, marked as such', async () => {
    await stack.device.sendEvents([
      { id: `con-${Date.now()}`, at: new Date().toISOString(), type: 'concern', message: 'A boy in a game asked for my photo', url: 'https://game.example/chat', user: 'ava.patel' },
      { id: `url-${Date.now()}`, at: new Date().toISOString(), type: 'url_report', kind: 'unsuitable', url: 'https://scary.example/clip', message: 'scary video', user: 'ben.king' },
    ]);
    await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 4, { timeout: 15_000, polling: 200 });
    const rows = await page.$$eval('#rows tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows.find((r) => r.includes('asked for my photo'))).toContain('Pupil concern');
    expect(rows.find((r) => r.includes('scary.example'))).toContain('Reported URL');
    // A concern is serious (4): above the gambling alert, below the suicide alert.
    expect(rows.findIndex((r) => r.includes('Pupil concern'))).toBe(1);
    await page.select('select[name=kind]', 'concern');
    await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 1, { polling: 200 });
    await page.select('select[name=kind]', '');
    await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 4, { polling: 200 });
  });

  it('opens an alert: term highlighted in context, URL, title, device, pupil, IP, screenshot and timeline', async () => {
    const shotPage = await stack.tb.browser.newPage();
    await shotPage.setContent('<h1 style="font:32px sans-serif">My diary</h1><p style="font:20px sans-serif">Today was awful and I want to kill myself tonight</p>');
    const shot = `data:image/jpeg;base64,${await shotPage.screenshot({ type: 'jpeg', quality: 60, encoding: 'base64', clip: { x: 0, y: 0, width: 640, height: 200 } })}`;
    await shotPage.close();
    await stack.device.sendEvents([
      typed('I hate school and I want to ', 'hurt myself', ' again', { category: 'self-harm', severity: 4, user: 'ava.patel', screenshot: shot, url: 'https://homework.example.org/notes' }),
    ]);
    await page.waitForFunction(() => document.querySelector('#rows')!.textContent!.includes('hurt myself'), { timeout: 15_000, polling: 200 });
    const link = await page.$$eval('#rows tr', (trs) => trs.find((tr) => tr.textContent!.includes('hurt myself'))!.querySelector('a')!.getAttribute('href'));
    await page.goto(`${stack.collector.url}/${link}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#alert-context mark');
    expect(await page.$eval('#alert-context mark', (m) => m.textContent)).toBe('hurt myself');
    const facts = await page.$eval('dl.facts', (d) => d.textContent ?? '');
    for (const f of ['https://homework.example.org/notes', 'My diary', 'Y5-Chromebook-07', 'Ava Patel', 'ava.patel', 'Year 5', '5B', '127.0.0.1']) expect(facts).toContain(f);
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('img.evidence');
      return img && img.complete && img.naturalWidth === 640;
    }, { polling: 200 });
    const timeline = await page.$$eval('#timeline tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(timeline.some((t) => t.includes('kill myself'))).toBe(true);
    await screenshot(page, 'alert-detail');
  });

  it('marks a false positive with a note and adds an allow-phrase in one step, logged as a policy change', async () => {
    await stack.device.sendEvents([typed('we had to ', 'kill', ' time before the bus', { category: 'violence', severity: 3, user: 'ben.king' })]);
    const alerts = (await stack.collector.api<{ alerts: { id: string; term: string }[] }>('GET', '/api/dashboard/alerts')).alerts;
    const id = alerts.find((a) => a.term === 'kill')!.id;
    await page.goto(`${stack.collector.url}/#/alerts/${encodeURIComponent(id)}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#triage');
    await page.click('input[name=status][value=false_positive]');
    await page.type('textarea[name=note]', 'Idiom: "kill time". Checked with class teacher.');
    await page.click('input[name=addAllow]');
    const phrase = await page.waitForSelector('input[name=allowPhrase]');
    await phrase!.click({ count: 3 });
    await phrase!.type('kill time');
    await page.click('#triage button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#alert-status')?.textContent === 'False positive', { polling: 200 });
    const notes = await page.$eval('#notes', (n) => n.textContent ?? '');
    expect(notes).toContain('Designated Safeguarding Lead');
    expect(notes).toContain('New → False positive');
    expect(notes).toContain('Allow-phrase added: "kill time"');
    const { policy } = await stack.collector.api<{ policy: { keywords: { allowPhrases: string[] } } }>('GET', '/api/policy');
    expect(policy.keywords.allowPhrases).toContain('kill time');
    await page.goto(`${stack.collector.url}/#/policy`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#policy-log tbody tr');
    const log = await page.$eval('#policy-log tbody tr', (tr) => tr.textContent ?? '');
    expect(log).toContain('keywords.allowPhrases: added "kill time"');
    expect(log).toContain(`False positive on alert ${id}`);
    expect(log).toContain(TEST_ADMIN_EMAIL);
  });

  it('shows pupil-typed <script> and <img onerror> as inert text in the list and the detail', async () => {
    const payload = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;
    await stack.device.sendEvents([
      typed(payload + ' ', 'kill myself', ` <b onmouseover="window.__xss=3">x</b>`, { category: 'suicide', severity: 5, user: '<script>window.__xss=4</script>', title: '<img src=y onerror="window.__xss=5">' }),
    ]);
    await page.goto(`${stack.collector.url}/#/alerts`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.querySelector('#rows')?.textContent?.includes('onerror'), { timeout: 15_000, polling: 200 });
    const row = await page.$$eval('#rows tr', (trs) => trs.find((tr) => tr.textContent!.includes('onerror'))!.innerHTML);
    expect(row).toContain('&lt;img src=x onerror');
    expect(row).toContain('&lt;script&gt;');
    expect(await page.$$eval('#rows img, #rows script, #rows b', (e) => e.length)).toBe(0);
    const link = await page.$$eval('#rows tr', (trs) => trs.find((tr) => tr.textContent!.includes('onerror'))!.querySelector('a')!.getAttribute('href'));
    await page.goto(`${stack.collector.url}/${link}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#alert-context mark');
    expect(await page.$eval('#alert-context', (b) => b.textContent)).toContain('<script>window.__xss=2</script>');
    expect(await page.$$eval('main script, main b, .facts img, #alert-context img', (e) => e.length)).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  });

  it('exports the selected alerts as CSV shaped for CPOMS/MyConcern, formula cells neutralised', async () => {
    await stack.device.sendEvents([typed('=HYPERLINK("http://evil.example","click") ', 'kill myself', '', { category: 'suicide', severity: 5, user: '=cmd|calc', at: new Date(Date.now() - 60_000).toISOString() })]);
    await page.goto(`${stack.collector.url}/#/alerts`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.querySelector('#rows')?.textContent?.includes('HYPERLINK'), { timeout: 15_000, polling: 200 });
    await page.select('select[name=status]', '');
    await page.waitForFunction(() => document.querySelector('#rows')?.textContent?.includes('False positive'), { polling: 200 });
    const wanted = ['HYPERLINK', 'kill time before the bus'];
    for (const w of wanted) {
      await page.$$eval('#rows tr', (trs, w) => (trs.find((tr) => tr.textContent!.includes(w))!.querySelector('input[type=checkbox]') as HTMLInputElement).click(), w);
    }
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('#export-csv')!.disabled, { polling: 200 });
    const before = new Set(fs.readdirSync(stack.downloads));
    await page.click('#export-csv');
    const file = await waitFor('the CSV download', () => fs.readdirSync(stack.downloads).find((f) => f.endsWith('.csv') && !before.has(f)));
    const csv = fs.readFileSync(path.join(stack.downloads, file), 'utf8');
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows[0]!.join(',')).toBe('Date,Time,Pupil,User name,Year group,Class,Category,Sub-category,Severity,What happened,URL,Page title,Device,IP address,Status,Action taken,Recorded by,Alert id');
    expect(rows).toHaveLength(3);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@\t\r-]/);
    const fp = rows.find((r) => r.includes('Ben King'))!;
    expect(fp[15]).toMatch(/False positive - Idiom: "kill time"/);
    expect(fp[16]).toBe('Designated Safeguarding Lead');
    expect(csv).toContain(`,'=cmd|calc,`);
    expect(csv).toContain('Online Safety,Violence,3');
    expect(csv).toContain('Ben King,ben.king,Year 3,3A');
    expect(csv).toContain('False positive');
    expect(csv).toContain('Y5-Chromebook-07');

    await page.click('#print-records');
    await page.waitForSelector('article.record');
    const records = await page.$$eval('article.record', (as) => as.map((a) => a.textContent ?? ''));
    expect(records).toHaveLength(2);
    expect(records.join()).toContain('Online Safety concern');
    expect(records.join()).toContain('Idiom: "kill time"');
    await screenshot(page, 'incident-record');
    const { audit } = await stack.collector.api<{ audit: { action: string; staffName: string }[] }>('GET', '/api/dashboard/audit');
    const actions = audit.map((a) => a.action);
    for (const a of ['export CSV', 'print incident records', 'view alert', 'view screenshot', 'view alert list']) expect(actions).toContain(a);
  });
});
