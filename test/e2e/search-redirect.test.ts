import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { defaultPolicy } from '../../shared/policy/defaults';
import { resolvePolicy } from '../../shared/policy/resolve';
import { allSearchRegexes, buildSearchRules } from '../../shared/search/dnr-rules';
import { rewriteSearch } from '../../shared/search/rewrite';
import { EXTENSION_ID, extensionWorker, landing, launchBrowser, type TestBrowser } from '../support/browser';
import { simulate } from '../support/dnr-simulator';
import { FakeSites } from '../support/fake-sites';
import { ManagedPolicy } from '../support/managed-policy';
import { waitFor } from '../support/wait';
import { MUST_NOT_TOUCH, MUST_REDIRECT, SCHOOL_HOSTS } from '../fixtures/search/cases';

const BLOCK_PAGE = `chrome-extension://${EXTENSION_ID}/pages/block.html?reason=search`;
const TABS = 4;

/** Navigate one tab straight to `url` (each URL in the tables is distinct, so nothing is served from a previous visit). */
async function visit(tab: Page, url: string): Promise<{ url: string; error?: string }> {
  try {
    await tab.goto(url, { waitUntil: 'domcontentloaded', timeout: 20_000 });
    return { url: tab.url() };
  } catch (err) {
    const m = /net::ERR_[A-Z_]+/.exec(String(err));
    return { url: tab.url(), error: m ? m[0] : String(err) };
  }
}

/**
 * The whole URL table in a real Chromium with the built extension: each must-redirect URL
 * lands on the kid-safe engine (the fake original engine never sees the search), each
 * must-not-touch URL lands on itself. One browser, one tab, many navigations.
 */
