import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EXTENSION_ID, extensionWorker, waitForEnrolled, landing, launchBrowser, type TestBrowser } from '../support/browser';
import { CollectorProcess, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { whenSignedIn } from '../support/dashboard-stack';
import { FakeSites } from '../support/fake-sites';
import { ManagedPolicy } from '../support/managed-policy';
import { waitFor } from '../support/wait';

const PAYLOAD = '<img src=x onerror="window.__xss=1"> i want to kill myself <script>window.__xss=2</script>';

/**
 * The whole way round with the real extension: a pupil types HTML into a homework page, the
 * extension reports the flagged phrase, and the DSL sees the payload as inert text on the
 * dashboard, then triages it using only the keyboard.
 */
describe('dashboard: HTML a pupil types is shown inert, and triage works by keyboard', () => {
  const sites = new FakeSites();
  const collector = new CollectorProcess({ env: { DASHBOARD_DIR: inject('dashboardDir') } });
  const policy = new ManagedPolicy();
  let tb: TestBrowser;
  let staff: Page;

  beforeAll(async () => {
    await Promise.all([sites.start(), collector.start()]);
    await policy.acquire();
    policy.writeExtensionConfig(EXTENSION_ID, { collectorUrl: collector.url, enrolmentToken: TEST_ENROLMENT_TOKEN, deviceName: 'Y4-Chromebook-03' });
    tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), extensionDir: inject('extensionDir'), hostResolverRules: sites.hostResolverRules });
    const worker = await extensionWorker(tb.browser);
    await waitForEnrolled(worker);
  });

  afterAll(async () => {
    await tb?.close();
    policy.releaseLock();
    await Promise.all([collector.stop(), sites.stop()]);
    collector.cleanup();
  });

  it('shows the typed <img onerror> and <script> as text in the live list and the detail', async () => {
    staff = await tb.browser.newPage();
    await staff.goto(collector.url, { waitUntil: 'domcontentloaded' });
    // (Signed in already when vitest retries this test in the same browser.)
    await whenSignedIn(staff, '#rows');

    const pupil = await tb.browser.newPage();
    await landing(pupil, 'https://homework.example.org/diary');
    await pupil.type('#text', PAYLOAD);
    await pupil.click('#search');

    await collector.signIn();
    const stored = await waitFor(
      'the alert at the collector',
      async () => (await collector.api<{ alerts: { term: string; context: string }[] }>('GET', '/api/alerts')).alerts.find((a) => a.term === 'kill myself'),
      30_000,
    );
    expect(stored.context).toContain('<script>');
    // The list updated by itself in its background tab; bring it forward to click (rAF runs only in front).
    // Polled on a timer: rAF (puppeteer's default) does not run in a background tab.
    await staff.waitForFunction(() => document.querySelector('#rows mark')?.textContent === 'kill myself', { timeout: 30_000, polling: 200 }).catch(async (e) => {
      console.log('alerts page when the wait gave up:', await staff.evaluate(() => document.querySelector('main')?.innerText.slice(0, 2000)));
      throw e;
    });
    await pupil.close();
    await staff.bringToFront();
    const what = await staff.$eval('#rows td.what', (td) => ({ text: td.textContent ?? '', html: td.innerHTML }));
    expect(what.text).toContain('<img src=x onerror="window.__xss=1">');
    expect(what.text).toContain('<script>window.__xss=2</script>');
    expect(what.html).toContain('&lt;img');
    expect(await staff.$$eval('main img, main script', (e) => e.length)).toBe(0);

    await staff.click('#rows a');
    await staff.waitForSelector('#alert-context mark');
    expect(await staff.$eval('#alert-context', (b) => b.textContent)).toContain('<script>window.__xss=2</script>');
    expect(await staff.$$eval('main img, main script', (e) => e.length)).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(await staff.evaluate(() => (window as any).__xss)).toBeUndefined();
  });

  it('labels every control, and lets the DSL escalate the alert with the keyboard alone', async () => {
    const unlabelled = await staff.$$eval('input, select, textarea', (els) =>
      els.filter((e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute('aria-label')).map((e) => e.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    await staff.goto(`${collector.url}/#/alerts`, { waitUntil: 'domcontentloaded' });
    await staff.waitForSelector('#rows a');
    await staff.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let onLink = false;
    for (let i = 0; i < 60 && !onLink; i++) {
      await staff.keyboard.press('Tab');
      onLink = await staff.evaluate(() => !!document.activeElement?.closest('#rows') && document.activeElement?.tagName === 'A');
    }
    expect(onLink).toBe(true);
    await staff.keyboard.press('Enter');
    await staff.waitForSelector('#triage');
    // Tab to the status radios (the checked one takes focus), arrow to "Escalated".
    let onRadio = false;
    for (let i = 0; i < 40 && !onRadio; i++) {
      await staff.keyboard.press('Tab');
      onRadio = await staff.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'status');
    }
    expect(onRadio).toBe(true);
    await staff.keyboard.press('ArrowDown');
    expect(await staff.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('escalated');
    await staff.keyboard.press('Tab');
    await staff.keyboard.type('Spoke to Y4 teacher; parents called.');
    await staff.keyboard.press('Tab');
    await staff.keyboard.press('Enter');
    await staff.waitForFunction(() => document.querySelector('#alert-status')?.textContent === 'Escalated', { polling: 200 });
    expect(await staff.$eval('#notes', (n) => n.textContent)).toContain('Spoke to Y4 teacher; parents called.');
    // Focus is visible: the focused element draws an outline.
    const outline = await staff.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
  });
});
