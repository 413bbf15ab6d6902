import type { Migration } from '../migrations/migration';
import { nowIso } from '../rows';
import type { PgDb } from './db';

/**
 * Apply every migration not yet recorded, ascending, each in its own transaction. A
 * transaction-scoped advisory lock makes several collector instances starting together on one
 * database take turns instead of racing.
 */
export async function migratePg(db: PgDb, migrations: readonly Migration[]): Promise<number[]> {
  const ran: number[] = [];
  await db.tx(async (q) => {
    await q('SELECT pg_advisory_xact_lock(hashtext(current_schema() || \'.esafety_migrations\'))');
    await q('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const applied = new Set((await q('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      // One transaction for the whole run: PostgreSQL DDL is transactional, so a failing
      // migration leaves the schema exactly as it was.
      await q(m.sql);
      await q('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, nowIso()]);
      ran.push(m.version);
    }
  });
  return ran;
}
