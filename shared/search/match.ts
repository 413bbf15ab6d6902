import { entryHostPatterns, SEARCH_ENGINES, type SearchEngineEntry, type SearchForm } from './catalogue';
import { firstRawValue, hasRawPair } from './query-string';

export interface SearchMatch {
  engine: SearchEngineEntry;
  form: SearchForm;
  /** The query decoded for people (keyword capture, reports). */
  query: string;
  /** The query exactly as it appears in the URL, which is what the redirect carries. */
  rawQuery: string;
}

interface CompiledEntry {
  entry: SearchEngineEntry;
  host: RegExp;
  forms: { form: SearchForm; path: RegExp }[];
  home: RegExp | null;
}

// DNR regexes are case-insensitive by default (isUrlFilterCaseSensitive: false): so are these.
const compiled: CompiledEntry[] = SEARCH_ENGINES.map((entry) => ({
  entry,
  host: new RegExp(`^(?:${entryHostPatterns(entry).join('|')})$`, 'i'),
  forms: entry.forms.map((form) => ({ form, path: new RegExp(`^(?:${form.path})$`, 'i') })),
  home: entry.homePaths ? new RegExp(`^(?:${entry.homePaths})$`, 'i') : null,
}));

/** Hostname as the rules see it: lower case, without the FQDN trailing dot. */
export const normalHost = (u: URL): string => u.hostname.toLowerCase().replace(/\.$/, '');

const cleanDomain = (d: string) => d.toLowerCase().replace(/^\.+|\.+$/g, '');

/** The host and each parent domain of it: a.b.c → a.b.c, b.c, c. */
function suffixes(host: string): string[] {
  const out = [host];
  for (let i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) out.push(host.slice(i + 1));
  return out;
}

/** DNR requestDomains semantics: the domain itself or any subdomain of it. */
export const hostInDomains = (host: string, domains: readonly string[]): boolean => domainSet(domains)(host);

const setCache = new WeakMap<readonly string[], (host: string) => boolean>();
/** A fast membership test for a domain list (cached per list object). */
export function domainSet(domains: readonly string[]): (host: string) => boolean {
  let test = setCache.get(domains);
  if (!test) {
    const set = new Set(domains.map(cleanDomain));
    test = (host: string) => {
      for (const s of suffixes(host)) if (set.has(s)) return true;
      return false;
    };
    setCache.set(domains, test);
  }
  return test;
}

export function decodeQuery(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw.replace(/\+/g, ' ');
  }
}

/** The fragment's own query part, cut at a second "#" (DNR's `[^#]` stops there too). */
const fragmentQuery = (u: URL): string => u.hash.slice(1).split('#')[0]!;

export function entryForHost(host: string): CompiledEntry | undefined {
  return compiled.find((c) => c.host.test(host));
}

/** The form of `entry` this URL uses, with its raw query: first matching form wins. */
export function matchForm(c: CompiledEntry, u: URL, opts: { fragments: boolean }): SearchMatch | null {
  for (const { form, path } of c.forms) {
    if (!path.test(u.pathname)) continue;
    const inFragment = form.in === 'fragment';
    if (inFragment && !opts.fragments) continue;
    const source = inFragment ? fragmentQuery(u) : u.search;
    if (form.when && !hasRawPair(u.search, form.when.param, form.when.value)) continue;
    const raw = firstRawValue(source, form.param);
    if (raw !== null) return { engine: c.entry, form, rawQuery: raw, query: decodeQuery(raw) };
  }
  return null;
}

export function isHomePath(c: CompiledEntry, u: URL): boolean {
  return !!c.home && c.home.test(u.pathname);
}

/** Recognise a mainstream web/image search URL and pull out its query. */
export function matchSearch(url: string): SearchMatch | null {
  const u = parseHttpUrl(url);
  if (!u) return null;
  const c = entryForHost(normalHost(u));
  return c ? matchForm(c, u, { fragments: true }) : null;
}

export function parseHttpUrl(url: string): URL | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : null;
  } catch {
    return null;
  }
}

const searchOnlyByDomain = new Map(SEARCH_ENGINES.flatMap((e) => (e.searchOnlyDomains ?? []).map((d) => [cleanDomain(d), e] as const)));

/** The engine whose search-only domains include this host (or a parent of it). */
export function searchOnlyEntry(host: string): SearchEngineEntry | undefined {
  for (const s of suffixes(host)) {
    const e = searchOnlyByDomain.get(s);
    if (e) return e;
  }
  return undefined;
}
