import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { landing } from '../support/browser';
import { ChromebookUnderTest } from '../support/chromebook';
import { CollectorProcess } from '../support/collector-process';
import { signIn } from '../support/dashboard-stack';
import { FakeSites } from '../support/fake-sites';
import { waitFor } from '../support/wait';

interface AlertJson {
  id: string;
  deviceId: string;
  severity: number;
  category: string;
  term: string;
  context: string;
  matchStart: number;
  matchEnd: number;
  url: string;
  at: string;
  user: string | null;
  ip: string | null;
}

/**
 * The thin path, end to end, the way a school meets it: a managed Chromebook profile (policy
 * in Chromium's managed directory), a pupil searching and typing, a collector on loopback, and
 * a member of staff seeing the alert.
 */
describe('thin path: search redirect, typed alert, staff sees it', () => {
  const sites = new FakeSites();
  const collector = new CollectorProcess({ env: { DASHBOARD_DIR: inject('dashboardDir') } });
  const device = new ChromebookUnderTest(sites, collector);
  let page: Page;

  beforeAll(async () => {
    await device.start({ deviceName: 'Y3-Chromebook-12' });
    page = device.page;
  });

  afterAll(() => device.stop());

  it('sends a Google search to Kiddle with the query kept, and Google never sees it', async () => {
    const before = sites.requestsTo('www.google.com').length;
    const { url, error } = await landing(page, 'https://www.google.com/search?q=volcanoes');
    expect(error).toBeUndefined();
    expect(url).toBe('https://www.kiddle.co/s.php?q=volcanoes');
    expect(await page.$eval('#where', (h) => h.textContent)).toBe('https://www.kiddle.co/s.php?q=volcanoes');
    expect(sites.requestsTo('www.google.com').slice(before).filter((r) => r.url.includes('/search'))).toEqual([]);
  });

  it('reports a flagged phrase typed into a page, with device, time, URL, term, category and severity', async () => {
    const typedAt = Date.now();
    await landing(page, 'https://homework.example.org/diary');
    await page.type('#text', 'Today was bad and i want to kill myself');
    await page.click('#search'); // leaving the box is a natural pause: the text is scanned now
    await collector.signIn();
    const alert = await waitFor(
      'the alert at the collector',
      async () => (await collector.api<{ alerts: AlertJson[] }>('GET', '/api/alerts')).alerts.find((a) => a.term === 'kill myself'),
      20_000,
    );
    expect(alert.category).toBe('suicide');
    expect(alert.severity).toBe(5);
    expect(alert.url).toBe('https://homework.example.org/diary');
    expect(alert.context.slice(alert.matchStart, alert.matchEnd)).toBe('kill myself');
    expect(alert.context).toContain('Today was bad');
    expect(alert.deviceId).toMatch(/^dev_/);
    expect(alert.ip).toBe('127.0.0.1');
    expect(Date.parse(alert.at)).toBeGreaterThanOrEqual(typedAt - 1000);
    const { devices } = await collector.api<{ devices: { id: string; name: string }[] }>('GET', '/api/devices');
    expect(devices.find((d) => d.id === alert.deviceId)?.name).toBe('Y3-Chromebook-12');
  });

  it('does not alert on ordinary typing', async () => {
    await landing(page, 'https://homework.example.org/story');
    await page.type('#text', 'The volcano erupted and we killed time by drawing it');
    await page.click('#search');
    await new Promise((r) => setTimeout(r, 2500));
    const { alerts } = await collector.api<{ alerts: AlertJson[] }>('GET', '/api/alerts');
    expect(alerts.filter((a) => a.url.includes('/story'))).toEqual([]);
  });

  it('shows the alert to a signed-in member of staff on the dashboard page', async () => {
    const staffPage = await device.tb.browser.newPage();
    await staffPage.goto(collector.url, { waitUntil: 'domcontentloaded' });
    await signIn(staffPage);
    await staffPage.waitForSelector('#rows tr', { timeout: 15_000 });
    const rows = await staffPage.$$eval('#rows tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows.some((r) => r.includes('kill myself') && /suicide/i.test(r))).toBe(true);
    expect(await staffPage.$eval('#rows mark', (m) => m.textContent)).toBe('kill myself');
    await staffPage.close();
  });
});
