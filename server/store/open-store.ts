import path from 'node:path';
import type { CollectorConfig } from '../config';
import { SqliteStore } from './sqlite-store';
import type { Store } from './types';

/** SQLite under DATA_DIR by default; PostgreSQL when DATABASE_URL is set. */
export async function openStore(config: Pick<CollectorConfig, 'DATABASE_URL' | 'dataDir'>): Promise<Store> {
  let store: Store;
  if (config.DATABASE_URL) {
    // The PostgreSQL store arrives with the collector work (issue 7); until then say so clearly.
    throw new Error('DATABASE_URL is set but this build has no PostgreSQL store yet; unset DATABASE_URL to use the embedded SQLite store');
  } else {
    store = new SqliteStore(path.join(config.dataDir, 'collector.sqlite'));
  }
  await store.migrate();
  return store;
}
