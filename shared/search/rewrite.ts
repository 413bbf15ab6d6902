import type { EffectivePolicy } from '../policy/resolve';
import { SEARCH_ENGINES, type SearchEngineEntry, type SearchForm } from './catalogue';
import { engineFor, searchUrl } from './kid-safe-engines';

export type SearchDecision =
  | { action: 'allow' }
  | { action: 'redirect'; to: string; engine: string; query: string; kind: 'web' | 'images' }
  | { action: 'block'; reason: string };

export interface SearchMatch {
  engine: SearchEngineEntry;
  form: SearchForm;
  query: string;
}

const compiled = SEARCH_ENGINES.map((engine) => ({
  engine,
  host: new RegExp(`^${engine.hosts}$`, 'i'),
  forms: engine.forms.map((form) => ({ form, path: new RegExp(`^${form.path}$`) })),
}));

/** Recognise a mainstream web/image search URL and pull out its query. */
export function matchSearch(url: string): SearchMatch | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  for (const c of compiled) {
    if (!c.host.test(u.hostname)) continue;
    for (const f of c.forms) {
      if (!f.path.test(u.pathname)) continue;
      const query = u.searchParams.get(f.form.param);
      if (query !== null && query !== '') return { engine: c.engine, form: f.form, query };
    }
  }
  return null;
}

/**
 * Decide what happens to a top-level navigation. Pure: the extension, the agent and the tests
 * all call this, and the DNR rules are checked against it.
 */
export function rewriteSearch(url: string, policy: EffectivePolicy): SearchDecision {
  if (policy.search.mode === 'off') return { action: 'allow' };
  const match = matchSearch(url);
  if (!match) return { action: 'allow' };
  if (policy.search.mode === 'safesearch') {
    const ss = match.engine.safeSearch;
    if (!ss) return { action: 'allow' };
    const u = new URL(url);
    if (u.searchParams.get(ss.param) === ss.value) return { action: 'allow' };
    u.searchParams.set(ss.param, ss.value);
    return { action: 'redirect', to: u.toString(), engine: match.engine.id, query: match.query, kind: match.form.kind };
  }
  const engine = engineFor(policy.search.engine, policy.search.customEngines);
  return {
    action: 'redirect',
    to: searchUrl(engine, match.query, match.form.kind),
    engine: engine.id,
    query: match.query,
    kind: match.form.kind,
  };
}
