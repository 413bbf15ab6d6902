import type { EffectivePolicy } from '../policy/resolve';
import { SEARCH_ENGINES } from './catalogue';
import { engineFor, kidSafeDomains } from './kid-safe-engines';

/**
 * Chromium-family enterprise policy values (Chrome and Edge share these names; see
 * chromeenterprise.google/policies) computed from the same catalogue as rewriteSearch and
 * the DNR rules. The Windows agent writes them to the registry, the Linux adapter to
 * /etc/chromium/policies/managed. Policy cannot redirect a typed URL: it sets the default
 * search provider (address-bar searches), can block other engines' search pages, and
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
  IncognitoModeAvailability?: number;
  InPrivateModeAvailability?: number;
  [name: string]: unknown;
}

/**
 * Private windows off, whatever the search mode. An MV3 extension does not run in an
 * incognito (Chrome) or InPrivate (Edge) window unless the user turns on "Allow in Incognito"
 * for it, and no policy or Admin console setting can turn that on for them: a pupil would get
 * unfiltered search and no keyword alerts there. So the private window itself is switched off:
 * 1 = "disabled" in both (the --incognito / -inprivate flags are then ignored). Chrome and Edge
 * share the other names, so both are written to both browsers; each ignores the other's.
 */
export const PRIVATE_WINDOWS_OFF = { IncognitoModeAvailability: 1, InPrivateModeAvailability: 1 } as const;

export interface BrowserPolicyOptions {
  /**
   * Whether our extension is force-installed in this browser (default true). Then search pages
   * are NOT put in URLBlocklist: Chromium checks the blocklist before the extension's redirect
   * runs, so a pupil would meet an error page instead of their search on the kid-safe engine.
   * For a browser without the extension, URLBlocklist is the only protection and lists them.
   */
  extensionInstalled?: boolean;
}

/**
 * URLBlocklist filters ("host/path" blocks that path on the host and its subdomains) for every
 * engine's search pages and cache proxies. Country domains other than those listed cannot be
 * expressed in this format (no TLD wildcard): only the extension catches those.
 */
export function searchBlocklist(): string[] {
  const out = new Set<string>();
  for (const e of SEARCH_ENGINES) for (const f of e.blocklist ?? []) out.add(f);
  return [...out].sort();
}

export function searchBrowserPolicy(policy: EffectivePolicy, options: BrowserPolicyOptions = {}): ChromiumPolicyValues {
  const youtube = { off: 0, moderate: 1, strict: 2 }[policy.search.youtubeRestrict];
  if (policy.search.mode === 'off') return { ForceYouTubeRestrict: youtube, ...PRIVATE_WINDOWS_OFF };
  if (policy.search.mode === 'safesearch') {
    return { ForceGoogleSafeSearch: true, ForceBingSafeSearch: 2, ForceYouTubeRestrict: youtube, ...PRIVATE_WINDOWS_OFF };
  }
  const engine = engineFor(policy.search.engine, policy.search.customEngines);
  // Chromium substitutes {searchTerms} in the provider URL.
  const searchUrl = engine.web.split('{q}').join('{searchTerms}');
  const start = policy.search.startPage === 'engine' ? engine.home : undefined;
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
    ...PRIVATE_WINDOWS_OFF,
  };
  if (engine.images) values.DefaultSearchProviderImageURL = engine.images.split('{q}').join('{searchTerms}');
  if (start) values.NewTabPageLocation = start;
  if (options.extensionInstalled === false) {
    values.URLBlocklist = searchBlocklist();
    // The allowlist wins over the blocklist: the kid-safe engines, the school's sites and YouTube
    // (restricted by ForceYouTubeRestrict, blocked or not by other features) stay reachable.
    values.URLAllowlist = [...new Set([...kidSafeDomains(policy.search.customEngines), ...policy.search.schoolHosts])].sort();
  }
  return values;
}
