import { HttpError } from '../http/errors';
import { hashToken, newSecret, verifyPassword } from '../security/secrets';
import type { StaffRow, Store } from '../store/types';

export const SESSION_COOKIE = 'esafety_session';
const SESSION_TTL_MS = 12 * 60 * 60 * 1000; // a school day and a bit; re-sign-in next morning
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export interface StaffSession {
  staff: StaffRow;
  csrfToken: string;
  idHash: string;
}

// A fixed dummy hash so an unknown e-mail costs the same time as a wrong password.
let dummyHash: Promise<string> | null = null;
async function burnTime(password: string): Promise<void> {
  const { hashPassword } = await import('../security/secrets');
  dummyHash ??= hashPassword('not-a-real-password-0000');
  await verifyPassword(password, await dummyHash);
}

/**
 * Password sign-in with lock-out after repeated failure (NCSC password guidance: throttle
 * rather than expire). Returns the new session's raw id (for the cookie) and CSRF token.
 */
export async function signIn(store: Store, email: string, password: string): Promise<{ sessionId: string; session: StaffSession }> {
  const staff = await store.getStaffByEmail(email);
  if (!staff) {
    await burnTime(password);
    throw new HttpError(401, 'bad_credentials', 'e-mail or password not recognised');
  }
  if (staff.lockedUntil && Date.parse(staff.lockedUntil) > Date.now()) {
    throw new HttpError(423, 'locked', `too many failed sign-ins: try again after ${new Date(staff.lockedUntil).toLocaleTimeString('en-GB')}`);
  }
  if (!(await verifyPassword(password, staff.passwordHash))) {
    const failures = staff.failedLogins + 1;
    const lockedUntil = failures >= MAX_FAILED_LOGINS ? new Date(Date.now() + LOCKOUT_MS).toISOString() : null;
    await store.recordLoginFailure(staff.id, lockedUntil);
    throw new HttpError(401, 'bad_credentials', 'e-mail or password not recognised');
  }
  await store.recordLoginSuccess(staff.id);
  const sessionId = newSecret();
  const csrfToken = newSecret(24);
  const idHash = hashToken(sessionId);
  const now = Date.now();
  await store.createSession({
    idHash,
    staffId: staff.id,
    csrfToken,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + SESSION_TTL_MS).toISOString(),
  });
  return { sessionId, session: { staff, csrfToken, idHash } };
}

export async function sessionFromCookie(store: Store, sessionId: string | undefined): Promise<StaffSession | null> {
  if (!sessionId) return null;
  const idHash = hashToken(sessionId);
  const row = await store.getSession(idHash);
  if (!row) return null;
  if (Date.parse(row.expiresAt) <= Date.now()) {
    await store.deleteSession(idHash);
    return null;
  }
  const staff = await store.getStaff(row.staffId);
  return staff ? { staff, csrfToken: row.csrfToken, idHash } : null;
}
