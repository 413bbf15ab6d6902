/**
 * Mainstream search engines a pupil might reach. One entry per engine; `rewriteSearch`, the
 * declarativeNetRequest rule builder and the browser-policy builder all read this list, so
 * the three cannot drift apart.
 */
export interface SearchForm {
  /** RE2/JS-compatible regex source for the path (after the host), anchored at "/". */
  path: string;
  /** Query parameter holding the search terms. */
  param: string;
  kind: 'web' | 'images';
}

export interface SearchEngineEntry {
  id: string;
  name: string;
  /**
   * Host patterns: RE2/JS-compatible regex source matching the whole hostname, e.g.
   * `(www\.)?google\.[a-z]{2,3}(\.[a-z]{2})?` for every country domain.
   */
  hosts: string;
  forms: SearchForm[];
  /**
   * Hostnames for browser-policy URLBlocklist entries (which take literal hosts, and cover
   * their subdomains), e.g. "google.com", "google.co.uk".
   */
  policyHosts?: string[] | undefined;
  /** How to force SafeSearch on this engine for staff. */
  safeSearch?: { param: string; value: string } | undefined;
}

export const SEARCH_ENGINES: readonly SearchEngineEntry[] = [
  {
    id: 'google',
    name: 'Google',
    hosts: '(www\\.)?google\\.(com|co\\.[a-z]{2}|com\\.[a-z]{2}|[a-z]{2})',
    forms: [{ path: '/search', param: 'q', kind: 'web' }],
    policyHosts: ['google.com', 'google.co.uk'],
    safeSearch: { param: 'safe', value: 'active' },
  },
  {
    id: 'bing',
    name: 'Bing',
    hosts: '(www\\.)?bing\\.com',
    forms: [
      { path: '/images/search', param: 'q', kind: 'images' },
      { path: '/search', param: 'q', kind: 'web' },
    ],
    policyHosts: ['bing.com'],
    safeSearch: { param: 'adlt', value: 'strict' },
  },
];
