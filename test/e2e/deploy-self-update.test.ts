import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PolicyDocument } from '../../shared/policy/schema';
import { landing, launchBrowser, type TestBrowser } from '../support/browser';
import { CollectorProcess, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { screenshot, whenSignedIn } from '../support/dashboard-stack';
import { collectorCli, installedCopies } from '../support/deploy-helpers';
import { FakeSites } from '../support/fake-sites';
import { ManagedPolicy } from '../support/managed-policy';
import { waitFor } from '../support/wait';

interface DeviceJson {
  id: string;
  version: string | null;
  connected: boolean;
  lastSeenAt: string | null;
}

/**
 * A school publishes a new extension version (its collector serves a new build): devices move
 * to it within seconds, not at Chrome's next update check hours later. The collector announces
 * the version it publishes with the policy; the installed extension asks Chrome to check its
 * update URL; Chrome downloads the signed CRX and the extension restarts into it. Observed the
 * way IT sees it: the browser's own list of installed extensions, and the device's version in
 * the collector.
 */
describe('deploy: a force-installed extension updates itself when the collector publishes a new version', () => {
  const sites = new FakeSites();
  // A copy of the production build, so the test can publish a "new version" of it.
  const build = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-build-'));
  fs.cpSync(inject('extensionProdDir'), build, { recursive: true });
  const collector = new CollectorProcess({ env: { EXTENSION_DIR: build, DASHBOARD_DIR: inject('dashboardDir') } });
  const policy = new ManagedPolicy();
  let tb: TestBrowser | undefined;

  const cli = collectorCli(collector.dataDir);

  /** The Devices page as the DSL sees it: the roll-out line and the device's version cell. */
  const devicesPage = async (name: string) => {
    const page = await tb!.browser.newPage();
    await page.goto(`${collector.url}/#/devices`, { waitUntil: 'domcontentloaded' });
    await whenSignedIn(page, '#devices tbody tr');
    const shown = { rollout: await page.$eval('#rollout', (p) => p.textContent ?? ''), version: await page.$eval('#devices tbody tr td:nth-child(5)', (td) => td.textContent ?? '') };
    await screenshot(page, name);
    await page.close();
    return shown;
  };

  const installed = async () => (await installedCopies(tb!)).map((e) => e.version);

  beforeAll(async () => {
    sites.on((_req, url) => {
      if (url.pathname !== '/editor-frame') return undefined;
      // A TinyMCE-style editor: a contenteditable body inside a srcdoc iframe.
      const inner = '<!doctype html><html><body id="inner" contenteditable="true" style="min-height:4em"></body></html>';
      return { body: `<!doctype html><html><head><title>Class blog</title></head><body><iframe id="frame" srcdoc='${inner}'></iframe><input id="after"></body></html>` };
    });
    await Promise.all([sites.start(), collector.start()]);
    await policy.acquire();
    await collector.signIn();
  });

  afterAll(async () => {
    await tb?.close();
    policy.clear();
    policy.releaseLock();
    await Promise.all([collector.stop(), sites.stop()]);
    collector.cleanup();
    fs.rmSync(build, { recursive: true, force: true });
  });

  it('installs 0.1.0, then moves to 0.1.1 once the collector serves it and announces it', async () => {
    const extensionId = /Extension id:\s+([a-p]{32})/.exec(cli('deploy', 'info', '--url', collector.url))?.[1] ?? '';
    const adminConsoleJson = JSON.parse(cli('deploy', 'chromebook', '--url', collector.url, '--token', TEST_ENROLMENT_TOKEN)) as Record<string, unknown>;
    policy.write({
      ExtensionInstallForcelist: [`${extensionId};${collector.url}/extension/updates.xml`],
      '3rdparty': { extensions: { [extensionId]: adminConsoleJson } },
    });
    tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), hostResolverRules: sites.hostResolverRules, allowBackgroundNetworking: true });
    const device = await waitFor(
      'the force-installed extension to enrol and connect',
      async () => (await collector.api<{ devices: DeviceJson[] }>('GET', '/api/devices')).devices.find((d) => d.connected && d.lastSeenAt),
      90_000,
      500,
    );
    expect(device.version).toBe('0.1.0');
    expect(await installed()).toEqual(['0.1.0']);
    // A pupil's tab open through the update: its content script belongs to 0.1.0.
    const homework = await tb.browser.newPage();
    expect((await landing(homework, 'https://homework.example.org/english')).error).toBeUndefined();
    await homework.waitForSelector('[data-esafety="concern"]');
    const blog = await tb.browser.newPage();
    expect((await landing(blog, 'https://blog.example.org/editor-frame')).error).toBeUndefined();
    await blog.waitForSelector('[data-esafety="concern"]');

    // The school's collector now serves a new build: the same files, version 0.1.1.
    const manifestPath = path.join(build, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { version: string };
    fs.writeFileSync(manifestPath, JSON.stringify({ ...manifest, version: '0.1.1' }, null, 2));
    expect(await (await fetch(`${collector.url}/extension/updates.xml`)).text()).toContain("version='0.1.1'");
    expect(await devicesPage('devices-rollout-pending')).toEqual({
      rollout: 'Extension version published: 0.1.1. 1 of 1 reporting extension is still on an older version; each updates within minutes of coming online.',
      version: '0.1.0 updating',
    });
    // Any policy message carries the announcement; a saved policy pushes one to connected devices.
    const { policy: doc } = await collector.api<{ policy: PolicyDocument }>('GET', '/api/policy');
    await collector.api('PUT', '/api/policy', { policy: doc, reason: 'after publishing 0.1.1' });

    const updated = await waitFor(
      'the device to report version 0.1.1',
      async () => (await collector.api<{ devices: DeviceJson[] }>('GET', '/api/devices')).devices.find((d) => d.id === device.id && d.version === '0.1.1' && d.connected),
      120_000,
      1000,
    );
    expect(updated.id).toBe(device.id); // the same enrolment: credentials and outbox survived the update
    expect(await installed()).toEqual(['0.1.1']);
    // The tab opened before the update shows one concern button, not the orphaned 0.1.0 copy's
    // beside 0.1.1's, and still scans what is typed.
    await homework.bringToFront(); // a tab in the background gets no input events
    expect(await homework.$$eval('[data-esafety="concern"]', (els) => els.length)).toBe(1);
    await homework.type('#text', 'they told me to go die');
    await homework.click('#editor'); // leaving the box
    const alert = await waitFor(
      'an alert from the tab opened before the update',
      async () => (await collector.api<{ alerts: { term: string; url?: string; deviceId: string }[] }>('GET', '/api/alerts')).alerts.find((a) => a.term === 'go die'),
      20_000,
      500,
    );
    expect(alert).toMatchObject({ url: 'https://homework.example.org/english', deviceId: device.id });
    // And an editor inside an about:srcdoc frame of a tab open through the update.
    await blog.bringToFront();
    expect(await blog.$$eval('[data-esafety="concern"]', (els) => els.length)).toBe(1);
    const frame = blog.frames().find((f) => f.url() === 'about:srcdoc')!;
    await frame.click('#inner');
    await blog.keyboard.type('he wants me to send nudes');
    await blog.click('#after');
    await waitFor(
      'an alert from the editor frame opened before the update',
      async () => (await collector.api<{ alerts: { term: string }[] }>('GET', '/api/alerts')).alerts.find((a) => a.term === 'send nudes'),
      20_000,
      500,
    );
    expect(await homework.$$eval('[data-esafety="concern"]', (els) => els.length)).toBe(1); // the orphan stopped itself too
    expect(await devicesPage('devices-rollout-done')).toEqual({ rollout: 'Extension version published: 0.1.1. The one reporting extension runs it.', version: '0.1.1' });
  });
});
