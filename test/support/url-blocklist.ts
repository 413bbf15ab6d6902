/**
 * Chromium's URLBlocklist/URLAllowlist filter format, enough for our filters
 * (chromeenterprise.google/policies/url-patterns): `[.]host[/path]`; a host matches itself and
 * its subdomains unless it starts with "."; a path matches as a prefix; the most specific
 * filter (longest host, then longest path) wins and the allowlist wins a tie.
 */
interface Filter {
  host: string;
  exact: boolean;
  path: string;
}

function parse(filter: string): Filter {
  const exact = filter.startsWith('.');
  const f = exact ? filter.slice(1) : filter;
  const slash = f.indexOf('/');
  if (f.includes('?')) throw new Error(`query filters are not supported by this matcher: ${filter}`);
  return { host: (slash < 0 ? f : f.slice(0, slash)).toLowerCase(), exact, path: slash < 0 ? '' : f.slice(slash) };
}

function best(filters: string[], url: URL): Filter | null {
  const host = url.hostname.replace(/\.$/, '');
  let found: Filter | null = null;
  for (const f of filters.map(parse)) {
    const hostOk = host === f.host || (!f.exact && host.endsWith(`.${f.host}`));
    if (!hostOk || !url.pathname.startsWith(f.path || '/')) continue;
    if (!found || f.host.length > found.host.length || (f.host.length === found.host.length && f.path.length > found.path.length)) found = f;
  }
  return found;
}

export function isBlockedByPolicy(url: string, blocklist: string[], allowlist: string[] = []): boolean {
  const u = new URL(url);
  const b = best(blocklist, u);
  if (!b) return false;
  const a = best(allowlist, u);
  return !(a && (a.host.length > b.host.length || (a.host.length === b.host.length && a.path.length >= b.path.length)));
}
