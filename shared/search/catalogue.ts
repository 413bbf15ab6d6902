/**
 * Mainstream search engines a pupil might reach. One entry per engine; `rewriteSearch`, the
 * declarativeNetRequest rule builder and the browser-policy builder all read this list, so
 * the three cannot drift apart. Regex sources here must be valid in both JavaScript and RE2
 * (Chrome's DNR regex engine): non-capturing groups only, no look-arounds, no backreferences.
 */
import { AI_AND_OTHER_ENGINES } from './engines-other';
import { MAJOR_ENGINES } from './engines-major';

export interface SearchForm {
  /** Regex source for the whole path (after the host), starting with "/". */
  path: string;
  /** Parameter holding the search terms (matched case-insensitively, first non-empty one wins). */
  param: string;
  kind: 'web' | 'images';
  /** Where the parameter is: the query string (default) or the fragment (Google's old `#q=`). */
  in?: 'query' | 'fragment' | undefined;
  /** The form only applies when this parameter also has this exact value, e.g. tbm=isch. */
  when?: { param: string; value: string } | undefined;
}

export interface SearchEngineEntry {
  id: string;
  name: string;
  /** Regex source matching the whole hostname, e.g. `(?:www\.)?google\.(?:com|co\.[a-z]{2})`. */
  hosts: string;
  /**
   * The same hosts split into smaller patterns, one DNR rule each, where one regex would pass
   * Chrome's limit (a regex rule must compile to under 2KB). Their union must equal `hosts`.
   */
  ruleHosts?: string[] | undefined;
  /** Forms in order of precedence: the first that matches decides (and gets the higher DNR priority). */
  forms: SearchForm[];
  /**
   * Regex source of paths that are the engine's own search box (home page, empty search):
   * pupils are sent to the kid-safe engine's home page instead.
   */
  homePaths?: string | undefined;
  /**
   * Registrable hosts that serve nothing but search: every top-level page on them (settings,
   * POST-only forms, anything without a recognisable query) goes to the kid-safe home page.
   */
  searchOnlyDomains?: string[] | undefined;
  /** A cache or proxy that shows other sites' search results: pupils see the block page. */
  proxy?: boolean | undefined;
  /** URLBlocklist filters (Chromium policy format) for browsers without the extension. */
  blocklist?: string[] | undefined;
  /** How to force SafeSearch on this engine for staff (added or replaced in the query). */
  safeSearch?: { param: string; value: string } | undefined;
}

export const SEARCH_ENGINES: readonly SearchEngineEntry[] = [...MAJOR_ENGINES, ...AI_AND_OTHER_ENGINES];

/** The host patterns DNR rules are built for: `ruleHosts` if the entry is split, else `hosts`. */
export function entryHostPatterns(e: SearchEngineEntry): string[] {
  return e.ruleHosts ?? [e.hosts];
}
