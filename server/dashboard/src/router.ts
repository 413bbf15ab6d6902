import { useEffect, useState } from 'preact/hooks';

/** Hash routes ("#/alerts/ID?x=1"): work behind any reverse proxy and need no server routes. */
export interface Route {
  path: string;
  parts: string[];
  query: URLSearchParams;
}

const read = (): Route => {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path = '/', q = ''] = raw.split('?');
  return { path, parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q) };
};

export function useRoute(): Route {
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export const go = (hash: string) => {
  location.hash = hash;
};
