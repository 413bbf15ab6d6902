import type { CustomEngine } from '../policy/search-section';

/** A child-safe search engine: where pupils' searches go, with the query kept. */
export interface KidSafeEngine {
  id: string;
  name: string;
  /** Web search URL; `{q}` is replaced by the URL-encoded query. */
  web: string;
  /** Image search URL where the engine has one. */
  images?: string | undefined;
  home: string;
  /** Registrable domains the engine is served from: never rewritten, never blocked. */
  domains: string[];
}

/**
 * Seeds 002/004 name Kiddle and KidRex; KidzSearch and Swiggle are common UK alternatives.
 * URL shapes as published by each engine (they cannot be re-checked from this offline build).
 */
export const KID_SAFE_ENGINES: readonly KidSafeEngine[] = [
  {
    id: 'kiddle',
    name: 'Kiddle',
    web: 'https://www.kiddle.co/s.php?q={q}',
    images: 'https://www.kiddle.co/i.php?q={q}',
    home: 'https://www.kiddle.co/',
    domains: ['kiddle.co'],
  },
  {
    id: 'kidrex',
    name: 'KidRex',
    web: 'https://www.kidrex.org/results/?q={q}',
    home: 'https://www.kidrex.org/',
    domains: ['kidrex.org'],
  },
  {
    id: 'kidzsearch',
    name: 'KidzSearch',
    web: 'https://search.kidzsearch.com/kzsearch.php?q={q}',
    images: 'https://search.kidzsearch.com/kzimages.php?q={q}',
    home: 'https://www.kidzsearch.com/',
    domains: ['kidzsearch.com'],
  },
  {
    id: 'swiggle',
    name: 'Swiggle',
    web: 'https://swiggle.org.uk/search/?q={q}',
    home: 'https://swiggle.org.uk/',
    domains: ['swiggle.org.uk'],
  },
];

export function findKidSafeEngine(id: string, custom: readonly CustomEngine[] = []): KidSafeEngine | undefined {
  const c = custom.find((e) => e.id === id);
  if (c) {
    const hosts = [c.web, c.images, c.home].filter((u): u is string => !!u).map((u) => new URL(u.replaceAll('{q}', 'q')).hostname);
    return { id: c.id, name: c.name, web: c.web, images: c.images, home: c.home ?? new URL(c.web.replaceAll('{q}', 'q')).origin + '/', domains: [...new Set(hosts)] };
  }
  return KID_SAFE_ENGINES.find((e) => e.id === id);
}

/** The engine a policy names, falling back to Kiddle (fail closed: never "no engine"). */
export function engineFor(id: string, custom: readonly CustomEngine[] = []): KidSafeEngine {
  return findKidSafeEngine(id, custom) ?? KID_SAFE_ENGINES[0]!;
}

/** Every kid-safe engine's domains (built-in and the school's own): no search rule touches them. */
export function kidSafeDomains(custom: readonly CustomEngine[] = []): string[] {
  const all = [...KID_SAFE_ENGINES, ...custom.map((c) => engineFor(c.id, custom))];
  return [...new Set(all.flatMap((e) => e.domains))];
}

/** Fill a template with an already-encoded query (every `{q}`; `$` in the query is literal). */
export function fillTemplate(template: string, rawQuery: string): string {
  return template.split('{q}').join(rawQuery);
}

/** Search URL for a plain-text query (encoded here), e.g. from the new-tab page's box. */
export function searchUrl(engine: KidSafeEngine, query: string, kind: 'web' | 'images' = 'web'): string {
  const template = kind === 'images' && engine.images ? engine.images : engine.web;
  return fillTemplate(template, encodeURIComponent(query));
}
