/**
 * The search a pupil made, read from a results page's address (`?q=…`), so a search typed in
 * the address bar or followed from a link is scanned like one typed in a box.
 */
const PARAMS = ['q', 'query', 'search_query', 'p', 'text', 'wd', 'k', 'term', 'search', 'keywords', 'searchTerm'];
const MAX_QUERY = 500;

export function searchQueryFrom(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  for (const name of PARAMS) {
    const v = url.searchParams.get(name);
    if (v && v.trim()) return v.trim().slice(0, MAX_QUERY);
  }
  return null;
}
