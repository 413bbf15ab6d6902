import type { Browser, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumPolicy } from '../../agent/core/browser-policies';
import { PRIVATE_WINDOWS_OFF } from '../../shared/search/browser-policy';
import { EXTENSION_ID, extensionWorker, landing, launchBrowser, waitForEnrolled, type TestBrowser } from '../support/browser';
import { CollectorProcess, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { FakeSites } from '../support/fake-sites';
import { ManagedPolicy } from '../support/managed-policy';
import { waitFor } from '../support/wait';
import { schoolPolicy } from '../unit/search-policies';

const KID_SAFE = (q: string) => `https://www.kiddle.co/s.php?q=${q}`;

/** Every page target with the browser context it lives in (incognito pages have their own). */
async function pageContexts(browser: Browser): Promise<{ id: string; url: string; context: string }[]> {
  const session = await browser.target().createCDPSession();
  try {
    const { targetInfos } = await session.send('Target.getTargets');
    return targetInfos.filter((t) => t.type === 'page').map((t) => ({ id: t.targetId, url: t.url, context: t.browserContextId ?? '' }));
  } finally {
    await session.detach();
  }
}

/** The context id of an ordinary (not incognito) tab. */
async function normalContext(browser: Browser): Promise<string> {
  const probe = await browser.newPage();
  await probe.goto('about:blank#normal-probe');
  const ctx = (await pageContexts(browser)).find((p) => p.url.endsWith('#normal-probe'))!.context;
  await probe.close();
  return ctx;
}

/**
 * A pupil tries to search where the extension might not be watching: an app-style window
 * (window.open with "popup"; a --app= launch is the same kind of window) and an incognito
 * window. App windows are ordinary windows of the profile: the extension's rules apply.
 * Incognito is switched off by the policy the agent writes (IncognitoModeAvailability: 1), so
 * --incognito is ignored; where a school allows incognito, the extension is not active there
 * unless the user turns on its "Allow in Incognito" switch, which no policy can do for them.
 */
describe('circumvention: app windows and incognito', () => {
  const sites = new FakeSites();
  const collector = new CollectorProcess({ env: { LOG_LEVEL: 'error' } });
  const policy = new ManagedPolicy();
  const config = () => ({ collectorUrl: collector.url, enrolmentToken: TEST_ENROLMENT_TOKEN, deviceName: 'Y6-PC-12' });
  let tb: TestBrowser | undefined;

  const launch = async (extraArgs: string[] = []) =>
    (tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), extensionDir: inject('extensionDir'), hostResolverRules: sites.hostResolverRules, extraArgs }));

  beforeAll(async () => {
    await policy.acquire();
    await Promise.all([sites.start(), collector.start()]);
  }, 120_000);

  afterEach(async () => {
    await tb?.close();
    tb = undefined;
  });

  afterAll(async () => {
    policy.releaseLock();
    await Promise.all([collector.stop(), sites.stop()]);
    collector.cleanup();
  });

  it('an app-style window from window.open(…, "popup") lands on the kid-safe engine', async () => {
    policy.writeExtensionConfig(EXTENSION_ID, config());
    const b = await launch();
    await waitForEnrolled(await extensionWorker(b.browser));
    const page = await b.browser.newPage();
    await page.goto('https://www.bbc.co.uk/', { waitUntil: 'domcontentloaded' });
    const popupTarget = b.browser.waitForTarget((t) => t.type() === 'page' && t.opener() === page.target(), { timeout: 20_000 });
    await page.evaluate(() => void window.open('https://www.google.com/search?q=popup+window', '_blank', 'popup'));
    const popup = (await (await popupTarget).page())!;
    await waitFor('the popup to land on the kid-safe engine', () => popup.url() === KID_SAFE('popup+window'), 20_000);
    const windowOf = async (p: Page) => {
      const s = await p.createCDPSession();
      try {
        return (await s.send('Browser.getWindowForTarget')).windowId;
      } finally {
        await s.detach();
      }
    };
    expect(await windowOf(popup)).not.toBe(await windowOf(page)); // a window of its own
    expect(sites.requests.some((r) => r.host === 'www.google.com' && r.url.includes('popup+window'))).toBe(false);
    // A --app= launch cannot be driven here: headless Chromium 156 leaves a startup --app window
    // on about:blank (no request is made) and a second --app process does not reach a headless
    // instance. Such a window is, like this popup, an ordinary window of the same profile, with
    // the same extension and rules.
  });

  it('with the agent’s policy (IncognitoModeAvailability: 1), a --incognito launch is an ordinary window: kid-safe search', async () => {
    // What the agent writes on this PC, 3rdparty configuration included.
    const values = chromiumPolicy({ effective: schoolPolicy(), boardOn: false, extension: { id: EXTENSION_ID, config: config() }, extensionPresent: true });
    expect(values).toMatchObject(PRIVATE_WINDOWS_OFF);
    policy.write(values);
    const b = await launch(['--incognito']);
    await waitForEnrolled(await extensionWorker(b.browser));
    const normal = await normalContext(b.browser);
    const pages = await b.browser.pages();
    // Every window the --incognito launch opened is in the ordinary profile.
    expect((await pageContexts(b.browser)).filter((p) => p.context !== normal)).toEqual([]);
    const first = pages[0]!;
    expect((await landing(first, 'https://www.google.com/search?q=incognito+refused')).url).toBe(KID_SAFE('incognito+refused'));
    expect(sites.requests.some((r) => r.host === 'www.google.com' && r.url.includes('incognito+refused'))).toBe(false);
  });

  it('where policy allows incognito: the extension is not active there ("Allow in Incognito" is the user’s switch, off)', async () => {
    policy.writeExtensionConfig(EXTENSION_ID, config());
    const b = await launch(['--incognito']);
    await waitForEnrolled(await extensionWorker(b.browser));
    const normal = await normalContext(b.browser);
    // The launch really opened an incognito window (a browser context of its own).
    const private_ = (await pageContexts(b.browser)).filter((p) => p.context !== normal);
    expect(private_.length).toBeGreaterThan(0);
    const target = b.browser.targets().find((t) => (t as unknown as { _targetId: string })._targetId === private_[0]!.id)!;
    const incognito = (await target.page())!;
    // The gap a school leaves by allowing incognito: searches there are not made kid-safe…
    expect((await landing(incognito, 'https://www.google.com/search?q=unfiltered')).url).toBe('https://www.google.com/search?q=unfiltered');
    // …while an ordinary tab of the same browser is.
    expect((await landing(await b.browser.newPage(), 'https://www.google.com/search?q=filtered')).url).toBe(KID_SAFE('filtered'));
    // Only the user can let the extension in: its "Allow in Incognito" switch, off by default.
    const details = await b.browser.newPage();
    await details.goto(`chrome://extensions/?id=${EXTENSION_ID}`, { waitUntil: 'domcontentloaded' });
    const allow = (await details.waitForSelector('extensions-manager >>> extensions-detail-view >>> #allow-incognito >>> cr-toggle', { timeout: 20_000 }))!;
    expect(await allow.evaluate((t) => ({ checked: (t as HTMLInputElement).checked, disabled: (t as HTMLInputElement).disabled }))).toEqual({ checked: false, disabled: false });
  });
});