describe('kid-safe search in Chromium: the URL tables', () => {
  const sites = new FakeSites();
  const managed = new ManagedPolicy();
  let tb: TestBrowser;
  let worker: WebWorker;
  let page: Page;
  let tabs: Page[];

  /** Work through a table in a few tabs at once: one browser, many navigations. */
  async function inTabs<T>(items: T[], fn: (tab: Page, item: T) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(tabs.map(async (tab) => {
      while (next < items.length) await fn(tab, items[next++]!);
    }));
  }
  const doc = defaultPolicy({ id: 'pendragon', name: 'Pendragon Primary' });
  doc.version = 7;
  doc.search.schoolHosts = SCHOOL_HOSTS.slice();
  const policy = resolvePolicy(doc, { role: 'pupil' });

  beforeAll(async () => {
    // Google's "/url?q=" link wrapper: a redirect to its target, which must still be checked.
    sites.on((_req, url) => {
      if (url.hostname === 'www.google.com' && url.pathname === '/url' && url.searchParams.has('usg')) {
        return { status: 302, type: 'text/plain', body: '', headers: { location: url.searchParams.get('q')! } };
      }
      return undefined;
    });
    await sites.start();
    await managed.acquire();
    managed.writeExtensionConfig(EXTENSION_ID, { role: 'pupil', deviceName: 'Y4-PC-03' });
    tb = await launchBrowser({ chromiumPath: inject('chromiumPath'), extensionDir: inject('extensionDir'), hostResolverRules: sites.hostResolverRules });
    worker = await extensionWorker(tb.browser);
    await worker.evaluate(async (d) => {
      const t = (globalThis as any).__esafetyTest;
      await t.ready();
      await t.setPolicy(d, 'pupil');
    }, doc as never);
    const want = buildSearchRules(policy).length;
    await waitFor('the search rules for the school policy', () =>
      worker.evaluate(async (n) => {
        const rules = await chrome.declarativeNetRequest.getDynamicRules();
        return rules.filter((r) => r.id >= 1000 && r.id <= 9999).length === n && rules.some((r) => r.condition.excludedRequestDomains?.includes('10.20.30.40'));
      }, want),
    );
    page = await tb.browser.newPage();
    tabs = [page, ...(await Promise.all(Array.from({ length: TABS - 1 }, () => tb.browser.newPage())))];
  }, 600_000); // includes waiting for the machine-wide managed-policy lock

  afterAll(async () => {
    await tb?.close();
    managed.releaseLock();
    await sites.stop();
  });

  it('every regex the catalogue generates is accepted by the browser (isRegexSupported)', async () => {
    const regexes = allSearchRegexes(policy);
    const results = await worker.evaluate(
      (list: string[]) => Promise.all(list.map((regex) => chrome.declarativeNetRequest.isRegexSupported({ regex, isCaseSensitive: false }))),
      regexes,
    );
    const refused = regexes.filter((_, i) => !results[i]!.isSupported).map((r, i) => `${r} (${results[i]!.reason})`);
    expect(refused).toEqual([]);
    expect(regexes.length).toBeGreaterThan(50);
  });

  it(`lands every one of the ${MUST_REDIRECT.length} must-redirect URLs on the kid-safe engine; the original engine never sees the search`, async () => {
    const problems: string[] = [];
    const rules = buildSearchRules(policy);
    await inTabs(MUST_REDIRECT, async (tab, c) => {
      const decision = rewriteSearch(c.url, policy);
      const expected = decision.action === 'redirect' ? decision.to : decision.action === 'block' ? BLOCK_PAGE : c.url;
      const { url, error } = await visit(tab, c.url);
      if (error || url !== expected) problems.push(`${c.url}\n   landed ${url} ${error ?? ''}\n   wanted ${expected}`);
      // The hand-written expectation, checked on where the browser really is.
      const landed = new URL(url);
      if (c.expect.kind === 'web' || c.expect.kind === 'images') {
        const path = c.expect.kind === 'images' ? '/i.php' : '/s.php';
        if (landed.hostname !== 'www.kiddle.co' || landed.pathname !== path || landed.searchParams.get('q') !== c.expect.q) {
          problems.push(`${c.url}\n   landed ${url}, wanted kiddle ${path} with q=${JSON.stringify(c.expect.q)}`);
        }
      }
      if (c.expect.kind === 'home' && url !== 'https://www.kiddle.co/') problems.push(`${c.url}\n   landed ${url}, wanted Kiddle's home page`);
      // The simulator used by the agreement test predicts the real browser.
      const sim = simulate(rules, c.url);
      if (sim.action === 'redirect' && sim.to !== url) problems.push(`${c.url}\n   simulator said ${sim.to}, browser ${url}`);
    });
    // No search reached an original engine (fragments are never sent; the user-info one arrives cleaned).
    const searched = new Set(MUST_REDIRECT.map((c) => { const u = new URL(c.url); u.hash = ''; u.username = ''; return u.href; }));
    const leaked = sites.requests.filter((r) => searched.has(r.url)).map((r) => r.url);
    expect(problems).toEqual([]);
    expect(leaked).toEqual([]);
  });

  it(`leaves every one of the ${MUST_NOT_TOUCH.length} must-not-touch URLs alone: the page itself loads`, async () => {
    const problems: string[] = [];
    await inTabs(MUST_NOT_TOUCH, async (tab, raw) => {
      const want = new URL(raw).href;
      const { url, error } = await visit(tab, raw);
      if (error || url !== want) problems.push(`${raw}\n   landed ${url} ${error ?? ''}`);
    });
    const served = new Set(sites.requests.map((r) => r.url));
    const neverServed = MUST_NOT_TOUCH.map((u) => new URL(u).href.replace(/#.*$/, '')).filter((u) => !served.has(u));
    expect(problems).toEqual([]);
    expect(neverServed).toEqual([]);
  });

  it('follows a google.com/url?q= link to its target, and the target is still checked', async () => {
    const { url } = await landing(page, 'https://www.google.com/url?q=https://www.bing.com/search?q%3Dchained%2Bsearch&usg=AOvVaw');
    expect(url).toBe('https://www.kiddle.co/s.php?q=chained+search');
    const { url: safe } = await landing(page, 'https://www.google.com/url?q=https://www.bbc.co.uk/bitesize&usg=AOvVaw');
    expect(safe).toBe('https://www.bbc.co.uk/bitesize');
  });

  it('shows the friendly block page for search through a cache proxy', async () => {
    await landing(page, 'https://webcache.googleusercontent.com/search?q=cache:https://example.com/');
    expect(page.url()).toBe(BLOCK_PAGE);
    expect(await page.$eval('h1', (h) => h.textContent)).toMatch(/search/i);
  });

  it('sends YouTube requests with the Restricted Mode header the policy asks for', async () => {
    const before = sites.requests.length;
    await landing(page, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    const seen = sites.requests.slice(before).find((r) => r.host === 'www.youtube.com');
    expect(seen?.headers['youtube-restrict']).toBe('Strict');
  });
});
