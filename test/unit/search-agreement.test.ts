import { describe, expect, it } from 'vitest';
import { searchBrowserPolicy } from '../../shared/search/browser-policy';
import { buildSearchRules } from '../../shared/search/dnr-rules';
import { rewriteSearch, type SearchDecision } from '../../shared/search/rewrite';
import { EXTENSION_ID } from '../support/browser';
import { headersFor, simulate, type SimOutcome } from '../support/dnr-simulator';
import { isBlockedByPolicy } from '../support/url-blocklist';
import { MUST_NOT_TOUCH, MUST_REDIRECT } from '../fixtures/search/cases';
import { schoolPolicy } from './search-policies';

/** What rewriteSearch says, in the simulator's terms. */
function expected(d: SearchDecision): SimOutcome | { action: 'allow' } {
  if (d.action === 'allow') return { action: 'allow' };
  if (d.action === 'block') return { action: 'redirect', to: `chrome-extension://${EXTENSION_ID}${d.page}`, ruleId: 0 };
  return { action: 'redirect', to: d.to, ruleId: 0 };
}

const strip = (o: SimOutcome) => (o.action === 'redirect' ? { action: o.action, to: o.to } : { action: o.action });

const POLICIES = {
  'pupil, Kiddle': schoolPolicy(),
  'pupil, KidRex': schoolPolicy({ engine: 'kidrex' }),
  'pupil, KidzSearch': schoolPolicy({ engine: 'kidzsearch' }),
  'pupil, school engine': schoolPolicy({ engine: 'school-search', custom: true }),
  staff: schoolPolicy({ role: 'staff' }),
};

const URLS = [...MUST_REDIRECT.map((c) => c.url), ...MUST_NOT_TOUCH];

describe('one catalogue, three outputs agree', () => {
  for (const [name, policy] of Object.entries(POLICIES)) {
    it(`DNR rules and rewriteSearch decide every URL the same way (${name})`, () => {
      const rules = buildSearchRules(policy);
      const disagreements: string[] = [];
      for (const url of URLS) {
        const sim = strip(simulate(rules, url));
        const want = strip(expected(rewriteSearch(url, policy)) as SimOutcome);
        if (JSON.stringify(sim) !== JSON.stringify(want)) disagreements.push(`${url}\n  rules: ${JSON.stringify(sim)}\n  rewriteSearch: ${JSON.stringify(want)}`);
      }
      expect(disagreements).toEqual([]);
    });
  }

  it('address-bar searches: the default search provider policy lands where rewriteSearch sends a search', () => {
    for (const [name, policy] of Object.entries(POLICIES)) {
      if (policy.search.mode !== 'redirect') continue;
      const values = searchBrowserPolicy(policy);
      for (const c of MUST_REDIRECT) {
        if (c.expect.kind !== 'web') continue;
        const d = rewriteSearch(c.url, policy);
        if (d.action !== 'redirect') throw new Error(`${name}: ${c.url} not redirected`);
        // Chromium fills {searchTerms} with the typed words, form-encoded.
        const viaProvider = values.DefaultSearchProviderSearchURL!.split('{searchTerms}').join(encodeURIComponent(c.expect.q));
        const query = (u: string) => [...new URL(u).searchParams.values()].concat(decodeURIComponent(new URL(u).pathname));
        expect(new URL(viaProvider).origin + new URL(viaProvider).pathname.replace(/[^/]*$/, ''), name).toBe(new URL(d.to).origin + new URL(d.to).pathname.replace(/[^/]*$/, ''));
        expect(query(viaProvider), `${name}: ${c.url}`).toEqual(query(d.to));
      }
      expect(values.HomepageLocation).toBe(rewriteSearch('https://duckduckgo.com/', policy).action === 'redirect' ? (rewriteSearch('https://duckduckgo.com/', policy) as { to: string }).to : '');
    }
  });

  it('SafeSearch and YouTube Restricted Mode: policy values match the rules', () => {
    for (const [name, policy] of Object.entries(POLICIES)) {
      const values = searchBrowserPolicy(policy);
      const rules = buildSearchRules(policy);
      const header = headersFor(rules, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'main_frame')['YouTube-Restrict'];
      expect({ 1: 'Moderate', 2: 'Strict' }[values.ForceYouTubeRestrict as 1 | 2], name).toBe(header);
      expect(headersFor(rules, 'https://m.youtube.com/results?search_query=x', 'xmlhttprequest')['YouTube-Restrict'], name).toBe(header);
      expect(headersFor(rules, 'https://www.bbc.co.uk/', 'main_frame'), name).toEqual({});
      expect(values.ForceGoogleSafeSearch, name).toBe(true);
      if (policy.search.mode === 'safesearch') {
        expect(simulate(rules, 'https://www.google.com/search?q=x')).toMatchObject({ to: 'https://www.google.com/search?q=x&safe=active' });
        expect(values.ForceBingSafeSearch).toBe(2);
        expect(simulate(rules, 'https://www.bing.com/search?q=x')).toMatchObject({ to: 'https://www.bing.com/search?q=x&adlt=strict' });
      }
    }
  });

  it('for a browser without the extension, URLBlocklist blocks the main engines and never a must-not-touch URL', () => {
    const policy = schoolPolicy();
    const values = searchBrowserPolicy(policy, { extensionInstalled: false });
    const block = values.URLBlocklist!;
    const allow = values.URLAllowlist!;
    const wrongly = MUST_NOT_TOUCH.filter((u) => isBlockedByPolicy(u, block, allow));
    expect(wrongly).toEqual([]);
    for (const url of [
      'https://www.google.com/search?q=x',
      'https://www.google.co.uk/search?q=x&tbm=isch',
      'https://images.google.com/images?q=x',
      'https://www.bing.com/search?q=x',
      'https://www.bing.com/images/search?q=x',
      'https://duckduckgo.com/?q=x',
      'https://html.duckduckgo.com/html/?q=x',
      'https://uk.search.yahoo.com/search?p=x',
      'https://www.ecosia.org/search?q=x',
      'https://search.brave.com/search?q=x',
      'https://www.startpage.com/do/search?q=x',
      'https://webcache.googleusercontent.com/search?q=cache:x',
    ]) {
      expect(isBlockedByPolicy(url, block, allow), url).toBe(true);
    }
    const covered = MUST_REDIRECT.filter((c) => isBlockedByPolicy(c.url, block, allow)).length;
    // The rest need the extension: other country domains, IP addresses, Translate proxies, #q=.
    expect(covered / MUST_REDIRECT.length).toBeGreaterThan(0.6);
    // With the extension installed the blocklist would pre-empt its redirect, so none is written.
    expect(searchBrowserPolicy(policy).URLBlocklist).toBeUndefined();
  });
});
