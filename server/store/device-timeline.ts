import type Database from 'better-sqlite3';
import type { PgDb } from './pg/db';
import type { Row } from './rows';
import type { Store } from './types';

/**
 * A device's timeline for staff: what happened to the device itself (board mode switched,
 * tampering, pages board mode closed), newest first. Pupils' typed words (keyword alerts,
 * concerns) are not here: they are read through the audited alert views only.
 */
export const TIMELINE_TYPES = ['board_change', 'tamper', 'blocked'] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

export interface TimelineEntry {
  id: string;
  type: TimelineType;
  at: string;
  receivedAt: string;
  user: string | null;
  /** The event as the device sent it (board_change: on, reason, by). */
  detail: Record<string, unknown>;
}

export interface TimelineQuery {
  schoolId: string;
  deviceId: string;
  types?: readonly TimelineType[];
  limit?: number;
}

export type DeviceTimeline = (q: TimelineQuery) => Promise<TimelineEntry[]>;

const toEntry = (r: Row): TimelineEntry => {
  const { id: _id, type: _type, at: _at, user: _user, ...detail } = JSON.parse(r.payload as string) as Record<string, unknown>;
  return {
    id: r.client_id as string,
    type: r.type as TimelineType,
    at: r.at as string,
    receivedAt: r.received_at as string,
    user: (r.user as string | null) ?? null,
    detail,
  };
};

/** The timeline query for the store in use (SQLite or PostgreSQL: same table, same columns). */
export function deviceTimelineFor(store: Store): DeviceTimeline {
  const db = (store as Store & { db: unknown }).db;
  if (store.kind === 'sqlite') {
    const sqlite = db as Database.Database;
    return async (q) => {
      const types = q.types?.length ? q.types : TIMELINE_TYPES;
      const rows = sqlite
        .prepare(
          `SELECT client_id, type, at, received_at, user, payload FROM events
           WHERE school_id = ? AND device_id = ? AND type IN (${types.map(() => '?').join(', ')})
           ORDER BY at DESC, pk DESC LIMIT ?`,
        )
        .all(q.schoolId, q.deviceId, ...types, q.limit ?? 100) as Row[];
      return rows.map(toEntry);
    };
  }
  const pg = db as PgDb;
  return async (q) => {
    const types = q.types?.length ? q.types : TIMELINE_TYPES;
    const rows = await pg.query(
      `SELECT client_id, type, at, received_at, "user", payload FROM events
       WHERE school_id = $1 AND device_id = $2 AND type = ANY($3::text[])
       ORDER BY at DESC, pk DESC LIMIT $4`,
      [q.schoolId, q.deviceId, [...types], q.limit ?? 100],
    );
    return rows.map(toEntry);
  };
}
