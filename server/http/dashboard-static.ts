import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Where the built SPA is: DASHBOARD_DIR, else dist/dashboard next to the bundled or source server. */
export function findDashboardDir(configured?: string): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = configured ? [path.resolve(configured)] : [path.resolve(here, '..', 'dashboard'), path.resolve(here, '..', '..', 'dist', 'dashboard')];
  // Run from source, server/dashboard holds the unbuilt index.html (it loads /src/main.tsx):
  // only a built folder (with Vite's assets/) counts, else staff get the bare built-in page.
  const built = (d: string) => fs.existsSync(path.join(d, 'index.html')) && (!!configured || fs.existsSync(path.join(d, 'assets')));
  return candidates.find(built) ?? null;
}

/**
 * Serves the Vite-built dashboard: index.html at "/" and hashed files under /assets. When it
 * has not been built, "/" falls through to the bare built-in page (and the log says why).
 */
export function dashboardStatic(dir: string | null): Hono {
  const r = new Hono();
  if (!dir) return r;
  const assets = path.join(dir, 'assets');
  r.get('/', (ctx) => ctx.html(fs.readFileSync(path.join(dir, 'index.html'), 'utf8'), 200, { 'cache-control': 'no-cache' }));
  r.get('/assets/:file', (ctx) => {
    const file = ctx.req.param('file');
    // Only plain file names from Vite's output: no separators, no dot-dot.
    if (!/^[\w.-]+$/.test(file) || file.startsWith('.')) return ctx.notFound();
    const full = path.join(assets, file);
    if (!fs.existsSync(full)) return ctx.notFound();
    return ctx.body(fs.readFileSync(full), 200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });
  return r;
}
