import path from 'node:path';
import type { CollectorConfig } from '../config';
import { openPgStore } from './pg';
import { openSqliteStore } from './sqlite';
import type { Store } from './types';

/** SQLite under DATA_DIR by default; PostgreSQL when DATABASE_URL is set. Migrated before use. */
export async function openStore(config: Pick<CollectorConfig, 'DATABASE_URL' | 'dataDir'>): Promise<Store> {
  const store = config.DATABASE_URL ? openPgStore(config.DATABASE_URL) : openSqliteStore(path.join(config.dataDir, 'collector.sqlite'));
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw new Error(`could not open the ${store.kind} store: ${err instanceof Error ? err.message : String(err)}`);
  }
  return store;
}
