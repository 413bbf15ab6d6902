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
];

export function findKidSafeEngine(id: string, custom: readonly CustomEngine[] = []): KidSafeEngine | undefined {
  const c = custom.find((e) => e.id === id);
  if (c) {
    return { id: c.id, name: c.name, web: c.web, images: c.images, home: c.home ?? new URL(c.web).origin + '/', domains: [new URL(c.web).hostname] };
  }
  return KID_SAFE_ENGINES.find((e) => e.id === id);
}

/** The engine a policy names, falling back to Kiddle (fail closed: never "no engine"). */
export function engineFor(id: string, custom: readonly CustomEngine[] = []): KidSafeEngine {
  return findKidSafeEngine(id, custom) ?? KID_SAFE_ENGINES[0]!;
}

export function searchUrl(engine: KidSafeEngine, query: string, kind: 'web' | 'images' = 'web'): string {
  const template = kind === 'images' && engine.images ? engine.images : engine.web;
  return template.replace('{q}', encodeURIComponent(query));
}
