import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { can, type Permission } from '../staff/roles';
import { SESSION_COOKIE, sessionFromCookie, type StaffSession } from '../staff/sessions';
import type { Store } from '../store/types';
import { HttpError } from './errors';

export type StaffEnv = { Variables: { session: StaffSession } };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Staff API guard: a valid session cookie, and for state-changing requests the session's CSRF
 * token in `X-CSRF-Token` (OWASP synchroniser-token pattern; the cookie is also SameSite=Strict).
 */
export function requireStaff(store: Store, permission?: Permission): MiddlewareHandler<StaffEnv> {
  return async (ctx, next) => {
    const session = await sessionFromCookie(store, getCookie(ctx, SESSION_COOKIE));
    if (!session) throw new HttpError(401, 'unauthenticated', 'sign in first');
    if (!SAFE_METHODS.has(ctx.req.method) && ctx.req.header('x-csrf-token') !== session.csrfToken) {
      throw new HttpError(403, 'csrf', 'missing or wrong CSRF token: reload the page and try again');
    }
    if (permission && !can(session.staff.role, permission)) {
      throw new HttpError(403, 'forbidden', `your role (${session.staff.role}) may not do this`);
    }
    ctx.set('session', session);
    await next();
  };
}

export const sessionOf = (ctx: Context<StaffEnv>): StaffSession => ctx.get('session');
