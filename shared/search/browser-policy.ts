import type { EffectivePolicy } from '../policy/resolve';
import { SEARCH_ENGINES } from './catalogue';
import { engineFor } from './kid-safe-engines';

/**
 * Chromium-family enterprise policy values (Chrome and Edge share these names; see
 * chromeenterprise.google/policies) computed from the same catalogue as rewriteSearch and
 * the DNR rules. The Windows agent writes them to the registry, the Linux adapter to
 * /etc/chromium/policies/managed. Policy cannot redirect a typed URL: it sets the default
 * search provider (address-bar searches), blocks other engines' search pages, and
 * force-installs the extension, which does the redirecting.
 */
export interface ChromiumPolicyValues {
  DefaultSearchProviderEnabled?: boolean;
  DefaultSearchProviderName?: string;
  DefaultSearchProviderSearchURL?: string;
  DefaultSearchProviderKeyword?: string;
  DefaultSearchProviderImageURL?: string;
  HomepageLocation?: string;
  HomepageIsNewTabPage?: boolean;
  NewTabPageLocation?: string;
  RestoreOnStartup?: number;
  RestoreOnStartupURLs?: string[];
  ForceGoogleSafeSearch?: boolean;
  ForceBingSafeSearch?: number;
  ForceYouTubeRestrict?: number;
  URLBlocklist?: string[];
  URLAllowlist?: string[];
  [name: string]: unknown;
}

/** URLBlocklist filter format: "host/path" blocks that path on the host and its subdomains. */
export function searchBlocklist(): string[] {
  const out = new Set<string>();
  for (const e of SEARCH_ENGINES) {
    for (const host of e.policyHosts ?? []) for (const f of e.forms) out.add(`${host}${f.path}`);
  }
  return [...out].sort();
}

export function searchBrowserPolicy(policy: EffectivePolicy): ChromiumPolicyValues {
  const youtube = { off: 0, moderate: 1, strict: 2 }[policy.search.youtubeRestrict];
  if (policy.search.mode === 'off') return { ForceYouTubeRestrict: youtube };
  if (policy.search.mode === 'safesearch') {
    return { ForceGoogleSafeSearch: true, ForceBingSafeSearch: 2, ForceYouTubeRestrict: youtube };
  }
  const engine = engineFor(policy.search.engine, policy.search.customEngines);
  // Chromium substitutes {searchTerms} in the provider URL.
  const searchUrl = engine.web.replace('{q}', '{searchTerms}');
  const values: ChromiumPolicyValues = {
    DefaultSearchProviderEnabled: true,
    DefaultSearchProviderName: engine.name,
    DefaultSearchProviderSearchURL: searchUrl,
    DefaultSearchProviderKeyword: engine.id,
    HomepageLocation: engine.home,
    HomepageIsNewTabPage: false,
    RestoreOnStartup: 4,
    RestoreOnStartupURLs: [engine.home],
    ForceGoogleSafeSearch: true,
    ForceBingSafeSearch: 2,
    ForceYouTubeRestrict: youtube,
    URLBlocklist: searchBlocklist(),
    URLAllowlist: engine.domains.slice(),
  };
  if (engine.images) values.DefaultSearchProviderImageURL = engine.images.replace('{q}', '{searchTerms}');
  if (policy.search.startPage === 'engine') values.NewTabPageLocation = engine.home;
  return values;
}
