import type { EnrolRequest, EnrolResponse } from '../../shared/protocol/messages';
import { HttpError } from '../http/errors';
import { hashToken, newId, newSecret } from '../security/secrets';
import type { DeviceRow, Store } from '../store/types';

/**
 * Exchange the school's enrolment token (set once by IT through managed config or the agent
 * installer) for this device's own id and secret. Only the secret's hash is kept.
 */
export async function enrolDevice(store: Store, req: EnrolRequest): Promise<{ response: EnrolResponse; device: DeviceRow }> {
  const token = await store.findEnrolmentToken(hashToken(req.token));
  if (!token) throw new HttpError(401, 'bad_token', 'enrolment token not recognised: check the token in the managed configuration');
  if (token.revokedAt) throw new HttpError(403, 'token_revoked', 'enrolment token has been revoked: ask IT for the current token');
  const secret = newSecret();
  const device = await store.createDevice({
    id: `dev_${newId()}`,
    schoolId: token.schoolId,
    secretHash: hashToken(secret),
    kind: req.kind,
    name: req.name,
    group: req.group,
    hardwareId: req.hardwareId,
    version: req.version,
    user: req.user,
  });
  return { response: { v: 1, deviceId: device.id, secret, schoolId: token.schoolId }, device };
}

export type DeviceAuthFailure = 'missing' | 'unknown' | 'revoked';

/** Check a device's id + secret; never says which part was wrong to the caller. */
export async function authenticateDevice(
  store: Store,
  deviceId: string | undefined,
  secret: string | undefined,
): Promise<{ ok: true; device: DeviceRow } | { ok: false; reason: DeviceAuthFailure }> {
  if (!deviceId || !secret) return { ok: false, reason: 'missing' };
  const device = await store.getDevice(deviceId);
  if (!device || device.secretHash !== hashToken(secret)) return { ok: false, reason: 'unknown' };
  if (device.revokedAt) return { ok: false, reason: 'revoked' };
  const { secretHash: _omit, ...rest } = device;
  return { ok: true, device: rest };
}

/** "Bearer <deviceId>.<secret>" (HTTP) */
export function parseBearer(header: string | undefined): { deviceId?: string; secret?: string } {
  const m = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(header ?? '');
  return m ? { deviceId: m[1], secret: m[2] } : {};
}
