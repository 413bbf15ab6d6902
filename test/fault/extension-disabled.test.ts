import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import type { PolicyDocument } from '../../shared/policy/schema';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EXTENSION_ID, extensionWorker, landing, launchBrowser, waitForEnrolled, type TestBrowser } from '../support/browser';
import { ROOT } from '../support/build-extension';
import { CollectorProcess, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { FakeSites } from '../support/fake-sites';
import { ManagedPolicy } from '../support/managed-policy';
import { StaffClient } from '../support/staff-client';
import { waitFor } from '../support/wait';

/** Seconds of silence before the IT alert (production: SILENT_AFTER_MINUTES, default 120). */
const SILENT_AFTER_SECONDS = 15;

interface DeviceJson {
  id: string;
  name: string | null;
  lastSeenAt: string | null;
  connected: boolean;
}
interface AlertJson {
  id: string;
  deviceId: string;
  kind: string;
  context: string | null;
  at: string;
}

/** The extension's on/off switch on the real chrome://extensions page (shadow DOM all the way down). */
async function extensionToggle(page: Page, id: string): Promise<ElementHandle<Element>> {
  if (!page.url().startsWith('chrome://extensions')) await page.goto('chrome://extensions', { waitUntil: 'domcontentloaded' });
  const toggle = await page.waitForSelector(`extensions-manager >>> extensions-item#${id} >>> #enableToggle`, { timeout: 20_000 });
  return toggle!;
}
const toggleState = (toggle: ElementHandle<Element>) =>
  toggle.evaluate((t) => ({ checked: (t as HTMLInputElement).checked, disabled: (t as HTMLInputElement).disabled || t.hasAttribute('disabled') }));

/**
 * A pupil opens chrome://extensions and switches the extension off. Nothing on the device can
 * report that, so the collector must notice the silence and raise the IT "silent device"
 * alert, which staff see through the dashboard API. Switched back on, the device reports
 * again. Where the extension is force-installed by policy (the real deployment) the switch is
 * locked and the pupil cannot do it at all.
 */
describe('circumvention: the extension switched off on chrome://extensions', () => {
  const sites = new FakeSites();
  const collector = new CollectorProcess({
    env: { LOG_LEVEL: 'error', SILENT_AFTER_SECONDS: String(SILENT_AFTER_SECONDS), EXTENSION_DIR: inject('extensionProdDir') },
  });
  const policy = new ManagedPolicy();
  let staff: StaffClient;
  let tb: TestBrowser | undefined;

  const devices = async () => (await staff.api<{ devices: DeviceJson[] }>('GET', '/api/dashboard/devices')).devices;
  const device = async (id: string) => (await devices()).find((d) => d.id === id);
  const silentAlerts = async (deviceId: string) =>
    (await staff.api<{ alerts: AlertJson[] }>('GET', `/api/dashboard/alerts?kind=device_silent&deviceId=${encodeURIComponent(deviceId)}`)).alerts;

  beforeAll(async () => {
    await policy.acquire();
    await Promise.all([sites.start(), collector.start()]);
    staff = await new StaffClient(collector.url).signIn(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    // Silence counts only in school hours (Mon–Fri 08:00–16:30 by default); CI runs at any hour.
    const { policy: doc } = await staff.api<{ policy: PolicyDocument }>('GET', '/api/policy');
    await staff.api('PUT', '/api/policy', { policy: { ...doc, schoolHours: null }, reason: 'test: count silence at any hour' });
  }, 120_000);

  afterAll(async () => {
    await tb?.close();
    policy.releaseLock();
    await Promise.all([collector.stop(), sites.stop()]);
    collector.cleanup();
  });

  it('switched off: the collector raises the silent-device alert; switched on: the device reports again', async () => {
    policy.writeExtensionConfig(EXTENSION_ID, { collectorUrl: collector.url, enrolmentToken: TEST_ENROLMENT_TOKEN, deviceName: 'Y3-Chromebook-07' });
    tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), extensionDir: inject('extensionDir'), hostResolverRules: sites.hostResolverRules });
    const worker = await extensionWorker(tb.browser);
    await waitForEnrolled(worker);
    const deviceId = await worker.evaluate(() => (globalThis as any).__esafetyTest.snapshot().credentials.deviceId as string);
    await waitFor('the device listed as connected', async () => (await device(deviceId))?.connected, 30_000, 250);

    // The pupil's route: chrome://extensions, the extension's card, its on/off switch.
    const page = await tb.browser.newPage();
    const toggle = await extensionToggle(page, EXTENSION_ID);
    expect(await toggleState(toggle)).toEqual({ checked: true, disabled: false });
    await page.bringToFront();
    await toggle.click();
    await waitFor('the switch to show off', async () => !(await toggleState(toggle)).checked, 10_000);
    const offAt = Date.now();
    // Disabled means disabled: searches are no longer redirected (which is why staff must know).
    // (The worker's devtools target can outlive the worker while puppeteer is attached to it.)
    const search = await tb.browser.newPage();
    await waitFor('searches no longer redirected', async () => (await landing(search, 'https://www.google.com/search?q=switched+off')).url === 'https://www.google.com/search?q=switched+off', 20_000, 500);
    await waitFor('the collector to see the socket close', async () => (await device(deviceId))?.connected === false, 30_000, 250);

    // Silence past the threshold → one IT alert, visible to staff.
    const [alert] = await waitFor('the silent-device alert on the dashboard', async () => {
      const a = await silentAlerts(deviceId);
      return a.length ? a : null;
    }, 90_000, 500);
    const alertAfterOffMs = Date.now() - offAt;
    // Read once the alert exists: a heartbeat sent just before the switch may land after the close.
    const lastSeenAt = (await device(deviceId))!.lastSeenAt!;
    expect(alert!.context).toMatch(/^Y3-Chromebook-07 \(extension\) has not reported for \d+ minutes; last seen /);
    expect(alert!.context).toContain(lastSeenAt);
    // Never raised before the device had been silent for the threshold.
    expect(Date.parse(alert!.at) - Date.parse(lastSeenAt)).toBeGreaterThanOrEqual(SILENT_AFTER_SECONDS * 1000);
    const detail = await staff.api<{ alert: AlertJson } | AlertJson>('GET', `/api/dashboard/alerts/${alert!.id}`);
    expect(JSON.stringify(detail)).toContain('device_silent');

    // Switched back on: the worker starts, reconnects and sends its heartbeat.
    // (chrome://extensions is brought to the front first: evaluating in it from the background
    // tab timed out once.)
    await page.bringToFront();
    await toggle.click();
    await waitFor('the switch to show on', async () => (await toggleState(toggle)).checked, 10_000);
    await waitFor(
      'the device reporting again',
      async () => {
        const d = await device(deviceId);
        return d?.connected && d.lastSeenAt && d.lastSeenAt > alert!.at ? d : null;
      },
      60_000,
      500,
    );
    // (Same device id: it kept its credentials. The old worker's devtools target lingers while
    // puppeteer holds it, so the new worker is not looked up by target here.)
    expect((await landing(search, 'https://www.google.com/search?q=switched+on')).url).toBe('https://www.kiddle.co/s.php?q=switched+on');
    // Still one alert for that one silence.
    expect(await silentAlerts(deviceId)).toHaveLength(1);
    process.stdout.write(
      `EXTENSION_DISABLED ${JSON.stringify({ silentAfterSeconds: SILENT_AFTER_SECONDS, alertAfterOffMs, alertAt: alert!.at, lastSeenAt, reportedAgain: true })}\n`,
    );
    await tb.close();
    tb = undefined;
  });

  it('force-installed by policy (the real deployment): the switch is locked and the extension stays on', async () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'cli', 'main.ts'), 'deploy', 'info', '--url', collector.url], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: collector.dataDir },
      encoding: 'utf8',
    });
    const extensionId = /Extension id:\s+([a-p]{32})/.exec(r.stdout)?.[1];
    expect(extensionId, r.stderr).toBeTruthy();
    policy.write({
      ExtensionInstallForcelist: [`${extensionId};${collector.url}/extension/updates.xml`],
      '3rdparty': { extensions: { [extensionId!]: { collectorUrl: collector.url, enrolmentToken: TEST_ENROLMENT_TOKEN, deviceName: 'Y3-Chromebook-08' } } },
    });
    tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), hostResolverRules: sites.hostResolverRules, allowBackgroundNetworking: true });
    const enrolled = await waitFor(
      'the force-installed extension to enrol and connect',
      async () => (await devices()).find((d) => d.name === 'Y3-Chromebook-08' && d.connected),
      90_000,
      500,
    );
    const page = await tb.browser.newPage();
    const toggle = await extensionToggle(page, extensionId!);
    expect(await toggleState(toggle)).toEqual({ checked: true, disabled: true });
    // A click on the locked switch changes nothing.
    await toggle.click().catch(() => undefined);
    expect(await toggleState(toggle)).toEqual({ checked: true, disabled: true });
    const search = await tb.browser.newPage();
    expect((await landing(search, 'https://www.google.com/search?q=locked')).url).toBe('https://www.kiddle.co/s.php?q=locked');
    expect((await device(enrolled.id))?.connected).toBe(true);
    process.stdout.write(`EXTENSION_LOCKED ${JSON.stringify({ extensionId, toggle: await toggleState(toggle) })}\n`);
  });
});
