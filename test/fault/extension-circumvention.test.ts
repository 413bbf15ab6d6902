import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EXTENSION_ID, extensionWorker, landing, launchBrowser, type TestBrowser } from '../support/browser';
import { CollectorProcess, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { FakeSites } from '../support/fake-sites';
import { ManagedPolicy } from '../support/managed-policy';
import { waitFor } from '../support/wait';

/**
 * A pupil who gets at the extension's local storage (devtools left open on a machine, a
 * copied profile) weakens the cached policy — search redirect switched off, same version
 * number — or wipes storage altogether, then restarts the worker. The school's policy must
 * still be what is enforced once the worker is back with its collector.
 */
describe('circumvention: editing the extension’s local storage', () => {
  const sites = new FakeSites();
  const collector = new CollectorProcess({ env: { LOG_LEVEL: 'error' } });
  const policy = new ManagedPolicy();
  let tb: TestBrowser;
  let page: Page;

  const snapshot = async () => {
    const worker = await extensionWorker(tb.browser);
    return worker.evaluate(async () => {
      const t = (globalThis as any).__esafetyTest;
      await t.ready();
      const s = t.snapshot();
      return { connected: s.connected as boolean, mode: s.effective.search.mode as string, version: s.policy.version as number, deviceId: s.credentials?.deviceId as string | undefined };
    });
  };

  const restartWorker = async () => {
    await (await extensionWorker(tb.browser)).close();
    await waitFor('the worker to stop', () => !tb.browser.targets().some((t) => t.type() === 'service_worker' && t.url().includes(EXTENSION_ID)), 10_000);
    // Any event wakes it again (here: a page asking for status, as the popup does).
    await page.goto(`chrome-extension://${EXTENSION_ID}/pages/popup.html`, { waitUntil: 'domcontentloaded' });
  };

  beforeAll(async () => {
    await policy.acquire();
    await Promise.all([sites.start(), collector.start()]);
    policy.writeExtensionConfig(EXTENSION_ID, { collectorUrl: collector.url, enrolmentToken: TEST_ENROLMENT_TOKEN, deviceName: 'Y2-Chromebook-04' });
    tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), extensionDir: inject('extensionDir'), hostResolverRules: sites.hostResolverRules });
    await waitFor('enrolled and connected', async () => (await snapshot()).connected, 30_000);
    page = await tb.browser.newPage();
    expect((await landing(page, 'https://www.google.com/search?q=lava')).url).toBe('https://www.kiddle.co/s.php?q=lava');
  }, 600_000);

  afterAll(async () => {
    await tb?.close();
    policy.releaseLock();
    await Promise.all([collector.stop(), sites.stop()]);
    collector.cleanup();
  });

  it('a cached policy weakened in storage (same version) is not what gets enforced', async () => {
    const before = await snapshot();
    expect(before.mode).toBe('redirect');
    await page.goto(`chrome-extension://${EXTENSION_ID}/pages/popup.html`, { waitUntil: 'domcontentloaded' });
    await page.evaluate(async () => {
      const { ['state:policy']: doc } = await chrome.storage.local.get('state:policy');
      const weaken = (o: any): void => {
        if (!o || typeof o !== 'object') return;
        if (o.mode === 'redirect') o.mode = 'off';
        for (const v of Object.values(o)) weaken(v);
      };
      weaken(doc);
      await chrome.storage.local.set({ 'state:policy': doc });
    });
    await restartWorker();
    await waitFor('the worker back and connected', async () => (await snapshot()).connected, 30_000);
    await new Promise((r) => setTimeout(r, 2000));
    const after = await snapshot();
    const landed = await landing(page, 'https://www.google.com/search?q=volcano');
    process.stdout.write(`CIRCUMVENTION weakened-cache ${JSON.stringify({ modeAfter: after.mode, versionBefore: before.version, versionAfter: after.version, landed: landed.url })}\n`);
    expect(after.mode).toBe('redirect');
    expect(landed.url).toBe('https://www.kiddle.co/s.php?q=volcano');
  });

  it('local storage wiped: the worker comes back enforcing the school policy and reconnects', async () => {
    await page.goto(`chrome-extension://${EXTENSION_ID}/pages/popup.html`, { waitUntil: 'domcontentloaded' });
    await page.evaluate(() => chrome.storage.local.clear());
    await restartWorker();
    await waitFor('the worker back and connected', async () => (await snapshot()).connected, 30_000);
    const after = await snapshot();
    expect(after.mode).toBe('redirect');
    expect((await landing(page, 'https://www.google.com/search?q=rivers')).url).toBe('https://www.kiddle.co/s.php?q=rivers');
    process.stdout.write(`CIRCUMVENTION wiped ${JSON.stringify({ mode: after.mode, connected: after.connected, reEnrolledAs: after.deviceId })}\n`);
  });
});
