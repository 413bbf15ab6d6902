import pg from 'pg';
import { PG_MIGRATIONS } from '../migrations/pg';
import type { Store } from '../types';
import { pgDashboard } from './dashboard';
import { pgDb, type PgDb } from './db';
import { pgDevices } from './devices';
import { pgEvents } from './events';
import { migratePg } from './migrate';
import { pgPolicies } from './policies';
import { pgRetention } from './retention';
import { pgStaff } from './staff';

export type PgStore = Store & { readonly kind: 'postgres'; readonly db: PgDb; readonly connectionString: string };

/**
 * The PostgreSQL store (DATABASE_URL): for a trust running several collector instances behind
 * a load balancer on one database. Same contract as the SQLite store.
 *
 * Composed from one module per area (pg/<area>.ts, each `(db) => methods`). To add an area,
 * write its module and spread it in below; the object must satisfy `Store`.
 */
export function openPgStore(connectionString: string, opts: { max?: number } = {}): PgStore {
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = pgDb(pool);
  return {
    kind: 'postgres',
    db,
    connectionString,
    async migrate() {
      await migratePg(db, PG_MIGRATIONS);
    },
    async close() {
      await pool.end();
    },
    ...pgDevices(db),
    ...pgEvents(db),
    ...pgStaff(db),
    ...pgPolicies(db),
    ...pgRetention(db),
    ...pgDashboard(db),
  };
}
