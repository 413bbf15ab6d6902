import type { MiddlewareHandler } from 'hono';

/**
 * Headers for every response. The CSP allows no inline script and no third-party origin, so
 * a pupil-typed payload that ever slipped past escaping still could not run.
 */
export const securityHeaders = (): MiddlewareHandler => async (ctx, next) => {
  await next();
  ctx.header('X-Content-Type-Options', 'nosniff');
  ctx.header('Referrer-Policy', 'no-referrer');
  ctx.header('X-Frame-Options', 'DENY');
  ctx.header(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  );
  if (ctx.req.path.startsWith('/api/')) ctx.header('Cache-Control', 'no-store');
};
