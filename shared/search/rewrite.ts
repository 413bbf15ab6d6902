import type { EffectivePolicy } from '../policy/resolve';
import { engineFor, fillTemplate, kidSafeDomains } from './kid-safe-engines';
import { entryForHost, hostInDomains, isHomePath, matchForm, normalHost, parseHttpUrl, searchOnlyEntry } from './match';
import { addOrReplaceRaw } from './query-string';

export { matchSearch, type SearchMatch } from './match';

/** Where the block page lives inside the extension; `reason` tells it what to say. */
export const BLOCK_PAGE_PATH = '/pages/block.html';
export const blockPagePath = (reason: string): string => `${BLOCK_PAGE_PATH}?reason=${encodeURIComponent(reason)}`;

export type SearchDecision =
  | { action: 'allow' }
  | {
      action: 'redirect';
      to: string;
      /** search: a search sent to the kid-safe engine; home: an engine's search box sent to the kid-safe home; safesearch: SafeSearch forced. */
      reason: 'search' | 'home' | 'safesearch' | 'userinfo';
      engine: string;
      query: string;
      kind: 'web' | 'images';
    }
  | { action: 'block'; reason: string; page: string };

const ALLOW: SearchDecision = { action: 'allow' };

const untouchableCache = new WeakMap<object, string[]>();

/** Hosts no search rule may touch: the school's own sites and every kid-safe engine. */
export function untouchableDomains(policy: EffectivePolicy): string[] {
  // Cached per policy section object (policies are replaced, never mutated, on the device).
  const key = policy.search;
  let out = untouchableCache.get(key);
  if (!out) {
    out = [...new Set([...policy.search.schoolHosts.map((h) => h.toLowerCase()), ...kidSafeDomains(policy.search.customEngines)])];
    untouchableCache.set(key, out);
  }
  return out;
}

/**
 * Decide what happens to a top-level navigation. Pure: the extension, the agent and the tests
 * all call this, and the DNR rules are checked against it (test/unit/search-agreement.test.ts).
 */
export function rewriteSearch(url: string, policy: EffectivePolicy): SearchDecision {
  if (policy.search.mode === 'off') return ALLOW;
  const u = parseHttpUrl(url);
  if (!u) return ALLOW;
  const host = normalHost(u);
  if (hostInDomains(host, untouchableDomains(policy))) return ALLOW;
  if (u.username || u.password) {
    // `https://x@www.google.com/search?q=…` hides a search from naive host checks: the
    // user-info is dropped and the clean URL decided (the DNR rules do the same in two hops).
    u.username = '';
    u.password = '';
    const clean = rewriteSearch(u.href, policy);
    return clean.action === 'allow' ? { action: 'redirect', to: u.href, reason: 'userinfo', engine: '', query: '', kind: 'web' } : clean;
  }
  const c = entryForHost(host);

  if (policy.search.mode === 'safesearch') {
    const ss = c?.entry.safeSearch;
    if (!c || !ss) return ALLOW;
    const match = matchForm(c, u, { fragments: false });
    if (!match) return ALLOW;
    const query = addOrReplaceRaw(u.search, ss.param, ss.value);
    if (`?${query}` === u.search) return ALLOW;
    const to = new URL(u.href);
    to.search = query;
    return { action: 'redirect', to: to.href, reason: 'safesearch', engine: c.entry.id, query: match.query, kind: match.form.kind };
  }

  const engine = engineFor(policy.search.engine, policy.search.customEngines);
  if (c?.entry.proxy) return { action: 'block', reason: 'search', page: blockPagePath('search') };
  const match = c ? matchForm(c, u, { fragments: true }) : null;
  if (match) {
    const template = match.form.kind === 'images' && engine.images ? engine.images : engine.web;
    // Canonicalise as the browser does with a DNR redirect target (e.g. "'" from a fragment becomes %27).
    const to = new URL(fillTemplate(template, match.rawQuery)).href;
    return { action: 'redirect', to, reason: 'search', engine: engine.id, query: match.query, kind: match.form.kind };
  }
  if ((c && isHomePath(c, u)) || searchOnlyEntry(host)) {
    return { action: 'redirect', to: new URL(engine.home).href, reason: 'home', engine: engine.id, query: '', kind: 'web' };
  }
  return ALLOW;
}
