import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EXTENSION_ID, extensionWorker, landing, launchBrowser, type TestBrowser } from '../support/browser';
import { reloadPolicies } from '../support/agent-e2e';
import { FakeSites } from '../support/fake-sites';
import { ManagedPolicy } from '../support/managed-policy';
import { waitFor } from '../support/wait';

interface Snap {
  effective: { role: string; groupId: string; search: { mode: string; engine: string } };
  managedProblems: string[];
}

/**
 * Managed configuration the way IT sets it: a policy file in Chromium's managed directory,
 * picked up live (storage.onChanged 'managed') with no restart of the browser or extension.
 */
describe('kid-safe search follows the managed configuration live', () => {
  const sites = new FakeSites();
  const managed = new ManagedPolicy();
  let tb: TestBrowser;
  let worker: WebWorker;
  let page: Page;

  const snapshot = () => worker.evaluate(() => (globalThis as any).__esafetyTest.snapshot()) as Promise<Snap>;
  async function configure(config: Record<string, unknown>, until: (s: Snap) => boolean): Promise<Snap> {
    managed.writeExtensionConfig(EXTENSION_ID, config);
    await reloadPolicies(tb.browser);
    return waitFor(`the extension to apply ${JSON.stringify(config)}`, async () => {
      const s = await snapshot();
      return until(s) ? s : null;
    }, 20_000);
  }
  /** Rules are applied after the state changes: wait until the browser lands where it should. */
  const landsOn = (url: string, want: string) =>
    waitFor(`${url} to land on ${want}`, async () => ((await landing(page, url)).url === want ? true : null), 15_000, 250);

  beforeAll(async () => {
    await sites.start();
    await managed.acquire();
    managed.writeExtensionConfig(EXTENSION_ID, { role: 'pupil', deviceName: 'Y5-Chromebook-07' });
    tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), extensionDir: inject('extensionDir'), hostResolverRules: sites.hostResolverRules });
    worker = await extensionWorker(tb.browser);
    await worker.evaluate(() => (globalThis as any).__esafetyTest.ready());
    page = await tb.browser.newPage();
  }, 600_000); // includes waiting for the machine-wide managed-policy lock

  afterAll(async () => {
    await tb?.close();
    managed.releaseLock();
    await sites.stop();
  });

  it('a pupil device sends Google to Kiddle', async () => {
    expect((await snapshot()).effective.role).toBe('pupil');
    await landsOn('https://www.google.co.uk/search?q=rainforest+animals', 'https://www.kiddle.co/s.php?q=rainforest+animals');
  });

  it('switching the device to staff applies at once: Google and Bing allowed with SafeSearch forced', async () => {
    await configure({ role: 'staff', deviceName: 'Y5-Chromebook-07' }, (s) => s.effective.role === 'staff');
    await landsOn('https://www.google.co.uk/search?q=rainforest+animals', 'https://www.google.co.uk/search?q=rainforest+animals&safe=active');
    expect((await landing(page, 'https://www.bing.com/search?q=owls&adlt=off')).url).toBe('https://www.bing.com/search?q=owls&adlt=strict');
    expect((await landing(page, 'https://duckduckgo.com/?q=owls')).url).toBe('https://duckduckgo.com/?q=owls&kp=1');
    expect((await landing(page, 'https://www.google.com/search?q=owls&safe=active')).url).toBe('https://www.google.com/search?q=owls&safe=active');
    expect((await landing(page, 'https://docs.google.com/document/d/1AbC/edit')).url).toBe('https://docs.google.com/document/d/1AbC/edit');
  });

  it('an engine override from IT sends pupils to that engine', async () => {
    await configure({ role: 'pupil', engine: 'kidrex' }, (s) => s.effective.role === 'pupil' && s.effective.search.engine === 'kidrex');
    await landsOn('https://www.bing.com/images/search?q=owls', 'https://www.kidrex.org/results/?q=owls');
  });

  it('invalid managed values are reported as tampering and the device stays on the safe default', async () => {
    const s = await configure(
      { role: 'staff', group: 'Year 3!', collectorUrl: 'not a url', enrolmentToken: 'short' },
      (x) => x.managedProblems.length >= 3,
    );
    expect(s.managedProblems.join('\n')).toMatch(/group/);
    expect(s.managedProblems.join('\n')).toMatch(/collectorUrl/);
    // The valid part (staff) applies; the invalid parts are dropped, not guessed.
    expect(s.effective.role).toBe('staff');
    const tamper = await waitFor('a managed_config_invalid tamper event in the outbox', async () => {
      const all = (await worker.evaluate(() => chrome.storage.local.get(null))) as Record<string, { event?: { type: string; kind?: string; detail?: string } }>;
      return Object.entries(all).find(([k, v]) => k.startsWith('outbox:') && v.event?.type === 'tamper' && v.event.kind === 'managed_config_invalid')?.[1].event;
    });
    expect(tamper.detail).toMatch(/collectorUrl/);

    // Nothing valid at all: a pupil device (the fail-closed default), still redirecting.
    const pupil = await configure({ role: 'headteacher', group: 'NOT VALID' }, (x) => x.effective.role === 'pupil');
    expect(pupil.effective.search.mode).toBe('redirect');
    await landsOn('https://www.google.com/search?q=volcano', 'https://www.kiddle.co/s.php?q=volcano');
  });
});
