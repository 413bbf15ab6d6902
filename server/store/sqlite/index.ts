import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from '../migrations/sqlite';
import type { Store } from '../types';
import { sqliteDashboard } from './dashboard';
import { CommitQueue } from './commit-queue';
import { sqliteDevices } from './devices';
import { sqliteEvents } from './events';
import { migrateSqlite } from './migrate';
import { sqlitePolicies } from './policies';
import { sqliteRetention } from './retention';
import { sqliteStaff } from './staff';

export type SqliteStore = Store & { readonly kind: 'sqlite'; readonly db: Database.Database };

/**
 * The embedded default store: one SQLite file under DATA_DIR in WAL mode, synchronous=FULL so
 * a committed batch survives power loss (what our ack promises).
 *
 * Composed from one module per area (sqlite/<area>.ts, each `(db) => methods`). To add an
 * area, write its module and spread it in below; the object must satisfy `Store`.
 * Statements are prepared after migrate(), when the tables exist.
 */
export function openSqliteStore(file: string): SqliteStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrateSqlite(db, SQLITE_MIGRATIONS);
  const queue = new CommitQueue(db);
  return {
    kind: 'sqlite',
    db,
    async migrate() {
      migrateSqlite(db, SQLITE_MIGRATIONS);
    },
    async close() {
      // Commit whatever is queued (its callers are waiting for it), then close.
      await new Promise((r) => setImmediate(r));
      queue.flush();
      db.close();
    },
    ...sqliteDevices(db, queue),
    ...sqliteEvents(db, queue),
    ...sqliteStaff(db),
    ...sqlitePolicies(db),
    ...sqliteRetention(db),
    ...sqliteDashboard(db),
  };
}
