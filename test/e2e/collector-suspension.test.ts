import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page, WebWorker } from 'puppeteer-core';
import { EXTENSION_ID, extensionWorker, waitForEnrolled, landing, launchBrowser, type TestBrowser } from '../support/browser';
import { CollectorProcess, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { FakeSites } from '../support/fake-sites';
import { ManagedPolicy } from '../support/managed-policy';
import { waitFor } from '../support/wait';

/**
 * Seed 004, end to end: the DSL suspends one pupil's internet access from the collector; the
 * pupil's Chromebook gets the new policy over its socket and every page becomes the kind
 * "paused" page; lifting it gives the internet back. Real Chromium, real collector process.
 */
describe('per-user suspension reaches the browser', () => {
  const sites = new FakeSites();
  const collector = new CollectorProcess();
  const policy = new ManagedPolicy();
  let tb: TestBrowser;
  let page: Page;
  let worker: WebWorker;

  beforeAll(async () => {
    await Promise.all([sites.start(), collector.start()]);
    await policy.acquire();
    policy.writeExtensionConfig(EXTENSION_ID, { collectorUrl: collector.url, enrolmentToken: TEST_ENROLMENT_TOKEN, deviceName: 'Y5-Chromebook-07' });
    tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), extensionDir: inject('extensionDir'), hostResolverRules: sites.hostResolverRules });
    worker = await extensionWorker(tb.browser);
    await waitForEnrolled(worker);
    await worker.evaluate(() => (globalThis as any).__esafetyTest.setUser('pupil7@school.example'));
    page = await tb.browser.newPage();
    await collector.signIn();
  });

  afterAll(async () => {
    await tb?.close();
    policy.releaseLock();
    await Promise.all([collector.stop(), sites.stop()]);
    collector.cleanup();
  });

  it('pauses every page for the suspended pupil, leaving the collector reachable, and gives it back when lifted', async () => {
    expect((await landing(page, 'https://homework.example.org/before')).url).toBe('https://homework.example.org/before');

    const until = new Date(Date.now() + 3_600_000).toISOString();
    await collector.api('POST', '/api/collector/suspensions', { user: 'pupil7@school.example', until, reason: 'Repeatedly searching for ways round the filter' });
    // Each attempt uses its own path: attempts made before the push arrives may reach the site,
    // the one that lands on the pause page must not have.
    let attempt = 0;
    let pausedPath = '';
    const paused = await waitFor(
      'the suspension to reach the browser',
      async () => {
        pausedPath = `/during-${++attempt}`;
        const l = await landing(page, `https://homework.example.org${pausedPath}`);
        return l.url.startsWith(`chrome-extension://${EXTENSION_ID}/pages/block.html?reason=suspended`) ? l : null;
      },
      15_000,
      250,
    );
    expect(paused.error).toBeUndefined();
    expect(await page.$eval('#headline', (h) => h.textContent)).toBe('The internet is paused for you right now');
    const shot = path.join(os.tmpdir(), 'esafety-suspended.png');
    await page.screenshot({ path: shot });
    expect(fs.statSync(shot).size).toBeGreaterThan(1000);
    expect(sites.requestsTo('homework.example.org').some((r) => r.url.endsWith(pausedPath))).toBe(false);
    // The device still reports to the collector while suspended.
    const connected = await worker.evaluate(() => (globalThis as any).__esafetyTest.snapshot().connected);
    expect(connected).toBe(true);

    await collector.api('POST', '/api/collector/suspensions/lift', { user: 'pupil7@school.example', reason: 'Talked it through with the pupil' });
    await waitFor(
      'the suspension to be lifted in the browser',
      async () => (await landing(page, 'https://homework.example.org/after')).url === 'https://homework.example.org/after',
      15_000,
      250,
    );
  });

  it('leaves another user on the same device alone', async () => {
    const until = new Date(Date.now() + 3_600_000).toISOString();
    await collector.api('POST', '/api/collector/suspensions', { user: 'someone-else@school.example', until, reason: 'Different pupil' });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await landing(page, 'https://homework.example.org/other')).url).toBe('https://homework.example.org/other');
  });
});
