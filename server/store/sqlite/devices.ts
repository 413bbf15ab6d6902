import type Database from 'better-sqlite3';
import { nowIso, publicDevice, toDevice, toSchool, toToken, type Row } from '../rows';
import { seenWriter, type SeenUpdate } from '../device-seen';
import type { Store } from '../types';
import type { CommitQueue } from './commit-queue';

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
export function sqliteDevices(db: Database.Database, queue: CommitQueue): DeviceMethods {
  const getDevice = db.prepare('SELECT * FROM devices WHERE id = ?');
  const touch = db.prepare('UPDATE devices SET last_seen_at = ?, last_ip = COALESCE(?, last_ip) WHERE id = ?');
  const heartbeat = db.prepare(
    `UPDATE devices SET last_seen_at = ?, version = ?, policy_version = ?, board_on = ?, user = COALESCE(?, user),
     last_ip = COALESCE(?, last_ip) WHERE id = ?`,
  );
  // Last-seen writes ride in the same group commit as ingest (one fsync for both).
  const seen = seenWriter((updates: SeenUpdate[]) =>
    queue.enqueue(() => {
      for (const u of updates) {
        const h = u.heartbeat;
        if (h) heartbeat.run(u.at, h.version, h.policyVersion, h.boardOn ? 1 : 0, h.user ?? null, u.ip, u.deviceId);
        else touch.run(u.at, u.ip, u.deviceId);
      }
    }),
  );
  return {
    async ensureSchool(id, name) {
      db.prepare('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING').run(id, name, nowIso());
      return toSchool(db.prepare('SELECT * FROM schools WHERE id = ?').get(id) as Row);
    },
    async listSchools() {
      return (db.prepare('SELECT * FROM schools ORDER BY created_at, id').all() as Row[]).map(toSchool);
    },
    async createEnrolmentToken(t) {
      db.prepare('INSERT INTO enrolment_tokens (id, school_id, token_hash, label, created_at) VALUES (?, ?, ?, ?, ?)').run(
        t.id,
        t.schoolId,
        t.tokenHash,
        t.label,
        nowIso(),
      );
    },
    async findEnrolmentToken(tokenHash) {
      const r = db.prepare('SELECT * FROM enrolment_tokens WHERE token_hash = ?').get(tokenHash) as Row | undefined;
      return r ? toToken(r) : null;
    },
    async revokeEnrolmentToken(id) {
      return db.prepare('UPDATE enrolment_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(nowIso(), id).changes > 0;
    },
    async listEnrolmentTokens(schoolId) {
      return (db.prepare('SELECT * FROM enrolment_tokens WHERE school_id = ? ORDER BY created_at, id').all(schoolId) as Row[]).map(toToken);
    },
    async createDevice(d) {
      db.prepare(
        `INSERT INTO devices (id, school_id, secret_hash, kind, name, grp, hardware_id, version, created_at, user)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(d.id, d.schoolId, d.secretHash, d.kind, d.name ?? null, d.group ?? null, d.hardwareId ?? null, d.version ?? null, nowIso(), d.user ?? null);
      return publicDevice(toDevice(getDevice.get(d.id) as Row));
    },
    async getDevice(id) {
      const r = getDevice.get(id) as Row | undefined;
      return r ? toDevice(r) : null;
    },
    async listDevices(schoolId) {
      return (db.prepare('SELECT * FROM devices WHERE school_id = ? ORDER BY created_at, id').all(schoolId) as Row[]).map((r) =>
        publicDevice(toDevice(r)),
      );
    },
    async revokeDevice(id) {
      return db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(nowIso(), id).changes > 0;
    },
    touchDevice(deviceId, at, ip) {
      return seen({ deviceId, at, ip });
    },
    recordHeartbeat({ deviceId, at, ip, ...heartbeat }) {
      return seen({ deviceId, at, ip, heartbeat });
    },
    async setDeviceGroup(deviceId, group) {
      return db.prepare('UPDATE devices SET grp = ? WHERE id = ?').run(group, deviceId).changes > 0;
    },
    async listSilentDevices(schoolId, seenBefore) {
      return (
        db
          .prepare('SELECT * FROM devices WHERE school_id = ? AND revoked_at IS NULL AND last_seen_at IS NOT NULL AND last_seen_at < ? ORDER BY last_seen_at')
          .all(schoolId, seenBefore) as Row[]
      ).map((r) => publicDevice(toDevice(r)));
    },
  };
}
