import { nowIso, publicDevice, toDevice, toSchool, toToken } from '../rows';
import { seenWriter, type SeenUpdate } from '../device-seen';
import type { Store } from '../types';
import type { PgDb } from './db';

type DeviceMethods = Pick<
  Store,
  | 'ensureSchool'
  | 'listSchools'
  | 'createEnrolmentToken'
  | 'findEnrolmentToken'
  | 'revokeEnrolmentToken'
  | 'listEnrolmentTokens'
  | 'createDevice'
  | 'getDevice'
  | 'listDevices'
  | 'revokeDevice'
  | 'touchDevice'
  | 'recordHeartbeat'
  | 'setDeviceGroup'
  | 'listSilentDevices'
>;

/** Schools, enrolment tokens, devices and their heartbeat state. */
export function pgDevices(db: PgDb): DeviceMethods {
  const seen = seenWriter(async (updates: SeenUpdate[]) => {
    const touches = updates.filter((u) => !u.heartbeat);
    const beats = updates.filter((u) => u.heartbeat);
    await db.tx(async (q) => {
      if (touches.length) {
        await q(
          `UPDATE devices AS d SET last_seen_at = u.at, last_ip = COALESCE(u.ip, d.last_ip)
           FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, at, ip) WHERE d.id = u.id`,
          [touches.map((u) => u.deviceId), touches.map((u) => u.at), touches.map((u) => u.ip)],
        );
      }
      if (beats.length) {
        await q(
          `UPDATE devices AS d SET last_seen_at = u.at, version = u.version, policy_version = u.pv, board_on = u.board,
             "user" = COALESCE(u.usr, d."user"), last_ip = COALESCE(u.ip, d.last_ip)
           FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bool[], $6::text[], $7::text[]) AS u(id, at, version, pv, board, usr, ip)
           WHERE d.id = u.id`,
          [
            beats.map((u) => u.deviceId),
            beats.map((u) => u.at),
            beats.map((u) => u.heartbeat!.version),
            beats.map((u) => u.heartbeat!.policyVersion),
            beats.map((u) => u.heartbeat!.boardOn),
            beats.map((u) => u.heartbeat!.user ?? null),
            beats.map((u) => u.ip),
          ],
        );
      }
    });
  });
  return {
    async ensureSchool(id, name) {
      await db.query('INSERT INTO schools (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [id, name, nowIso()]);
      return toSchool((await db.one('SELECT * FROM schools WHERE id = $1', [id]))!);
    },
    async listSchools() {
      return (await db.query('SELECT * FROM schools ORDER BY created_at, id')).map(toSchool);
    },
    async createEnrolmentToken(t) {
      await db.query('INSERT INTO enrolment_tokens (id, school_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4, $5)', [
        t.id,
        t.schoolId,
        t.tokenHash,
        t.label,
        nowIso(),
      ]);
    },
    async findEnrolmentToken(tokenHash) {
      const r = await db.one('SELECT * FROM enrolment_tokens WHERE token_hash = $1', [tokenHash]);
      return r ? toToken(r) : null;
    },
    async revokeEnrolmentToken(id) {
      return (await db.query('UPDATE enrolment_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING id', [nowIso(), id])).length > 0;
    },
    async listEnrolmentTokens(schoolId) {
      return (await db.query('SELECT * FROM enrolment_tokens WHERE school_id = $1 ORDER BY created_at, id', [schoolId])).map(toToken);
    },
    async createDevice(d) {
      const r = await db.one(
        `INSERT INTO devices (id, school_id, secret_hash, kind, name, grp, hardware_id, version, created_at, "user")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [d.id, d.schoolId, d.secretHash, d.kind, d.name ?? null, d.group ?? null, d.hardwareId ?? null, d.version ?? null, nowIso(), d.user ?? null],
      );
      return publicDevice(toDevice(r!));
    },
    async getDevice(id) {
      const r = await db.one('SELECT * FROM devices WHERE id = $1', [id]);
      return r ? toDevice(r) : null;
    },
    async listDevices(schoolId) {
      return (await db.query('SELECT * FROM devices WHERE school_id = $1 ORDER BY created_at, id', [schoolId])).map((r) => publicDevice(toDevice(r)));
    },
    async revokeDevice(id) {
      return (await db.query('UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING id', [nowIso(), id])).length > 0;
    },
    touchDevice(deviceId, at, ip) {
      return seen({ deviceId, at, ip });
    },
    recordHeartbeat({ deviceId, at, ip, ...heartbeat }) {
      return seen({ deviceId, at, ip, heartbeat });
    },
    async setDeviceGroup(deviceId, group) {
      return (await db.query('UPDATE devices SET grp = $1 WHERE id = $2 RETURNING id', [group, deviceId])).length > 0;
    },
    async listSilentDevices(schoolId, seenBefore) {
      const rows = await db.query(
        'SELECT * FROM devices WHERE school_id = $1 AND revoked_at IS NULL AND last_seen_at IS NOT NULL AND last_seen_at < $2 ORDER BY last_seen_at',
        [schoolId, seenBefore],
      );
      return rows.map((r) => publicDevice(toDevice(r)));
    },
  };
}
