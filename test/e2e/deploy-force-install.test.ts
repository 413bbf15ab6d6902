import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseRegFile } from '../../server/deploy/templates/reg-file';
import { EXTENSION_ID, landing, launchBrowser, type TestBrowser } from '../support/browser';
import { CollectorProcess, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { collectorCli, installedCopies } from '../support/deploy-helpers';
import { FakeSites } from '../support/fake-sites';
import { ManagedPolicy } from '../support/managed-policy';
import { waitFor } from '../support/wait';

interface DeviceJson {
  id: string;
  name: string | null;
  kind: string;
  version: string | null;
  group: string | null;
  lastSeenAt: string | null;
  connected: boolean;
}

/**
 * Self-hosted deployment the way a school's IT does it: the templates from
 * `npm run -s cli -- deploy …` go into managed policy, the browser force-installs the extension
 * from the collector's own update manifest (no --load-extension), hands it its managed
 * configuration, and the extension enrols and reports in by itself.
 */
describe('deploy: force-install from the collector with the generated templates', () => {
  const sites = new FakeSites();
  const collector = new CollectorProcess({ env: { EXTENSION_DIR: inject('extensionProdDir') } });
  const policy = new ManagedPolicy();
  let tb: TestBrowser | undefined;
  let extensionId = '';
  let updateUrl = '';

  const cli = collectorCli(collector.dataDir);

  const launch = async () =>
    (tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), hostResolverRules: sites.hostResolverRules, allowBackgroundNetworking: true }));

  const enrolledDevice = (pred: (d: DeviceJson) => boolean) =>
    waitFor(
      'the force-installed extension to enrol and connect',
      async () => (await collector.api<{ devices: DeviceJson[] }>('GET', '/api/devices')).devices.find((d) => pred(d) && d.connected && d.lastSeenAt),
      90_000,
      500,
    );

  beforeAll(async () => {
    await Promise.all([sites.start(), collector.start()]);
    extensionId = /Extension id:\s+([a-p]{32})/.exec(cli('deploy', 'info', '--url', collector.url))?.[1] ?? '';
    updateUrl = `${collector.url}/extension/updates.xml`;
    const xml = await (await fetch(updateUrl)).text();
    expect(xml).toContain(`appid='${extensionId}'`); // the CLI and the collector use the same key
    await policy.acquire();
    await collector.signIn();
  });

  afterEach(async () => {
    await tb?.close();
    tb = undefined;
    policy.clear();
  });

  afterAll(async () => {
    policy.releaseLock();
    await Promise.all([collector.stop(), sites.stop()]);
    collector.cleanup();
  });

  it('Chromebook template: installs itself, enrols with the Admin console JSON and sends a heartbeat', async () => {
    const adminConsoleJson = JSON.parse(cli('deploy', 'chromebook', '--url', collector.url, '--token', TEST_ENROLMENT_TOKEN, '--group', 'ks2')) as Record<string, unknown>;
    // What the Admin console does with it: force-install from the custom URL, JSON as the extension's policy.
    policy.write({
      ExtensionInstallForcelist: [`${extensionId};${updateUrl}`],
      '3rdparty': { extensions: { [extensionId]: adminConsoleJson } },
    });
    const browser = await launch();
    const device = await enrolledDevice((d) => d.group === 'ks2');
    expect(device.kind).toBe('extension');
    expect(device.version).toBe('0.1.0');
    expect(await installedCopies(browser)).toEqual([{ id: extensionId, location: 'EXTERNAL_POLICY_DOWNLOAD', version: '0.1.0' }]);
    expect(extensionId).not.toBe(EXTENSION_ID); // the school's own key, not the development key
    const page = await browser.browser.newPage();
    const { url, error } = await landing(page, 'https://www.google.com/search?q=volcanoes');
    expect(error).toBeUndefined();
    expect(url).toBe('https://www.kiddle.co/s.php?q=volcanoes');
  });

  it('Windows template: the Chrome keys of the .reg, read as Chrome reads them, install and configure it too', async () => {
    const keys = parseRegFile(cli('deploy', 'windows', '--url', collector.url, '--token', TEST_ENROLMENT_TOKEN, '--role', 'staff'));
    const base = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome';
    const values = (p: string) => keys.find((k) => k.path === p)?.values ?? [];
    // Chrome maps a list policy's numbered values to an array, and a DWORD in a 3rdparty schema's boolean to true/false.
    const forcelist = values(`${base}\\ExtensionInstallForcelist`).map(([, v]) => v.value);
    const managed = Object.fromEntries(values(`${base}\\3rdparty\\extensions\\${extensionId}\\policy`).map(([n, v]) => [n, v.type === 'dword' ? v.value !== 0 : v.value]));
    expect(forcelist).toEqual([`${extensionId};${updateUrl}`]);
    policy.write({ ExtensionInstallForcelist: forcelist, '3rdparty': { extensions: { [extensionId]: managed } } });
    const browser = await launch();
    const device = await enrolledDevice((d) => d.group === 'staff');
    expect(device.kind).toBe('extension');
    expect(await installedCopies(browser)).toEqual([{ id: extensionId, location: 'EXTERNAL_POLICY_DOWNLOAD', version: '0.1.0' }]);
  });
});
